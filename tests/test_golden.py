"""Golden sites: build each fixture under tests/golden/*/site and compare with expected/.

Update after an intended change with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
Theme assets and the Pagefind index are left out of the comparison: the first show in the HTML by
their hashed names, the second is a third-party binary format tested in tests/test_search.py.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import build, copy_site

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "site").is_dir())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(("assets/", "pagefind/"))}


@pytest.mark.parametrize("case", CASES)
def test_golden_site(case, tmp_path):
    out = tmp_path / "out"
    build(copy_site(GOLDEN / case / "site", tmp_path / "site"), out)
    expected_dir = GOLDEN / case / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(out, expected_dir, ignore=shutil.ignore_patterns("assets", "pagefind"))
    actual, expected = _files(out), _files(expected_dir)
    assert sorted(actual) == sorted(expected), "the set of output files changed"
    for path in expected:
        if path.endswith((".html", ".xml", ".txt", ".ics", ".json", ".css", ".svg")):
            assert actual[path].decode() == expected[path].decode(), f"{path} differs"
        else:
            assert actual[path] == expected[path], f"{path} differs"
