"""ASCII slugs for Chinese names: pinyin, lower case, hyphens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def slugify(text: str, fallback: str = "item") -> str:
    """'寄递物流禁毒培训' -> 'ji-di-wu-liu-jin-du-pei-xun'; 'Hello World_2' -> 'hello-world-2'."""
    if text.isascii():
        syllables = [text]
    else:
        from pypinyin import Style, lazy_pinyin  # its dictionaries take a third of a second to load

        syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: [chars])  # type: ignore[arg-type, return-value]  # a list keeps the run whole
    ascii_text = unicodedata.normalize("NFKD", " ".join(syllables)).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug or fallback


def remembered_slugify(text: str, memo: dict, fallback: str = "item") -> str:
    """slugify through a memo that outlives the process (the build cache), so a warm build
    never loads the pinyin dictionaries."""
    key = (text, fallback)
    if key not in memo:
        memo[key] = slugify(text, fallback)
    return memo[key]
