"""Share cards: a 1200x630 Open Graph / WeChat image per page, drawn with Pillow.

Cached under .cache/cards/ by everything that is drawn, so an unchanged page costs nothing.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from sitegen.build.staging import SealedFolder, seal
from sitegen.content.model import Output
from sitegen.media.recipe import recipe_digest

SIZE = (1200, 630)
FONT = Path(__file__).parent / "fonts" / "NotoSansSC-Bold-GB2312.otf"
SYSTEM_FALLBACKS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
GREEN = (11, 92, 59)
WHITE, LABEL, YELLOW = (255, 255, 255), (255, 220, 120), (255, 196, 0)
BAR = (0, 0, 14, SIZE[1])  # the yellow bar down the left edge
# Kinsoku: these may not start a line, these may not end one.
NO_LINE_START = set("，。、；：！？）》」』】”’…—·,.;:!?)]}%")
NO_LINE_END = set("（《「『【“‘([{")


@dataclass(frozen=True)
class CardSpec:
    path: str  # output path, "articles/x/og.png" (og.jpg over a cover photo)
    title: str
    site_name: str
    label: str  # "新闻动态", "活动"...
    cover: str | None  # absolute path of a cover image file
    background: tuple[int, int, int] = GREEN  # the site's accent (settings.palette.rgb)
    figure: str = ""  # the page's first stat, "1,850名 出租车和网约车司机完成毒品检测"
    cover_digest: str = ""  # SHA-256 of the cover's bytes, from the walk of the site (content/files.py)

    @property
    def page(self) -> str:
        """The path of the page the card is for: "articles/x/", "" for the home page."""
        return self.path[: -len(posixpath.basename(self.path))]


def covered_characters() -> frozenset[str]:
    """What the bundled font draws: ASCII, GB2312 symbols and level-1 hanzi (see scripts/subset_font.py)."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | set("“”‘’…—·、。，：；！？（）《》【】「」")
    for high in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8)):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def tokens(text: str) -> list[str]:
    """Chinese breaks between any two characters; a Latin word or number stays whole."""
    out: list[str] = []
    for ch in text:
        if out and ch.isascii() and ch.isalnum() and out[-1][-1:].isascii() and out[-1][-1:].isalnum():
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, measure, width: float, max_lines: int) -> list[str]:
    """Greedy wrap by measured width with kinsoku; the last line ends in … when cut."""
    lines: list[str] = []
    line = ""
    parts = tokens(" ".join(text.split()))
    index = 0
    while index < len(parts):
        part = parts[index]
        if line and measure(line + part) > width and part.strip():
            if part[0] in NO_LINE_START:  # hang the punctuation on this line
                lines.append((line + part).rstrip())
                line = ""
                index += 1
                continue
            elif line[-1] in NO_LINE_END and len(line) > 1:  # carry the opening bracket down
                part_prefix, line = line[-1], line[:-1]
                lines.append(line.rstrip())
                line = part_prefix
                continue
            lines.append(line.rstrip())
            line = ""
        line += part.lstrip() if not line else part
        index += 1
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and measure(last + "…") > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


class Face:
    """The bundled font at one size, with the system CJK font for what it lacks. Widths are
    remembered per character: wrapping measures the growing line again and again."""

    def __init__(self, size: int):
        self.size = size
        fallback = _fallback()
        self.font = ImageFont.truetype(str(FONT), size)
        self.fallback = ImageFont.truetype(fallback, size) if fallback else None
        self.covered = _covered()
        self.widths: dict[str, tuple[ImageFont.FreeTypeFont, float]] = {}

    def glyph(self, ch: str) -> tuple[ImageFont.FreeTypeFont, float]:
        known = self.widths.get(ch)
        if known is None:
            use = self.font if ch in self.covered or self.fallback is None else self.fallback
            known = self.widths[ch] = (use, use.getlength(ch))
        return known

    def measure(self, text: str) -> float:
        return sum(self.glyph(ch)[1] for ch in text)

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str, list[float]]]:
        """The text cut where the font changes, and around every ASCII character (the layout kerns
        Latin pairs, which one character at a time never did): (font, characters, their widths).
        Chinese characters have whole widths, so a run places them where one at a time did."""
        out: list[tuple[ImageFont.FreeTypeFont, str, list[float]]] = []
        for ch in text:
            use, width = self.glyph(ch)
            if out and out[-1][0] is use and not ch.isascii() and not out[-1][1][-1].isascii():
                out[-1] = (use, out[-1][1] + ch, out[-1][2] + [width])
            else:
                out.append((use, ch, [width]))
        return out


