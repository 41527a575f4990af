"""`build --compress`: gzip and brotli copies beside text files, for servers that send them as is.

The bytes depend only on the input (gzip without a timestamp), so builds stay reproducible.
"""

from __future__ import annotations

import gzip

import brotli

TEXT_SUFFIXES = (
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".xml",
    ".svg",
    ".txt",
    ".ics",
    ".webmanifest",
    ".map",
    ".csv",
)
MIN_SIZE = 256  # smaller files fit in one packet anyway
ENCODINGS = {
    ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
    ".br": lambda data: brotli.compress(data, quality=11),
}


def compressible(path: str) -> bool:
    return path.endswith(TEXT_SUFFIXES)


def compressed(data: bytes) -> dict[str, bytes]:
    """suffix -> compressed bytes, for the encodings that make the file smaller."""
    if len(data) < MIN_SIZE:
        return {}
    found = {suffix: encode(data) for suffix, encode in ENCODINGS.items()}
    return {suffix: packed for suffix, packed in found.items() if len(packed) < len(data)}
