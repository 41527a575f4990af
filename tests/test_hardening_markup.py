"""Issue 16, markup cases: attribute lists through the raw HTML allow-list, allow-list URLs
parsed as browsers parse them, and text derived from Markdown free of placeholders and
control characters in every output."""
from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import build, errors_of
from sitegen.markup.markdown import LinkContext, MarkdownRenderer
from sitegen.markup.raw_html import embed_url, is_unsafe_url, sanitize
from sitegen.settings import HtmlPolicy

SOURCE, FOLDER = "content/articles/x.md", "content/articles"
HOSTS = ("v.example.gov.cn",)


def render(body: str, policy: HtmlPolicy = HtmlPolicy(iframe_hosts=HOSTS)):
    renderer = MarkdownRenderer(LinkContext(Path("."), "/", {}, {}), True, policy)
    return renderer.render(body, SOURCE, FOLDER, 5, None)


# --- attribute lists ------------------------------------------------------------------

def test_fenced_code_attribute_list_cannot_add_handlers_focus_or_style():
    body = render('前言\n\n```{ .python tabindex=0 autofocus onfocus="alert(document.domain)" style="x" }\n'
                  'print(1)\n```\n')
    assert '<pre><code class="language-python">print(1)\n</code></pre>' in body.html
    for bad in ("onfocus", "autofocus", "tabindex", "style", "alert"):
        assert bad not in body.html
    assert {line for line, _ in body.warnings} == {7}  # the line of the opening fence
    assert len(body.warnings) == 4 and all("on <code> removed" in message for _, message in body.warnings)


def test_fenced_code_keeps_allowed_attributes():
    body = render('```{ .js #sample title="示例" lang=en }\nx\n```\n')
    assert '<pre id="sample"><code class="language-js" title="示例" lang="en">x\n</code></pre>' in body.html
    assert body.warnings == ()


@pytest.mark.parametrize("markdown, kept, removed", [
    ('## 标题 {: #top .big onclick="x()" style="color:red" tabindex=0 autofocus }', '<h2 class="big" id="top">',
     ("onclick", "style", "tabindex", "autofocus")),
    ('段落\n{: data-track=1 contenteditable draggable=true title="好" }', '<p title="好">',
     ("data-track", "contenteditable", "draggable")),
    ('[链接](https://a.example){: target=_blank href="javascript:alert(1)" }',
     '<a href="https://a.example" target="_blank">', ("javascript",)),
    ('![图](a.png){: onerror="x()" srcset="javascript:x 1x" width=20 }', 'width="20"', ("onerror", "javascript")),
])
def test_attribute_lists_go_through_the_allow_list(markdown, kept, removed):
    body = render(markdown)
    assert kept in body.html
    for bad in removed:
        assert bad not in body.html
    assert body.warnings and {line for line, _ in body.warnings} == {4 + markdown.count("\n") + 1}


def test_attribute_list_on_code_is_a_strict_error_of_the_build(site_factory):
    site = site_factory({SOURCE: '---\ntitle: 标题\ndate: 2024-01-01\n---\n正文\n\n'
                                 '```{ tabindex=0 autofocus onfocus="alert(document.domain)" }\nx\n```\n'})
    build(site)
    page = (site / "public/articles/x/index.html").read_text(encoding="utf-8")
    assert "onfocus" not in page and "autofocus" not in page
    errors = errors_of(site, strict=True)
    assert any(e.startswith(f"{SOURCE}:7: error: onfocus=") for e in errors), errors


# --- URLs as browsers parse them ------------------------------------------------------