def _fallback() -> str | None:
    """The system CJK font drawing what the bundled subset lacks, when one is installed."""
    return next((path for path in SYSTEM_FALLBACKS if os.path.exists(path)), None)


@lru_cache(maxsize=1)
def _covered() -> frozenset[str]:
    return covered_characters()


@lru_cache(maxsize=8)
def _face(size: int) -> Face:
    """Fonts are opened once per process (each card worker) and size."""
    return Face(size)


def _draw_text(draw: ImageDraw.ImageDraw, xy, text: str, size: int, fill) -> None:
    """Draw with the bundled font, falling back to a system CJK font, one call per run of
    characters in the same font. Each run starts where the characters before it end, added
    up one width at a time as when every character was drawn alone (the pixels are the same)."""
    x, y = xy
    for font, run, widths in _face(size).runs(text):
        draw.text((x, y), run, font=font, fill=fill)
        for width in widths:
            x += width


def _measure(size: int):
    return _face(size).measure


def _layout(draw: ImageDraw.ImageDraw, spec: CardSpec, fill_text, fill_label) -> None:
    """The text of a card: site name, title in up to three lines, the first stat, the label."""
    _draw_text(draw, (70, 56), spec.site_name, 36, fill_text)
    size = 68
    lines = wrap(spec.title, _measure(size), SIZE[0] - 140, 3)
    top = 330 - len(lines) * (size + 18) // 2
    for row, line in enumerate(lines):
        _draw_text(draw, (70, top + row * (size + 18)), line, size, fill_text)
    if fill_label is not None:
        _draw_text(draw, (70, SIZE[1] - LABEL_STRIP), spec.label, 32, fill_label)
    if spec.figure:
        _draw_text(
            draw,
            (70, SIZE[1] - 150),
            wrap(spec.figure, _measure(40), SIZE[0] - 140, 1)[0],
            40,
            fill_text,
        )


@lru_cache(maxsize=1)
def _shade() -> Image.Image:
    return Image.linear_gradient("L").resize(SIZE).point(lambda v: 90 + v * 0.55)


def _draw_photo_card(spec: CardSpec, cover_file: str) -> Image.Image:
    """A card over its cover photo, darkened toward the bottom: full colour, for JPEG."""
    with Image.open(cover_file) as cover:
        photo = ImageOps.fit(ImageOps.exif_transpose(cover).convert("RGB"), SIZE, Image.Resampling.LANCZOS)
    card = Image.composite(Image.new("RGB", SIZE, (0, 20, 10)), photo, _shade())
    draw = ImageDraw.Draw(card)
    draw.rectangle(BAR, fill=YELLOW)
    _layout(draw, spec, WHITE, LABEL)
    return card


# A card without a photo has four colours, the accent behind white text, a yellow label and
# bar: its text is drawn as coverage masks and stored as 16 palette entries (4-bit PNG), the
# edges of the letters in 9 steps toward white and 5 toward the label's colour.
TEXT_STEPS, LABEL_STEPS = 9, 5
BAR_INDEX = 1 + TEXT_STEPS + LABEL_STEPS
TEXT_LEVELS = [round(v * TEXT_STEPS / 255) for v in range(256)]
LABEL_LEVELS = [
    TEXT_STEPS + round(v * LABEL_STEPS / 255) if round(v * LABEL_STEPS / 255) else 0 for v in range(256)
]
LABEL_MASK = [255 if level else 0 for level in LABEL_LEVELS]
LABEL_STRIP = 90  # the label's line, at the bottom


@lru_cache(maxsize=8)
def _palette(background: tuple[int, int, int]) -> list[int]:
    def blend(to, steps):
        return [
            round(b + (t - b) * k / steps)
            for k in range(1, steps + 1)
            for b, t in zip(background, to, strict=True)
        ]

    return [*background, *blend(WHITE, TEXT_STEPS), *blend(LABEL, LABEL_STEPS), *YELLOW]


def _draw_plain_card(spec: CardSpec) -> Image.Image:
    text = Image.new("L", SIZE)
    _layout(ImageDraw.Draw(text), spec, 255, None)
    card = text.point(TEXT_LEVELS)
    # The label has a colour of its own: drawn in the strip below everything else, pasted in.
    strip = Image.new("L", (SIZE[0], LABEL_STRIP))
    _draw_text(ImageDraw.Draw(strip), (70, 0), spec.label, 32, 255)
    card.paste(strip.point(LABEL_LEVELS), (0, SIZE[1] - LABEL_STRIP), strip.point(LABEL_MASK))
    ImageDraw.Draw(card).rectangle(BAR, fill=BAR_INDEX)
    card.putpalette(_palette(spec.background))
    return card


