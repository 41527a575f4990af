"""The last line of defence: an unexpected failure becomes one line that names the file the
engine was working on and asks for a report, never a Python traceback (exit 1)."""

from __future__ import annotations

import os
from pathlib import Path

# Local names under which the engine's functions hold the file they work on.
_FILE_NAMES = ("item", "source", "rel", "relative", "template_name", "path")


def file_being_processed(traceback, site_dir: Path) -> str | None:
    """The innermost site file that a frame of `traceback` was working on, relative to the site."""
    site = site_dir.resolve()
    frames = []
    while traceback is not None:
        frames.append(traceback.tb_frame)
        traceback = traceback.tb_next
    for frame in reversed(frames):
        candidates = [frame.f_code.co_filename]  # a Jinja template's frames carry its file name
        candidates += [frame.f_locals.get(name) for name in _FILE_NAMES]
        for value in candidates:
            shown = _site_file(getattr(value, "source", value), site)
            if shown:
                return shown
    return None


def _site_file(value, site: Path) -> str | None:
    if not isinstance(value, (str, os.PathLike)) or not str(value) or "\0" in str(value):
        return None
    path = Path(value)
    full = path if path.is_absolute() else site / path
    try:
        if full.is_file() and full.resolve().is_relative_to(site):
            return full.resolve().relative_to(site).as_posix()
    except (OSError, ValueError):
        return None
    return None


def internal_failure_line(exc: BaseException, site_dir: Path) -> str:
    """One line, in English: the catalog translates it like every other message."""
    where = file_being_processed(exc.__traceback__, site_dir) or "the site"
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return (
        f"internal error while processing {where} ({detail}); this is a fault of the generator, "
        "not of your site: please report it with that file"
    )
