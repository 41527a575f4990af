"""Raw HTML in Markdown under the site's policy ([html] in site.toml), and what sanitising keeps."""
from __future__ import annotations

import pytest

from conftest import build, errors_of, settings_of
from sitegen.markup.markdown import LinkContext, MarkdownRenderer
from sitegen.markup.raw_html import is_unsafe_url, sanitize
from sitegen.settings import HtmlPolicy

SOURCE, FOLDER = "content/articles/x.md", "content/articles"

HOSTILE = """\
第一段 <span onclick="steal()">点我</span> 和 <a href="javascript:alert(1)">链接</a> &copy;

<script>alert(document.cookie)</script>

<div class="note" onmouseover="x()">提示 <b>加粗</b></div>

<iframe src="https://v.example.gov.cn/play/1" width="640" height="360"></iframe>

<iframe src="https://evil.example.com/x"></iframe>

<img src="x.png" alt="坏图" onerror="alert(2)">

<a href="JaVa&#x09;Script:alert(3)">编码的链接</a>

<svg><script>alert(4)</script></svg>

<form action="https://evil.example.com/"><input name="p"></form>

[Markdown 链接](javascript:alert(5))

## 标题 {: onclick="alert(6)" style="color:red" }

<details><summary>更多</summary>内容</details>
"""


def render(body: str, policy: HtmlPolicy = HtmlPolicy()):
    renderer = MarkdownRenderer(LinkContext(__import__("pathlib").Path("."), "/", {}, {}), True, policy)
    return renderer.render(body, SOURCE, FOLDER, 5, None)


def test_sanitize_removes_scripts_handlers_script_urls_and_unknown_iframes():
    body = render(HOSTILE, HtmlPolicy(iframe_hosts=("v.example.gov.cn",)))
    html = body.html.lower()
    for bad in ("<script", "onclick", "onmouseover", "onerror", "javascript:", "evil.example", "<form",
                "<input", "style=", "<svg"):
        assert bad not in html, bad
    assert '<iframe src="https://v.example.gov.cn/play/1" width="640" height="360"></iframe>' in body.html
    assert '<div class="note">提示 <b>加粗</b></div>' in body.html
    assert "<details><summary>更多</summary>内容</details>" in body.html
    assert '<span>点我</span>' in body.html and "<a>链接</a>" in body.html and "&copy;" in body.html
    assert '<h2 id="biao-ti">标题</h2>' in body.html
    lines = {line for line, _ in body.warnings}
    assert {5, 7, 9, 13, 15, 17, 19, 21, 23, 25} <= lines
    messages = " ".join(message for _, message in body.warnings)
    assert "<script>" in messages and 'onclick="steal()" on <span>' in messages and "<iframe>" in messages


def test_iframes_are_removed_without_allowed_hosts():
    body = render('<iframe src="https://v.example.gov.cn/play/1"></iframe>\n')
    assert "iframe" not in body.html
    assert body.warnings and "<iframe>" in body.warnings[0][1]


def test_escape_shows_raw_html_as_text():
    body = render(HOSTILE, HtmlPolicy("escape"))
    assert "<script" not in body.html and "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in body.html
    assert "&lt;span onclick" in body.html and "&copy;" in body.html
    assert "javascript:" not in body.html.split("&lt;", 1)[0]  # the Markdown link lost its href
    assert 'style="color:red"' not in body.html


def test_allow_keeps_raw_html_as_written():
    body = render(HOSTILE, HtmlPolicy("allow"))
    assert "<script>alert(document.cookie)</script>" in body.html and 'onclick="steal()"' in body.html
    assert body.warnings == ()


def test_sanitize_keeps_what_the_renderer_itself_makes():
    markdown = ("| 左 | 右 |\n|:--|--:|\n| 1 | 2 |\n\n## 小节\n\n脚注[^1]\n\n[^1]: 说明\n\n"
                "```html\n<script>示例代码</script>\n```\n\n[站内](/about/) [外部](https://example.org/)\n")
    body = render(markdown)
    assert '<th align="left">左</th>' in body.html and "style=" not in body.html
    assert '<h2 id="xiao-jie">小节</h2>' in body.html
    assert 'class="footnote-ref"' in body.html and 'class="footnote"' in body.html
    assert "&lt;script&gt;示例代码&lt;/script&gt;" in body.html
    assert '<a href="/about/">站内</a>' in body.html and '<a href="https://example.org/">外部</a>' in body.html
    assert body.warnings == ()


