"""The site's own text files other than content (templates, CSS, JS, the search word list)
must be UTF-8: found before anything reads them, reported with path:line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from sitegen.content.files import SiteFiles, SourceFile
from sitegen.errors import Diagnostics, error, reason
from sitegen.text.plain import not_utf8

TEXT_ASSETS = (".css", ".js", ".mjs", ".svg", ".json", ".webmanifest", ".txt", ".html", ".xml")
WORD_LIST = "data/search-words.txt"


def text_files(walk: SiteFiles) -> list[SourceFile]:
    """Every file of the one walk of the site that the templates and assets stages decode as text."""
    words = walk.get(WORD_LIST)
    return (
        walk.under("templates")
        + [record for record in walk.under("assets") if record.source.lower().endswith(TEXT_ASSETS)]
        + ([words] if words else [])
    )


def check_encoding(walk: SiteFiles, problems: Diagnostics) -> None:
    for record in text_files(walk):
        try:
            wrong = not_utf8(Path(record.path).read_bytes(), record.source)
        except OSError as exc:
            wrong = (1, f"cannot be read: {reason(exc)}")
        if wrong:
            problems.append(error(record.source, *wrong))
