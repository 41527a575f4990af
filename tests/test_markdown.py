"""Markdown rendering: Chinese line joining, extensions, heading ids, links, summaries."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.text.cjk import cut_summary, reading_minutes
from sitegen.markup.markdown import Link, LinkContext, MarkdownRenderer

PAGES = {"content/pages/about.md": "about/", "content/articles/x.md": "articles/x/",
         "content/articles/y/index.md": "articles/y/"}
SOURCE, FOLDER, BODY_LINE = "content/articles/x.md", "content/articles", 5


@pytest.fixture
def context(tmp_path):
    return LinkContext(tmp_path, "/sub/", pages=PAGES, files={})


@pytest.fixture
def render(context):
    renderer = MarkdownRenderer(context, chinese=True)

    def run(body, summary=None, folder=FOLDER, renderer=renderer):
        return renderer.render(body, SOURCE, folder, BODY_LINE, summary)
    return run


# --- Chinese line joining -------------------------------------------------------------

@pytest.mark.parametrize("body, html", [
    ("第一行\n第二行", "<p>第一行第二行</p>"),
    ("禁毒宣传，\n人人参与。", "<p>禁毒宣传，人人参与。</p>"),
    ("第一行**粗体**\n第二行", "<p>第一行<strong>粗体</strong>第二行</p>"),
    ("第一行\n**粗体**第二行", "<p>第一行<strong>粗体</strong>第二行</p>"),
    ("**……活动。**\n各乡镇", "<p><strong>……活动。</strong>各乡镇</p>"),
    ("“引号”\n“引号”", "<p>“引号”“引号”</p>"),
    ("- 列表第一行\n  续行\n- 第二项", "<ul>\n<li>列表第一行续行</li>\n<li>第二项</li>\n</ul>"),
    ("English line\nnext line", "<p>English line\nnext line</p>"),
    ("中文\nEnglish", "<p>中文\nEnglish</p>"),
])
def test_line_joining(render, body, html):
    assert render(body).html == html


def test_bold_sentence_followed_by_text_on_one_line(render):
    assert render("**开展“6·26”禁毒宣传活动。**各乡镇积极响应").html == \
        "<p><strong>开展“6·26”禁毒宣传活动。</strong>各乡镇积极响应</p>"


def test_quotes_are_not_chinese_in_a_non_chinese_site(context):
    english = MarkdownRenderer(context, chinese=False)
    assert english.render("“quoted”\n“quoted”", SOURCE, FOLDER, 1, None).html == "<p>“quoted”\n“quoted”</p>"
    assert english.render("中文\n中文", SOURCE, FOLDER, 1, None).html == "<p>中文中文</p>"


def test_code_blocks_keep_their_newlines(render):
    assert render("```\n代码一\n代码二\n```").html == "<pre><code>代码一\n代码二\n</code></pre>"
    assert render("    缩进一\n    缩进二").html == "<pre><code>缩进一\n缩进二\n</code></pre>"


def test_hard_break_stays(render):
    assert render("第一行  \n第二行").html == "<p>第一行<br>\n第二行</p>"


# --- extensions -----------------------------------------------------------------------

def test_table(render):
    html = render("| 阵地 | 次数 |\n|---|---|\n| 学校 | 12 |").html
    assert "<table>" in html
    assert "<th>阵地</th>" in html and "<td>学校</td>" in html and "<td>12</td>" in html


def test_fenced_code_with_language(render):
    html = render("```python\nprint('禁毒')\n```").html
    assert html == '<pre><code class="language-python">print(\'禁毒\')\n</code></pre>'


def test_footnotes(render):
    html = render("正文[^1]\n\n[^1]: 注释内容").html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and "注释内容" in html
    assert 'title="返回正文第 1 处"' in html


def test_attr_list_custom_id(render):
    body = render("## 活动安排 {#custom}")
    assert body.html == '<h2 id="custom">活动安排</h2>'
    assert [(h.level, h.id, h.text) for h in body.headings] == [(2, "custom", "活动安排")]


# --- heading ids ----------------------------------------------------------------------

def test_chinese_heading_ids_are_pinyin_unique_and_stable(render, context):
    body = "## 禁毒宣传\n\n正文\n\n## 禁毒宣传\n\n### 活动：进校园\n"
    first = render(body)
    assert [h.id for h in first.headings] == ["jin-du-xuan-chuan", "jin-du-xuan-chuan_1", "huo-dong-jin-xiao-yuan"]
    assert all(h.id for h in first.headings)
    assert len({h.id for h in first.headings}) == 3
    assert first.ids == {"jin-du-xuan-chuan", "jin-du-xuan-chuan_1", "huo-dong-jin-xiao-yuan"}
    assert render(body).html == first.html  # the same renderer, reused
    assert MarkdownRenderer(context).render(body, SOURCE, FOLDER, 1, None).html == first.html


def test_heading_of_only_punctuation_still_gets_an_id(render):
    assert [h.id for h in render("## ？？").headings] == ["section"]


# --- links ----------------------------------------------------------------------------

def test_site_root_link_gets_the_base_path(render):
    body = render("[关于](/about/)")
    assert body.html == '<p><a href="/sub/about/">关于</a></p>'
    assert body.links == (Link(5, "/about/", "page", "about/"),)


def test_relative_link_to_a_source_file_becomes_its_url(render):
    body = render("[关于我们](../pages/about.md)")
    assert body.html == '<p><a href="/sub/about/">关于我们</a></p>'
    assert body.links == (Link(5, "../pages/about.md", "page", "about/"),)


def test_link_to_a_source_file_keeps_its_fragment(render):
    assert render("[联系](../pages/about.md#lian-xi)").html == '<p><a href="/sub/about/#lian-xi">联系</a></p>'


def test_link_to_a_bundle_index(render):
    assert render("[乙](y/index.md)").html == '<p><a href="/sub/articles/y/">乙</a></p>'


def test_link_to_a_missing_source_is_recorded_with_its_line(render):
    body = render("第一段。\n\n第二段。\n[不存在](../pages/none.md)")
    assert body.html.endswith('<a href="../pages/none.md">不存在</a></p>')
    assert body.links == (Link(BODY_LINE + 3, "../pages/none.md", "missing", "content/pages/none.md"),)


def test_external_and_anchor_links(render):
    body = render("见[官网](https://www.nncc626.com/)。\n\n[回到顶部](#top)")
    assert body.links == (Link(5, "https://www.nncc626.com/", "external", "https://www.nncc626.com/"),
                          Link(7, "#top", "anchor", "top"))
    assert '<a href="https://www.nncc626.com/">官网</a>' in body.html


def test_repeated_missing_link_reports_each_line(render):
    body = render("[缺](none.md)\n\n[缺](none.md)")
    assert [link.line for link in body.links] == [5, 7]


# --- summary and reading time ---------------------------------------------------------

def test_summary_from_front_matter_wins(render):
    assert render("第一段。\n\n第二段。", summary="给定的摘要").summary == "给定的摘要"


def test_summary_is_the_first_paragraph_joined(render):
    assert render("## 标题\n\n第一段\n续行。\n\n第二段。").summary == "第一段续行。"


def test_summary_of_a_long_paragraph_is_cut_at_a_sentence_end(render):
    summary = render("禁毒宣传教育活动在全县各乡镇深入开展。" * 20).summary
    assert summary == "禁毒宣传教育活动在全县各乡镇深入开展。" * 6
    assert len(summary) == 114


def test_cut_summary_short_text_unchanged():
    assert cut_summary("短文本。") == "短文本。"
    assert cut_summary("多余   空白\n换行") == "多余 空白 换行"


def test_cut_summary_long_text_ends_at_a_sentence():
    text = "今年以来，我县围绕“6·26”国际禁毒日组织开展系列宣传活动。" * 10
    summary = cut_summary(text)
    assert summary.endswith("。")
    assert 40 <= len(summary) <= 160
    assert text.startswith(summary)


def test_cut_summary_without_sentence_ends_gets_an_ellipsis():
    summary = cut_summary("甲" * 300)
    assert summary == "甲" * 120 + "……"


@pytest.mark.parametrize("count, minutes", [(0, 1), (399, 1), (400, 1), (401, 2), (1200, 3)])
def test_reading_minutes_of_chinese(count, minutes):
    assert reading_minutes("禁" * count) == minutes


def test_reading_minutes_counts_every_ideograph_of_runs_broken_by_punctuation():
    assert reading_minutes("禁毒，" * 300) == 2  # 600 characters in 300 runs


def test_reading_minutes_counts_latin_words_and_ignores_punctuation():
    assert reading_minutes("word " * 800 + "，。" * 500) == 2


def test_rendered_body_has_reading_minutes(render):
    assert render("禁" * 1200).reading_minutes == 3


@pytest.mark.slow  # whole builds through the command line: `make test`, not `make unit`
def test_worker_processes_render_exactly_what_one_process_does(site_factory, tmp_path):
    from conftest import build
    from conftest import new_state
    from sitegen.markup.markdown import PARALLEL_FROM

    files = {f"content/articles/a{n:03d}.md": (
        f"---\ntitle: 第{n}篇 禁毒宣传\ndate: 2024-06-{n % 28 + 1:02d}\n---\n\n## 活动背景{n % 5}\n\n"
        f"社区**禁毒**宣传\n第{n}次开展。[关于](/about/)\n\n## 活动背景{n % 5}\n\n- 一\n- 二\n") for n in range(PARALLEL_FROM + 5)}
    site = site_factory(files)
    serial_cache, parallel_cache = new_state(site), new_state(site)
    serial = build(site, tmp_path / "one", workers=1, state=serial_cache).files
    parallel = build(site, tmp_path / "two", workers=2, state=parallel_cache).files
    assert serial.keys() == parallel.keys()
    assert all(serial[path] == parallel[path] for path in serial)
    assert 'id="huo-dong-bei-jing-3"' in serial["articles/a003/index.html"].decode()
    # heading slugs learned in the workers come back, so a warm build needs no pinyin
    assert parallel_cache.cache.slugs == serial_cache.cache.slugs
    assert ("活动背景3", "section") in parallel_cache.cache.slugs


@pytest.mark.parametrize("text", [
    "a `code` and \\* escaped \\[not a link\\] [link](/x/) ![图](a.png)",
    "<http://example.org/> 与 <a@example.org>，行尾两个空格  \n换行",
    "<b>raw</b> &amp; &#21017; **强调。**后文 _下划线_ ***三星*** __双下__",
    "脚注[^1]与引用式[链接][ref]，短引用[ref]，图![说明][pic]\n\n[ref]: /a/\n[pic]: b.png\n[^1]: 脚注文字",
    "纯中文段落，没有任何标记。\n第二行接着写。",
    "**[链接 `代码` 里](/x/) 与 *斜体 &amp; <i>内联</i>***，__a \\_ b__ ![图 *x*](a.png)",
    "*一* 与 *二* 与 *三*，`甲` `乙`，[a](/a/) [b](/b/) <b>1</b><b>2</b>",
])
def test_skipping_untriggered_inline_patterns_changes_nothing(text):
    import markdown as python_markdown

    from sitegen.markup.markdown import LinkContext, MarkdownRenderer, _PatternList

    context = LinkContext(Path("."), "/", {}, {}, {})
    quick, plain = MarkdownRenderer(context), MarkdownRenderer(context)
    original = python_markdown.treeprocessors.InlineProcessor(plain._md)
    original.inlinePatterns = _PatternList(plain._md.inlinePatterns)
    plain._md.treeprocessors.register(original, "inline", 20)
    assert type(quick._md.treeprocessors["inline"]).__name__ == "_QuickInlineProcessor"
    assert quick.render(text, "content/x.md", "content", 1, None).html == \
        plain.render(text, "content/x.md", "content", 1, None).html


# Texts where each shortcut of the renderer (a step skipped when its trigger is absent) has
# its trigger: the result must be what the unshortened Python-Markdown steps give.
SHORTCUT_TEXTS = [
    "[TOC]\n\n## 第一节\n\n正文\n\n### 小节 *强调*\n\n## Second\n\n[TOC]",
    "`[TOC]` 与 \\[TOC] 不是目录\n\n## 标题",
    "## 标题 {: #own-id .cls }\n\n段落\n{: .note }\n\n*强调*{: .x } 文字 { onclick=x }",
    "转义 \\*不是强调\\* 和 `代码 \\\\ 反斜杠` [a\\]b](/x/ \"t\\\"\") \\\\ \\<b>",
    "中文硬换行\n接着写，\n**粗体**\n文字 English\nwords\n\n- 列表\n  续行",
    "<b onclick=x>raw</b> 段落\n\n<div>块<script>x</script></div>\n\n没有标题的文档 ![](C:\\a.png)",
    "## 标题<span onclick=x>甲</span>\n\n<img src=C:\\a.png>\n\n[链接](javascript:x)",
    "正文[^1]\n\n[^1]: 注释 \\* 与\n    换行 {: .x }",
]


def _unshortened(context):
    """A renderer whose skipping steps are Python-Markdown's own again (or always run)."""
    import markdown as python_markdown
    from markdown.extensions.toc import TocTreeprocessor

    from sitegen.markup import markdown as ours

    class AlwaysJoin(ours.CjkLineJoiner):
        def run(self, root):
            self._visit_block(root)

    class AlwaysAttrList(ours._AllowListedAttributes):
        run = python_markdown.extensions.attr_list.AttrListTreeprocessor.run

    renderer = ours.MarkdownRenderer(context)
    md, state = renderer._md, lambda: renderer._doc
    toc = next(e for e in md.registeredExtensions if isinstance(e, ours._Toc))
    plain_inline = python_markdown.treeprocessors.InlineProcessor(md)
    plain_inline.inlinePatterns = ours._PatternList(md.inlinePatterns)
    md.treeprocessors.register(plain_inline, "inline", 20)
    md.treeprocessors.register(TocTreeprocessor(md, toc.getConfigs()), "toc", 5)
    md.treeprocessors.register(python_markdown.treeprocessors.UnescapeTreeprocessor(md), "unescape", 0)
    md.treeprocessors.register(AlwaysAttrList(md, state), "attr_list", 8)
    md.treeprocessors.register(AlwaysJoin(md, True), "cjk_join", 16)
    kinds = [type(step) for step in md.treeprocessors]  # (the registry's order is kept, and renewed)
    assert TocTreeprocessor in kinds and AlwaysJoin in kinds and ours._Toc not in kinds
    assert python_markdown.treeprocessors.UnescapeTreeprocessor in kinds
    return renderer