@pytest.mark.parametrize("fragment, kept", [
    ('<picture><source type="image/webp" srcset="a.webp 1x"><img src="a.jpg" alt="图" width="10" height="5" '
     'loading="lazy" decoding="async" fetchpriority="high"></picture>', None),
    ('<table><tr><td align="right" colspan="2">x</td></tr></table>', '<td align="right" colspan="2">x</td>'),
    ('<figure class="photo"><img src="a.jpg" alt="图"><figcaption>说明</figcaption></figure>', None),
    ('<a href="/about/" title="关于">关于</a>', None),
    ('<a href="mailto:jdb@example.gov.cn">信箱</a>', None),
])
def test_sanitize_keeps_legitimate_markup(fragment, kept):
    cleaned, removed = sanitize(fragment)
    assert removed == []
    assert (kept or fragment) in cleaned


@pytest.mark.parametrize("fragment", ["<span onclick=\"x()\">", "<a href=\"javascript:x\">", "<b>"])
def test_a_lone_inline_start_tag_stays_open(fragment):
    cleaned, _ = sanitize(fragment)
    assert cleaned.startswith("<") and not cleaned.endswith("/>") and "</" not in cleaned


@pytest.mark.parametrize("url, unsafe", [
    ("javascript:alert(1)", True), (" JAVASCRIPT:alert(1)", True), ("java\tscript:x", True),
    ("&#106;avascript:x", True), ("vbscript:x", True), ("data:text/html,x", True),
    ("https://example.org/", False), ("/about/", False), ("a/javascript:x", False), ("#top", False),
])
def test_unsafe_urls(url, unsafe):
    assert is_unsafe_url(url) is unsafe


def test_build_warns_with_path_and_line_and_strict_fails(site_factory):
    site = site_factory({"content/articles/x.md": "---\ntitle: 标题\ndate: 2024-01-01\n---\n正文\n\n"
                                                  "<script>alert(1)</script>\n"})
    result = build(site)
    assert [str(w) for w in result.warnings if "unsafe HTML" in w.message][0].startswith(
        "content/articles/x.md:7: warning: unsafe HTML removed: <script>")
    assert "alert(1)" not in (site / "public/articles/x/index.html").read_text(encoding="utf-8")
    errors = errors_of(site, strict=True)
    assert errors and errors[0].startswith("content/articles/x.md:7: error: unsafe HTML removed")


def test_html_settings_are_checked(tmp_path):
    from conftest import BASIC_TOML, write_site

    site = write_site(tmp_path / "a", {}, BASIC_TOML + '[html]\nraw = "sanitise"\niframe_hosts = ["https://v.cn/"]\nx = 1\n')
    settings, problems = settings_of(site)
    assert settings is None
    text = [str(p) for p in problems]
    assert any("html.raw must be one of sanitize, allow, escape" in t for t in text)
    assert any("iframe_hosts takes host names" in t for t in text)
    assert any("unknown key 'html.x'" in t for t in text)
    assert all(t.startswith("site.toml:1") for t in text)  # lines 10-13 of the toml
    site = write_site(tmp_path / "b", {}, BASIC_TOML + '[html]\nraw = "escape"\niframe_hosts = ["v.example.gov.cn"]\n')
    settings, problems = settings_of(site)
    assert settings.html == HtmlPolicy("escape", ("v.example.gov.cn",)) and problems == []
    settings, _ = settings_of(write_site(tmp_path / "c", {}))
    assert settings.html == HtmlPolicy("sanitize", ())


def test_changing_the_policy_rerenders_cached_bodies(site_factory):
    from conftest import BASIC_TOML
    from conftest import new_state

    files = {"content/articles/x.md": "---\ntitle: 标题\ndate: 2024-01-01\n---\n<b onclick=\"x\">粗</b>\n"}
    site = site_factory(files)
    cache = new_state(site)
    build(site, state=cache)
    assert "onclick" not in (site / "public/articles/x/index.html").read_text(encoding="utf-8")
    (site / "site.toml").write_text(BASIC_TOML + '[html]\nraw = "allow"\n', encoding="utf-8")
    build(site, state=cache)
    assert 'onclick="x"' in (site / "public/articles/x/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("fragment", [
    '<iframe src="https://evil.example/"><script>alert(1)</script>',
    '<iframe src="https://evil.example/"><iframe src="https://evil.example/">',
    '<iframe src="https://v.example.gov.cn/1"><img src=x onerror=alert(1)></iframe>',
])
def test_iframe_content_never_comes_alive(fragment):
    # found by tests/test_fuzz.py: nh3 passes an iframe's raw-text content on verbatim
    cleaned, _ = sanitize(fragment, ("v.example.gov.cn",))
    assert "<script" not in cleaned and "evil" not in cleaned and "onerror" not in cleaned


def test_deeply_nested_html_is_removed_quickly():
    import time

    started = time.perf_counter()
    cleaned, removed = sanitize("<div>" * 50_000 + "x" + "</div>" * 50_000)
    assert cleaned == "" and removed == ["HTML nested more than 200 levels deep (the whole block)"]
    assert time.perf_counter() - started < 2  # nh3 would take about a minute
    assert sanitize("<div>" * 150 + "x" + "</div>" * 150 + "<br>" * 1000)[1] == []
