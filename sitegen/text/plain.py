"""Plain text made from markup: what summaries, headings, feeds, calendars and meta
descriptions carry. No tags, no entities, no Markdown placeholders, no control characters."""

from __future__ import annotations

import html
import re

# Characters that XML, feeds and calendars cannot carry: almost always pasted by accident.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def visible(text: str) -> str:
    """`text` without the characters XML cannot carry (Markdown's \\x02...\\x03 markers included)."""
    return INVISIBLE.sub("", text)


def html_to_text(markup: str) -> str:
    """The words of an HTML fragment, whitespace collapsed."""
    text = html.unescape(_TAG.sub(" ", _SCRIPTS.sub(" ", markup)))
    return " ".join(visible(text).split())


def not_utf8(raw: bytes, shown: str) -> tuple[int, str] | None:
    """(line, message) when `raw` is not UTF-8 text (a byte-order mark is fine), else None."""
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
            hint = (
                "it looks like GBK/GB18030: save it as UTF-8 in your editor, "
                f"or run: iconv -f GBK -t UTF-8 '{shown}' -o '{shown}.utf8' and rename it"
            )
        except UnicodeDecodeError:
            hint = "save it as UTF-8 in your editor"
        return line, f"the file is not UTF-8 text; {hint}"
    return None