@pytest.mark.parametrize("src", [
    "https://evil.example\\@v.example.gov.cn/",
    "https://evil.example\\\\@v.example.gov.cn/",
    "https:\\\\evil.example/v.example.gov.cn",
    "https://evil.example%5C@v.example.gov.cn/",  # kept only as userinfo: credentials are refused
    "https://user:pw@v.example.gov.cn/",
    "https://v.example.gov.cn.evil.example/",
    "http://v.example.gov.cn/",
    "//v.example.gov.cn/x",
    "https://evil.example#@v.example.gov.cn/",
    "https://evil.example?@v.example.gov.cn/",
    "https://ev\til.example/",
    "javascript:alert(1)//https://v.example.gov.cn/",
])
def test_iframe_allow_list_refuses_what_a_browser_loads_from_elsewhere(src):
    assert embed_url(src, HOSTS) is None
    cleaned, removed = sanitize(f'<iframe src="{src}"></iframe>', HOSTS)
    assert cleaned == "" and removed == ["<iframe>"]


@pytest.mark.parametrize("src, loaded", [
    ("https://v.example.gov.cn/play/1", "https://v.example.gov.cn/play/1"),
    ("HTTPS://V.Example.GOV.cn/play/1", "https://v.example.gov.cn/play/1"),
    ("https://v.example.gov.cn\\play\\1", "https://v.example.gov.cn/play/1"),
    (" https://v.example.gov.cn/p\tlay", "https://v.example.gov.cn/play"),
])
def test_an_allowed_iframe_carries_the_url_as_browsers_read_it(src, loaded):
    assert embed_url(src, HOSTS) == loaded
    cleaned, _ = sanitize(f'<iframe src="{src}"></iframe>', HOSTS)
    assert cleaned == f'<iframe src="{loaded}"></iframe>'


def test_the_issue_backslash_iframe_in_a_page():
    body = render('<iframe src="https://evil.example\\@v.example.gov.cn/"></iframe>\n')
    assert "evil" not in body.html and "iframe" not in body.html
    assert body.warnings


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "java\nscript:x", "java\tscript:x",
                                 "\x01javascript:x", "jav&#x0A;ascript:x", "data:text/html,x", "vbscript:x"])
def test_script_urls_are_unsafe_however_spelled(url):
    assert is_unsafe_url(url)


@pytest.mark.parametrize("url", ["/path/javascript:x", "https://a.example/", "mailto:a@b.cn", "x.html#javascript:"])
def test_ordinary_urls_are_safe(url):
    assert not is_unsafe_url(url)


# --- derived text: summaries, headings, feeds, calendars ------------------------------

PLACEHOLDER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|wzxhzdk")
ENTITY_PARAGRAPH = "版权 &copy; 2024<br>禁毒 <sup>1</sup>&nbsp;宣传 &#1; &amp; `<b>` <span>点</span> &#x7f;&#0;"


def test_summary_from_inline_html_and_entities_is_plain_text():
    body = render(ENTITY_PARAGRAPH + "\n\n## 标题 &copy; <sup>2</sup> &#1;\n")
    assert body.summary == "版权 © 2024 禁毒 1 宣传 & <b> 点 \ufffd"  # &#0; reads as U+FFFD, as in browsers
    assert body.headings[0].text == "标题 © 2"
    assert not PLACEHOLDER.search(body.summary)


def test_summary_from_a_leading_html_block_is_its_text():
    body = render('<div class="note">通知 &copy; <b>全文</b></div>\n\n第二段\n')
    assert body.summary == "通知 © 全文"


def test_no_placeholder_or_control_character_reaches_any_output(site_factory):
    site = site_factory({
        SOURCE: f"---\ntitle: 标题\ndate: 2024-01-01\n---\n{ENTITY_PARAGRAPH}\n",
        "content/events/e.md": f"---\ntitle: 活动\nstart: 2024-06-26T09:00\n---\n{ENTITY_PARAGRAPH}\n",
    })
    build(site)
    out = site / "public"
    ElementTree.parse(out / "feed.xml")  # valid XML
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml", ".ics", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert not PLACEHOLDER.search(text), path
    article = (out / "articles/x/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="版权 © 2024 禁毒 1 宣传 &amp; &lt;b&gt; 点 \ufffd">' in article
    assert "版权 © 2024" in (out / "articles/index.html").read_text(encoding="utf-8")
    assert "版权 © 2024" in (out / "events/e/event.ics").read_text(encoding="utf-8")
