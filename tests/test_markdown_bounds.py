"""Issue 16, denial of service: Markdown whose brackets, tags or nesting would take
Python-Markdown minutes is refused with path:line, within 2 s of CPU for any 1 MB body."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import ROOT, errors_of
from sitegen.markup import bounds
from sitegen.markup.markdown import LinkContext, MarkdownRenderer
from sitegen.settings import HtmlPolicy

MEGABYTE = 1_000_000
HOSTILE_UNITS = {  # each, repeated to 1 MB, took from 20 s to hours before the bounds
    "brackets": None, "open brackets": "[", "unclosed links": "[a](", "images": "![", "footnotes": "[^",
    "unclosed tags": "<a ", "autolinks": "<http://", "links in one paragraph": "[a](b) ", "emphasis": "*a* ",
    "entities": "&copy; ", "paragraphs": "禁毒宣传。\n\n", "list items": "- x\n", "headings": "## 标题\n\n",
    "quotes": "> x\n", "nested quotes": "> ", "table rows": "| a | b |\n", "lines": "禁毒\n",
}


def renderer() -> MarkdownRenderer:
    return MarkdownRenderer(LinkContext(Path("."), "/", {}, {}), True, HtmlPolicy())


def megabyte(unit: str | None) -> str:
    if unit is None:
        return "[" * (MEGABYTE // 2) + "]" * (MEGABYTE // 2)
    text = unit * (MEGABYTE // len(unit.encode()) + 1)
    return text.encode()[:MEGABYTE].decode(errors="ignore")


@pytest.mark.parametrize("name", sorted(HOSTILE_UNITS))
def test_any_hostile_megabyte_is_refused_within_two_seconds(name):
    body = megabyte(HOSTILE_UNITS[name])
    started = time.process_time()
    rendered = renderer().render(body, "content/articles/x.md", "content/articles", 5, None)
    assert time.process_time() - started < 2.0
    assert rendered.errors and rendered.html == ""


def _largest_accepted(make, rest: str) -> str:
    low, high = 1, 200_000
    while low < high:
        middle = (low + high + 1) // 2
        if bounds.too_costly(make(middle) + "\n\n" + rest) is None:
            low = middle
        else:
            high = middle - 1
    return make(low)


def test_the_worst_accepted_body_renders_within_two_seconds():
    """Each costly construct as large as the bounds let it be, in one long real article."""
    demo = "\n\n".join(path.read_text(encoding="utf-8").split("---", 2)[2]
                       for path in sorted((ROOT / "content/articles").rglob("*.md")))
    body = (demo * (100_000 // len(demo) + 1))[:100_000]
    for unit in ("![", "<a ", "[a](b) ", "*a* ", "&copy; ", "<b>x</b> "):
        body = _largest_accepted(lambda k, unit=unit: unit * k, body) + "\n\n" + body
    assert bounds.too_costly(body) is None
    started = time.process_time()
    rendered = renderer().render(body, "content/articles/x.md", "content/articles", 5, None)
    assert time.process_time() - started < 2.0 and rendered.errors == ()


@pytest.mark.parametrize("attack, message, line", [
    ("[" * 1200, "unclosed or nested '[' brackets", 7),
    ("![" * 800, "unclosed or nested '[' brackets", 7),
    ("[a](" * 1200, "unclosed or nested '[' brackets", 7),
    ("a](" * 1200, "unclosed or nested '[' brackets", 7),  # no `[` at all: the `](` still count
    ("<a " * 2500, "unclosed '<' tags", 7),
    ("*a* " * 9000, "too many links, marks or HTML tags", 7),
    ("".join("    " * level + "- x\n" for level in range(60)), "nested 41 levels deep", 7 + 40),
    ("> " * 50 + "x", "nested 50 levels deep", 7),
    ("- x\n" * 10_001, "more than 10,000 paragraphs", 7 + 10_000),
    ("禁" * 200_001, "more than the 200,000 one page may hold", 7),
])
def test_each_bound_refuses_with_the_line_of_the_text(attack, message, line):
    body = "第一段正文。\n\n" + attack
    rendered = renderer().render(body, "content/articles/x.md", "content/articles", 5, None)
    assert len(rendered.errors) == 1 and message in rendered.errors[0][1]
    assert rendered.errors[0][0] == line


def test_real_articles_are_far_below_every_bound():
    for path in (ROOT / "content").rglob("*.md"):
        assert bounds.too_costly(path.read_text(encoding="utf-8")) is None, path


def test_a_hostile_article_fails_the_build_with_path_and_line(site_factory):
    site = site_factory({"content/articles/x.md": "---\ntitle: 标题\ndate: 2024-01-01\n---\n第一段。\n\n"
                                                  + "[" * 8000 + "]" * 8000 + "\n"})
    started = time.process_time()
    errors = errors_of(site)
    assert time.process_time() - started < 10  # the whole build, not only the refused body
    assert any(e.startswith("content/articles/x.md:7: error: too many unclosed or nested '['") for e in errors), errors


def test_inline_html_tags_are_bounded_but_html_blocks_are_not():
    too_many = "段 " + "<b>x</b> " * 2_001
    assert "HTML tags" in bounds.too_costly(too_many)[1]
    assert bounds.too_costly("<div>" * 10_000 + "x" + "</div>" * 10_000) is None
    started = time.process_time()
    renderer().render("段 " + "<b>x</b> " * 2_000, "content/articles/x.md", "content/articles", 5, None)
    assert time.process_time() - started < 2.0
