"""Share cards: size, Chinese wrapping rules, the page's metadata, and the cache."""
from __future__ import annotations

import functools
import importlib.util
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from conftest import ROOT, build
from sitegen.media import cards
from sitegen.media.cards import NO_LINE_END, NO_LINE_START, card_key, tokens, wrap

CORPUS_SCRIPT = Path(os.environ.get("SITEGEN_CORPUS_SCRIPT", ROOT.parent / "shared" / "bench" / "make_corpus.py"))


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


def test_every_shared_page_gets_a_card_and_metadata(site_factory, tmp_path):
    site = site_factory({"content/articles/a.md": "---\ntitle: 禁毒知识进社区\ndate: 2024-01-01\n---\n正文。\n"})
    first = build(site, tmp_path / "a")
    card = Image.open(tmp_path / "a/articles/a/og.png")
    assert card.size == (1200, 630) and card.format == "PNG" and card.mode == "P"
    assert len(card.getpalette()) <= 16 * 3  # a 4-bit palette: flat colour and text
    assert (tmp_path / "a/articles/a/og.png").stat().st_size <= 20_000
    assert Image.open(tmp_path / "a/og.png").size == (1200, 630)
    page = (tmp_path / "a/articles/a/index.html").read_text()
    for needle in ('<meta property="og:title" content="禁毒知识进社区">',
                   '<meta property="og:image" content="https://example.org/sub/articles/a/og.png">',
                   '<meta property="og:url" content="https://example.org/sub/articles/a/">',
                   '<meta property="og:description" content="正文。">',
                   '<meta name="twitter:card" content="summary_large_image">'):
        assert needle in page
    assert first.cards_drawn == 2
    second = build(site, tmp_path / "b")
    assert second.cards_drawn == 0
    (site / "content/articles/a.md").write_text("---\ntitle: 新标题\ndate: 2024-01-01\n---\n正文。\n")
    assert build(site, tmp_path / "c").cards_drawn == 1


def test_a_card_over_a_cover_photo_is_a_jpeg(site_factory, tmp_path):
    photo = io.BytesIO()
    Image.linear_gradient("L").convert("RGB").resize((800, 500)).save(photo, "JPEG")
    site = site_factory({"content/articles/p/index.md": "---\ntitle: 图片\ndate: 2024-01-01\ncover: photo.jpg\n"
                                                         "cover_alt: 现场照片\n---\n正文。\n",
                         "content/articles/p/photo.jpg": photo.getvalue()})
    build(site, tmp_path / "out")
    with Image.open(tmp_path / "out/articles/p/og.jpg") as card:
        assert card.format == "JPEG" and card.size == (1200, 630)
    assert not (tmp_path / "out/articles/p/og.png").exists()
    assert 'content="https://example.org/sub/articles/p/og.jpg"' in (tmp_path / "out/articles/p/index.html").read_text()


SHARED = {
    "content/articles/a.md": "---\ntitle: 文章\ndate: 2024-01-01\n---\n正文。\n",
    "content/pages/about.md": "---\ntitle: 关于\n---\n正文。\n",
}


def test_cards_are_drawn_for_the_types_people_share(site_factory, tmp_path):
    site = site_factory(SHARED)
    assert build(site, tmp_path / "a").cards_drawn == 2  # the article and the home page, not the page
    assert not (tmp_path / "a/about/og.png").exists() and (tmp_path / "a/articles/a/og.png").exists()
    about = next((tmp_path / "a").glob("**/about/index.html")).read_text()
    # a page without a card of its own shares the home page's, and stays an article for og:type
    assert '<meta property="og:image" content="https://example.org/sub/og.png">' in about
    assert '<meta property="og:type" content="article">' in about


