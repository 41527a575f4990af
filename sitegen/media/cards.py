"""Share cards: a 1200x630 Open Graph / WeChat image per page, drawn with Pillow.

Cached under .cache/cards/ by everything that is drawn, so an unchanged page costs nothing.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from sitegen.build.staging import find_sealed, seal
from sitegen.content.model import Output
from sitegen.figures.model import number

SIZE = (1200, 630)
FONT = Path(__file__).parent / "fonts" / "NotoSansSC-Bold-GB2312.otf"
SYSTEM_FALLBACKS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
RECIPE = "card-v1"
GREEN = (11, 92, 59)
# Kinsoku: these may not start a line, these may not end one.
NO_LINE_START = set("，。、；：！？）》」』】”’…—·,.;:!?)]}%")
NO_LINE_END = set("（《「『【“‘([{")


@dataclass(frozen=True)
class CardSpec:
    path: str  # output path, "articles/x/og.jpg"
    title: str
    site_name: str
    label: str  # "新闻动态", "活动"...
    cover: str | None  # absolute path of a cover image file
    background: tuple[int, int, int] = GREEN  # the site's accent (settings.palette.rgb)
    figure: str = ""  # the page's first stat, "1,850名 出租车和网约车司机完成毒品检测"
    cover_digest: str = ""  # SHA-256 of the cover's bytes, from the walk of the site (content/files.py)


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


@lru_cache(maxsize=8)
def _fonts(size: int) -> tuple:
    fallback = next((path for path in SYSTEM_FALLBACKS if os.path.exists(path)), None)
    return (
        ImageFont.truetype(str(FONT), size),
        ImageFont.truetype(fallback, size) if fallback else None,
        covered_characters(),
    )


def _draw_text(draw: ImageDraw.ImageDraw, xy, text: str, size: int, fill) -> None:
    """Draw with the bundled font, falling back per character to a system CJK font."""
    font, fallback, covered = _fonts(size)
    x, y = xy
    for ch in text:
        use = font if ch in covered or fallback is None else fallback
        draw.text((x, y), ch, font=use, fill=fill)
        x += use.getlength(ch)


def _measure(size: int):
    font, fallback, covered = _fonts(size)
    return lambda text: sum(
        (font if ch in covered or fallback is None else fallback).getlength(ch) for ch in text
    )


def draw_card(spec: CardSpec) -> Image.Image:
    card = Image.new("RGB", SIZE, spec.background)
    if spec.cover:
        with Image.open(spec.cover) as cover:
            photo = ImageOps.fit(
                ImageOps.exif_transpose(cover).convert("RGB"), SIZE, Image.Resampling.LANCZOS
            )
        shade = Image.linear_gradient("L").resize(SIZE).point(lambda v: 90 + v * 0.55)
        card = Image.composite(Image.new("RGB", SIZE, (0, 20, 10)), photo, shade)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 14, SIZE[1]), fill=(255, 196, 0))
    _draw_text(draw, (70, 56), spec.site_name, 36, (255, 255, 255))
    size = 68
    lines = wrap(spec.title, _measure(size), SIZE[0] - 140, 3)
    top = 330 - len(lines) * (size + 18) // 2
    for row, line in enumerate(lines):
        _draw_text(draw, (70, top + row * (size + 18)), line, size, (255, 255, 255))
    _draw_text(draw, (70, SIZE[1] - 90), spec.label, 32, (255, 220, 120))
    if spec.figure:
        _draw_text(
            draw,
            (70, SIZE[1] - 150),
            wrap(spec.figure, _measure(40), SIZE[0] - 140, 1)[0],
            40,
            (255, 255, 255),
        )
    return card


def card_key(spec: CardSpec) -> str:
    digest = hashlib.sha256(
        f"{RECIPE}\0{spec.background}\0{spec.title}\0{spec.site_name}\0{spec.label}".encode()
    )
    if spec.figure:  # cards without a figure keep their keys
        digest.update(f"\0{spec.figure}".encode())
    if spec.cover:
        digest.update(f"\0{spec.cover_digest}".encode())
    return digest.hexdigest()[:24]


def _make(job) -> str:
    """Draw one card in the work folder and move it into the cache; returns where it went."""
    spec, key, folder, work = job
    made = Path(work) / f"{key}.jpg"
    draw_card(spec).save(made, "JPEG", quality=82, optimize=True, progressive=True)
    return str(seal(made, Path(folder), key))


def render_cards(
    specs: list[CardSpec], site_dir: Path, work: Path, workers: int = 1
) -> tuple[list[Output], int]:
    """Return the card outputs and how many had to be drawn (the rest came from the cache, each
    checked against the digest in its name). `work`: this build's private folder (build/staging.py)."""
    folder = site_dir / ".cache" / "cards"
    folder.mkdir(parents=True, exist_ok=True)
    keys = [card_key(spec) for spec in specs]
    found = {key: find_sealed(folder, key, ".jpg") for key in set(keys)}
    todo = list(
        {
            key: (spec, key, str(folder), str(work))
            for spec, key in zip(specs, keys, strict=True)
            if found[key] is None
        }.values()
    )
    if workers > 1 and len(todo) > 8:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            drawn = list(pool.map(_make, todo, chunksize=16))
    else:
        drawn = [_make(job) for job in todo]
    found.update((job[1], Path(path)) for job, path in zip(todo, drawn, strict=True))
    return [Output(spec.path, data=found[key]) for spec, key in zip(specs, keys, strict=True)], len(todo)


def card_specs(site) -> list[CardSpec]:
    """One card per content page, the home page and each programme page."""
    name = site.settings.title
    by_output = site.images.by_output()

    def cover(item) -> tuple[str | None, str]:
        image = by_output.get(site.body(item).cover)
        return (str(site.site_dir / image.source), site.files[image.source].digest) if image else (None, "")

    colour = site.settings.palette.rgb
    specs = [
        CardSpec(
            "og.jpg",
            site.settings.description or name,
            name,
            site.settings.organization or "首页",
            None,
            colour,
        )
    ]
    for item in site.content.items:
        cover_path, cover_digest = cover(item)
        specs.append(
            CardSpec(
                item.path + "og.jpg",
                item.front.title,
                name,
                item.kind.title,
                cover_path,
                colour,
                _figure(item.front.stats),
                cover_digest,
            )
        )
    for program in site.settings.programs:
        specs.append(CardSpec(f"guides/{program.slug}/og.jpg", program.title, name, "活动指南", None, colour))
    return specs


def _figure(stats) -> str:
    return f"{number(stats[0].value)}{stats[0].unit} {stats[0].label}" if stats else ""