def draw_card(spec: CardSpec) -> Image.Image:
    """A palette image for a card on the accent colour, a full-colour one over a cover photo."""
    return _draw_photo_card(spec, spec.cover) if spec.cover else _draw_plain_card(spec)


def card_name(has_cover: bool) -> str:
    """The card's file beside its page: JPEG over a photo, else PNG (both fine for WeChat and og:image)."""
    return "og.jpg" if has_cover else "og.png"


# How the bytes are written: part of every card's key.
JPEG = {"quality": 82, "optimize": True}
PNG = {"bits": 4, "compress_level": 1, "compress_type": 3}  # zlib's run-length strategy (Z_RLE): flat colour


@lru_cache(maxsize=1)
def recipe() -> str:
    """This module's code, the bundled font, which system fallback font is used and Pillow."""
    fallback = _fallback()
    stamp = (fallback, os.stat(fallback).st_size, os.stat(fallback).st_mtime_ns) if fallback else None
    return recipe_digest(__file__, FONT, settings=(stamp, JPEG, PNG, features.check("raqm")))


def card_key(spec: CardSpec) -> str:
    digest = hashlib.sha256(
        f"{recipe()}\0{spec.background}\0{spec.title}\0{spec.site_name}\0{spec.label}".encode()
    )
    if spec.figure:
        digest.update(f"\0{spec.figure}".encode())
    if spec.cover:
        digest.update(f"\0{spec.cover_digest}".encode())
    return digest.hexdigest()[:24]


def encode(card: Image.Image, target) -> None:
    if card.mode == "P":
        card.save(target, "PNG", **PNG)
    else:
        card.save(target, "JPEG", **JPEG)


def _make(job) -> str:
    """Draw one card in the work folder and move it into the cache; returns where it went."""
    spec, key, folder, work = job
    made = Path(work) / f"{key}{Path(spec.path).suffix}"
    encode(draw_card(spec), made)
    return str(seal(made, Path(folder), key))


def cache_folder(site_dir: Path) -> Path:
    return site_dir / ".cache" / "cards"


def forget_changed_cards(known: dict, verified: dict) -> None:
    """Drop from `known` (render_cards) the cards whose cached file is gone or changed since it
    was checked: the next build looks them up, and draws them again. The dev server, between saves."""
    for spec, path in list(known.items()):
        try:
            info = os.stat(path)
        except OSError:
            del known[spec]
            continue
        if verified.get(path.name) != (info.st_size, info.st_mtime_ns):
            del known[spec]


def render_cards(
    specs: list[CardSpec],
    site_dir: Path,
    work: Path,
    workers: int = 1,
    verified: dict | None = None,
    known: dict | None = None,
) -> tuple[list[Output], int, dict]:
    """Return the card outputs, how many had to be drawn (the rest came from the cache) and the
    cached cards now known intact (the next build's `verified`, see build/staging.SealedFolder).
    `work`: this build's private folder (build/staging.py). `known`: spec -> its cached card, kept
    by the dev server between saves: a card it has is not looked up again (brought up to date here)."""
    known = {} if known is None else known
    verified = {} if verified is None else verified
    folder = cache_folder(site_dir)
    folder.mkdir(parents=True, exist_ok=True)
    cached = SealedFolder(folder, verified)
    fresh = list(dict.fromkeys(spec for spec in specs if spec not in known))
    keys = [card_key(spec) for spec in fresh]  # the key covers the cover, so the file type too
    suffixes = {key: posixpath.splitext(spec.path)[1] for spec, key in zip(fresh, keys, strict=True)}
    found = {key: cached.find(key, suffix) for key, suffix in suffixes.items()}
    todo = list(
        {
            key: (spec, key, str(folder), str(work))
            for spec, key in zip(fresh, keys, strict=True)
            if found[key] is None
        }.values()
    )
    if workers > 1 and len(todo) > 8:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            drawn = list(pool.map(_make, todo, chunksize=16))
    else:
        drawn = [_make(job) for job in todo]
    for job, path in zip(todo, drawn, strict=True):
        found[job[1]] = Path(path)
        cached.note(Path(path))
    wanted = set(specs)
    for spec in [spec for spec in known if spec not in wanted]:
        del known[spec]
    known.update((spec, found[key]) for spec, key in zip(fresh, keys, strict=True))
    for spec in wanted.difference(fresh):  # still intact as far as the last check went
        name = known[spec].name
        if name in verified:
            cached.used[name] = verified[name]
    return [Output(spec.path, data=known[spec]) for spec in specs], len(todo), cached.used
