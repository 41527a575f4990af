"""Chinese typography helpers: which characters count as Chinese, line joining, counting."""

from __future__ import annotations

import math
import re

# Ideographs, kana, CJK punctuation, full-width forms.
_CJK_CORE = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
# Punctuation shared with Western text that Chinese uses full width: “ ” ‘ ’ … — ·
_CJK_SHARED = "\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"

# The inside of a character class, the same in Python and JavaScript (the search page gets it).
CJK_CHINESE_RANGES = _CJK_CORE + _CJK_SHARED
CJK_CORE_RE = re.compile(f"[{_CJK_CORE}]")
CJK_CHINESE_RE = re.compile(f"[{CJK_CHINESE_RANGES}]")
_IDEOGRAPHS_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # runs: far fewer strings made
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
SENTENCE_ENDS = "。！？；!?"


def cjk_pattern(chinese: bool) -> re.Pattern:
    """In a Chinese site the shared quotes and dashes are Chinese punctuation too."""
    return CJK_CHINESE_RE if chinese else CJK_CORE_RE


def reading_minutes(text: str, per_minute: int = 400) -> int:
    """Chinese is read by characters (about 400 a minute); count a Latin word as one unit."""
    units = sum(map(len, _IDEOGRAPHS_RE.findall(text))) + len(_WORD_RE.findall(text))
    return max(1, math.ceil(units / per_minute))


def cut_summary(text: str, target: int = 120) -> str:
    """Cut at the sentence end nearest `target` characters; never mid-sentence when avoidable."""
    text = " ".join(text.split())
    if len(text) <= target + 30:
        return text
    ends = [i + 1 for i, ch in enumerate(text) if ch in SENTENCE_ENDS and target // 3 <= i + 1 <= target + 40]
    if ends:
        return text[: min(ends, key=lambda end: abs(end - target))]
    return text[:target].rstrip("，、；：,;: ") + "……"
