"""ASCII slugs for Chinese names: pinyin, lower case, hyphens."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def slugify(text: str, fallback: str = "item") -> str:
    """'寄递物流禁毒培训' -> 'ji-di-wu-liu-jin-du-pei-xun'; 'Hello World_2' -> 'hello-world-2'."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: [chars])
    ascii_text = unicodedata.normalize("NFKD", " ".join(syllables)).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug or fallback
