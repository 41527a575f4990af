"""The site's own text files other than content (templates, CSS, JS, the search word list)
must be UTF-8: found before anything reads them, reported with path:line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import Problem, error, reason
from sitegen.text.plain import not_utf8

TEXT_ASSETS = (".css", ".js", ".mjs", ".svg", ".json", ".webmanifest", ".txt", ".html", ".xml")
WORD_LIST = "data/search-words.txt"


def text_files(site_dir: Path) -> list[Path]:
    """Every file the templates and assets stages decode as text."""
    found = []
    for folder, suffixes in (("templates", None), ("assets", TEXT_ASSETS)):
        root = site_dir / folder
        if root.is_dir() and not root.is_symlink():
            found += [
                path
                for path in sorted(root.rglob("*"))
                if path.is_file()
                and not path.is_symlink()
                and (suffixes is None or path.suffix.lower() in suffixes)
            ]
    words = site_dir / WORD_LIST
    if words.is_file() and not words.is_symlink():
        found.append(words)
    return found


def encoding_problems(site_dir: Path) -> list[Problem]:
    problems = []
    for path in text_files(site_dir):
        shown = path.relative_to(site_dir).as_posix()
        try:
            wrong = not_utf8(path.read_bytes(), shown)
        except OSError as exc:
            wrong = (1, f"cannot be read: {reason(exc)}")
        if wrong:
            problems.append(error(shown, *wrong))
    return problems
