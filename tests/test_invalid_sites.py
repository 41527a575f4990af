"""Invalid sites: each folder under tests/invalid/ holds a site and the exact error lines
its build must print (expected-errors.txt). The build exits 1 and writes nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_site
from sitegen.cli.main import main

INVALID = Path(__file__).parent / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if (p / "site.toml").is_file())


@pytest.mark.parametrize("case", CASES)
def test_invalid_site(case, tmp_path, capsys):
    site = copy_site(INVALID / case, tmp_path / case)
    out = tmp_path / "out"
    code = main(["build", "--site", str(site), "--out", str(out), "--now", "2024-07-01T00:00:00+08:00", "--lang", "en"], {})
    err = capsys.readouterr().err.splitlines()
    expected = (site / "expected-errors.txt").read_text(encoding="utf-8").splitlines()
    assert code == 1
    assert [line for line in err if ": error: " in line] == expected
    assert not out.exists()
