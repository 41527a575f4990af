"""One way to replace a file: write beside it, then rename over it.

A reader (a web server, the dev server's browser, the next build) sees the old file or the new
one, never half of one; a symbolic link at the path is replaced, never written through.
"""

from __future__ import annotations

import os
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)  # what a killed run left, or a link placed there: never written through
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
