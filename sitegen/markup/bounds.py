"""Markdown that would take Python-Markdown minutes: found in linear time, before rendering.

Python-Markdown's inline and block stages are quadratic in some inputs (an unclosed `[`
scans to the end of its paragraph, once per bracket; an unclosed `<tag` makes the HTML
block parser scan to the next `>`, once per tag; every inline match rebuilds its paragraph).
Each measure below is a count of that work, so the refusal does not depend on the machine;
the limits keep any body within about 2 s of CPU and are far above real articles.
"""

from __future__ import annotations

import bisect
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

MAX_CHARACTERS = 200_000  # a 400-page book; a longer body is split into several pages
MAX_BLOCKS = 10_000  # paragraphs, headings, list items, quotes and table rows
MAX_DEPTH = 40  # quotes and lists inside each other
MAX_BRACKET_SCAN = 600_000  # characters read while matching [ ] and ( ) of links
MAX_TAG_SCAN = 3_000_000  # characters read from unclosed `<tag` to the next `>`
MAX_INLINE_WORK = 300_000_000  # inline markers times the length of their paragraph
MAX_INLINE_TAGS = 4_000  # the editor's inline HTML tags: each is sanitised on its own (~0.15 ms)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BRACKETS = re.compile(r"[\[\]()]")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_INLINE_MARKERS = re.compile(r"[\[\]<>`*_&\\!]")
_HTML_BLOCK = re.compile(r"[ \t]*<(/?)([A-Za-z][A-Za-z0-9-]*|!--)")
_BLOCK_START = re.compile(r"^[ \t]*(?:#|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\|)", re.M)
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+", re.M)
_CONTAINER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")

ADVICE = "; split the text into several pages, or write the characters as \\[ and \\<"


def too_costly(body: str) -> tuple[int, str] | None:
    """(line offset in the body, message) when rendering `body` would take too long, else None."""
    if len(body) > MAX_CHARACTERS:
        return _line(body, MAX_CHARACTERS), (
            f"the text is {len(body):,} characters long, more than the "
            f"{MAX_CHARACTERS:,} one page may hold; split it into several pages"
        )
    for check in (_blocks, _depth, _brackets, _tags, _inline):
        found = check(body)
        if found is not None:
            return found
    return None


def _line(body: str, index: int) -> int:
    return body.count("\n", 0, index)


def _paragraphs(body: str):
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        yield start, body[start : match.start()]
        start = match.end()
    yield start, body[start:]


def _blocks(body: str) -> tuple[int, str] | None:
    count = 0
    for count, match in enumerate(_BLOCK_START.finditer(body), 1):
        if count > MAX_BLOCKS:
            return (
                _line(body, match.start()),
                f"the text has more than {MAX_BLOCKS:,} paragraphs, list items "
                "and headings; split it into several pages",
            )
    paragraphs = count + len(_PARAGRAPH_BREAK.findall(body))
    if paragraphs > MAX_BLOCKS:
        return (
            0,
            f"the text has {paragraphs:,} paragraphs, list items and headings, more than {MAX_BLOCKS:,}; "
            "split it into several pages",
        )
    return None


def _depth(body: str) -> tuple[int, str] | None:
    for match in _CONTAINERS.finditer(body):
        prefix = match.group()
        markers = _CONTAINER.findall(body, match.start(), match.end() + 1)  # + the space after the last
        depth = len(markers) + (len(prefix) - len(prefix.lstrip(" \t"))) // 4
        if depth > MAX_DEPTH:
            return _line(body, match.start()), (
                f"quotes or lists are nested {depth} levels deep here, more than "
                f"{MAX_DEPTH}; simplify the text"
            )
    return None


def _brackets(body: str) -> tuple[int, str] | None:
    """Python-Markdown reads from each `[` to its matching `]` (and from `](` to its `)`),
    or to the end of the paragraph when there is none."""
    scanned = 0
    for start, paragraph in _paragraphs(body):
        if "[" not in paragraph and "](" not in paragraph:
            continue  # nothing is read: no `[`, and no `(` right after a `]`
        squares: list[int] = []
        rounds: list[tuple[int, bool]] = []
        for match in _BRACKETS.finditer(paragraph):
            char, at = match.group(), match.start()
            if char == "[":
                squares.append(at)
            elif char == "]" and squares:
                scanned += at - squares.pop()
            elif char == "(":
                rounds.append((at, at > 0 and paragraph[at - 1] == "]"))
            elif char == ")" and rounds:
                opened, after_link = rounds.pop()
                scanned += at - opened if after_link else 0
        scanned += sum(len(paragraph) - at for at in squares)
        scanned += sum(len(paragraph) - at for at, after_link in rounds if after_link)
        if scanned > MAX_BRACKET_SCAN:
            return _line(
                body, start
            ), "too many unclosed or nested '[' brackets to render in reasonable time" + ADVICE
    return None


def _tags(body: str) -> tuple[int, str] | None:
    """The HTML block parser reads from each `<tag` start to the next `>`."""
    closes = [match.start() for match in re.finditer(">", body)]
    scanned = 0
    for match in _TAG_START.finditer(body):
        after = bisect.bisect_right(closes, match.start())
        scanned += (closes[after] if after < len(closes) else len(body)) - match.start()
        if scanned > MAX_TAG_SCAN:
            return _line(
                body, match.start()
            ), "too many unclosed '<' tags to render in reasonable time" + ADVICE
    return None


def _inline(body: str) -> tuple[int, str] | None:
    """Every inline match rebuilds its paragraph's text, and every inline tag is sanitised on
    its own. A raw HTML block (a paragraph starting with <div>, <table> ...) is neither."""
    work = tags = 0
    for start, paragraph in _paragraphs(body):
        if _is_html_block(paragraph):
            continue
        work += len(_INLINE_MARKERS.findall(paragraph)) * len(paragraph)
        tags += len(_TAG_START.findall(paragraph))
        if work > MAX_INLINE_WORK or tags > MAX_INLINE_TAGS:
            return (
                _line(body, start),
                "a paragraph holds too many links, marks or HTML tags to render in "
                "reasonable time; split it into shorter paragraphs or several pages",
            )
    return None


def _is_html_block(paragraph: str) -> bool:
    match = _HTML_BLOCK.match(paragraph)
    return match is not None and (match.group(2) == "!--" or match.group(2).lower() in BLOCK_LEVEL_ELEMENTS)
