"""Share cards: size, Chinese wrapping rules, the page's metadata, and the cache."""
from __future__ import annotations

from PIL import Image

from conftest import build
from sitegen.media.cards import NO_LINE_END, NO_LINE_START, tokens, wrap


def width_of(text: str) -> float:
    return sum(1 if ch.isascii() else 2 for ch in text)


def test_tokens_keep_latin_words_whole():
    assert tokens("6.26国际禁毒日abc 12") == ["6", ".", "26", "国", "际", "禁", "毒", "日", "abc", " ", "12"]


def test_wrap_respects_width_and_kinsoku():
    lines = wrap("全民禁毒宣传月，禁毒宣传进万家。“健康人生，绿色无毒”", width_of, 16, 5)
    assert "".join(lines) == "全民禁毒宣传月，禁毒宣传进万家。“健康人生，绿色无毒”"
    for line in lines:
        assert line[0] not in NO_LINE_START, lines
        assert line[-1] not in NO_LINE_END, lines
        assert width_of(line) <= 18, lines  # punctuation may hang one character over
    assert lines[0] == "全民禁毒宣传月，"


def test_wrap_cuts_with_an_ellipsis():
    lines = wrap("一二三四五六七八九十" * 3, width_of, 10, 2)
    assert len(lines) == 2 and lines[-1].endswith("…") and width_of(lines[-1]) <= 10


def test_every_page_gets_a_card_and_metadata(site_factory, tmp_path):
    site = site_factory({"content/articles/a.md": "---\ntitle: 禁毒知识进社区\ndate: 2024-01-01\n---\n正文。\n"})
    first = build(site, tmp_path / "a")
    card = Image.open(tmp_path / "a/articles/a/og.jpg")
    assert card.size == (1200, 630) and card.format == "JPEG"
    assert Image.open(tmp_path / "a/og.jpg").size == (1200, 630)
    page = (tmp_path / "a/articles/a/index.html").read_text()
    for needle in ('<meta property="og:title" content="禁毒知识进社区">',
                   '<meta property="og:image" content="https://example.org/sub/articles/a/og.jpg">',
                   '<meta property="og:url" content="https://example.org/sub/articles/a/">',
                   '<meta property="og:description" content="正文。">',
                   '<meta name="twitter:card" content="summary_large_image">'):
        assert needle in page
    assert first.cards_drawn == 2
    second = build(site, tmp_path / "b")
    assert second.cards_drawn == 0
    (site / "content/articles/a.md").write_text("---\ntitle: 新标题\ndate: 2024-01-01\n---\n正文。\n")
    assert build(site, tmp_path / "c").cards_drawn == 1
