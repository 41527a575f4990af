"""Cache keys for drawn and encoded media: a digest of what makes the bytes, never a hand-bumped name."""

from __future__ import annotations

import hashlib
from pathlib import Path

import PIL


def recipe_digest(*files: str | Path, settings: object = "") -> str:
    """The code and data files that draw or encode (a module's own source, its fonts), the
    settings it passes to Pillow, and Pillow's version: change any of them and every key changes."""
    h = hashlib.sha256(f"pillow {PIL.__version__}\0{settings!r}".encode())
    for path in files:
        h.update(b"\0" + Path(path).read_bytes())
    return h.hexdigest()[:16]