@pytest.mark.parametrize("text", SHORTCUT_TEXTS)
def test_shortcuts_give_what_the_full_steps_give(text, context):
    quick, full = MarkdownRenderer(context), _unshortened(context)
    assert quick.render(text, SOURCE, FOLDER, BODY_LINE, None) == full.render(text, SOURCE, FOLDER, BODY_LINE, None)


def test_table_of_contents_marker_is_replaced_where_written(render):
    html = render("[TOC]\n\n## 第一节\n\n### 小节\n\n`[TOC]`").html
    assert html.startswith('<div class="toc">\n<ul>\n<li><a href="#di-yi-jie">第一节</a>')
    assert "<code>[TOC]</code>" in html


def test_backslash_escapes_and_attribute_lists_still_apply(render):
    html = render("## 标题 {: #own }\n\n\\*不是强调\\* `a\\\\b`").html
    assert '<h2 id="own">标题</h2>' in html and "<p>*不是强调* <code>a\\\\b</code></p>" in html


def test_registries_keep_python_markdowns_order_and_follow_changes():
    from markdown.util import Registry

    from sitegen.markup.markdown import _InOrder

    original = Registry()
    for name, priority in [("b", 10), ("a", 20), ("tie1", 15), ("tie2", 15), ("c", 5)]:
        original.register(name.upper(), name, priority)
    kept = _InOrder(original)
    assert list(kept) == list(original) == ["A", "TIE1", "TIE2", "B", "C"]
    kept.register("D", "d", 12)
    assert list(kept) == ["A", "TIE1", "TIE2", "D", "B", "C"]
    kept.deregister("a")
    assert list(kept) == ["TIE1", "TIE2", "D", "B", "C"]


def test_block_level_answers_follow_the_list_between_documents(render):
    import markdown as python_markdown

    from sitegen.markup.markdown import _Markdown

    ours, theirs = _Markdown(), python_markdown.Markdown()
    for tag in ["p", "DIV", "span", "hr/", "custom", None]:
        assert ours.is_block_level(tag) == theirs.is_block_level(tag)
    ours.block_level_elements.append("custom")
    ours.reset()
    assert ours.is_block_level("custom")


@pytest.mark.parametrize("html", [
    '<h2 id="a">x</h2><p id="b" data-id="c">xid="d" 中id="e" -id="f" xid="g id="h"</p>',
    'id="start" <a href="#x">id=""</a> id="é" _id="no" 1id="no" id="unclosed',
])
def test_element_ids_are_those_a_word_boundary_regex_finds(html):
    import re

    from sitegen.markup.markdown import element_ids

    assert element_ids(html) == frozenset(re.findall(r'\bid="([^"]+)"', html))