def test_share_cards_lists_the_types_or_turns_cards_off(site_factory, tmp_path):
    from conftest import BASIC_TOML

    only_pages = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = ["page"]')
    site = site_factory(SHARED, only_pages)
    assert build(site, tmp_path / "a").cards_drawn == 2
    assert next((tmp_path / "a").glob("**/about/og.png")) and not (tmp_path / "a/articles/a/og.png").exists()
    every = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = true')
    assert build(site_factory(SHARED, every, name="every"), tmp_path / "b").cards_drawn == 3
    site = site_factory(SHARED, BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = false'), name="none")
    assert build(site, tmp_path / "c").cards_drawn == 0
    assert "og:image" not in (tmp_path / "c/articles/a/index.html").read_text()


def test_share_cards_names_an_unknown_type(site_factory):
    from conftest import BASIC_TOML, errors_of

    site = site_factory(SHARED, BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = ["evnt"]'))
    assert errors_of(site) == [
        "site.toml:2: error: share_cards: unknown content type 'evnt'; did you mean 'event'? "
        "(types: article, campaign, event, guide, page, quiz, resource)"]


# The title as drawn before runs: one character at a time in Pillow's default layout, every
# width measured again.
@functools.lru_cache(maxsize=4)
def _old_fonts(size):
    fallback = next((path for path in cards.SYSTEM_FALLBACKS if os.path.exists(path)), None)
    return ImageFont.truetype(str(cards.FONT), size), ImageFont.truetype(fallback, size) if fallback else None


def _draw_one_at_a_time(draw, xy, text, size, fill):
    font, fallback = _old_fonts(size)
    covered = cards._covered()
    x, y = xy
    for ch in text:
        use = font if ch in covered or fallback is None else fallback
        draw.text((x, y), ch, font=use, fill=fill)
        x += use.getlength(ch)


def _old_measure(text):
    font, fallback = _old_fonts(68)
    covered = cards._covered()
    return sum((font if ch in covered or fallback is None else fallback).getlength(ch) for ch in text)


@pytest.mark.skipif(not CORPUS_SCRIPT.is_file(), reason=f"corpus generator {CORPUS_SCRIPT} is not here")
@pytest.mark.parametrize("mode, count", [("L", 300), ("RGB", 30)])  # plain cards draw in L, photo cards in RGB
def test_runs_draw_the_same_pixels_as_one_character_at_a_time(mode, count):
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS_SCRIPT)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    fill = 255 if mode == "L" else (255, 255, 255)
    titles = [corpus.article(i)["title"] for i in range(1, count + 1)] + ["6·26国际禁毒日：VR体验“Say No”（2024）"]
    for title in titles:
        lines = cards.wrap(title, cards._measure(68), 1060, 3)
        assert lines == wrap(title, _old_measure, 1060, 3)
        old, new = Image.new(mode, cards.SIZE), Image.new(mode, cards.SIZE)
        for number, line in enumerate(lines):
            _draw_one_at_a_time(ImageDraw.Draw(old), (70, 100 + number * 86), line, 68, fill)
            cards._draw_text(ImageDraw.Draw(new), (70, 100 + number * 86), line, 68, fill)
        assert ImageChops.difference(old, new).getbbox() is None, title


def test_card_keys_follow_the_drawing_code(tmp_path, monkeypatch):
    spec = cards.CardSpec("a/og.png", "标题", "站", "新闻", None)
    source = Path(cards.__file__).read_text(encoding="utf-8")
    changed = tmp_path / "cards.py"
    changed.write_text(source.replace("TEXT_STEPS, LABEL_STEPS = 9, 5", "TEXT_STEPS, LABEL_STEPS = 8, 5"))
    assert changed.read_text() != source
    before = card_key(spec)
    cards.recipe.cache_clear()
    monkeypatch.setattr(cards, "__file__", str(changed))
    try:
        assert card_key(spec) != before
    finally:
        cards.recipe.cache_clear()
    monkeypatch.undo()
    assert card_key(spec) == before
    # the encoding settings are in the key too
    monkeypatch.setattr(cards, "PNG", {**cards.PNG, "compress_level": 9})
    cards.recipe.cache_clear()
    try:
        assert card_key(spec) != before
    finally:
        cards.recipe.cache_clear()


def test_image_cache_keys_follow_the_image_code(tmp_path):
    from sitegen.media import images
    from sitegen.media.recipe import recipe_digest

    assert images.RECIPE == recipe_digest(images.__file__)
    changed = tmp_path / "images.py"
    changed.write_text(Path(images.__file__).read_text(encoding="utf-8").replace('"webp": 78', '"webp": 80'))
    assert recipe_digest(changed) != images.RECIPE
