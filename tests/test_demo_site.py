"""The demonstration site (the repository itself) checks clean and builds what a reader needs."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, build, copy_site


def test_check_passes_on_the_demonstration_site():
    done = subprocess.run([sys.executable, "build.py", "check", "--now", "2024-07-01T00:00:00+08:00"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "no warnings either"


def test_demonstration_site_builds_with_every_type_and_taxonomy(tmp_path):
    result = build(copy_site(ROOT, tmp_path / "site"), tmp_path / "out")
    out = tmp_path / "out"
    assert len([p for p in (out / "articles").iterdir() if (p / "index.html").is_file() and p.name != "page"]) >= 12
    for program in ("students-five-ones", "officials-five-ones"):
        page = (out / f"guides/{program}/index.html").read_text()
        assert page.count('<h2><a href="/jdxc/guides/') == 5, program
    for taxonomy in ("venues", "audiences"):
        terms = [p.name for p in (out / taxonomy).iterdir() if p.is_dir()]
        assert len(terms) == 7, (taxonomy, terms)
    assert (out / "articles/ji-di-wu-liu-jin-du-pei-xun/index.html").is_file(), "pinyin slug of a Chinese file name"
    assert (out / "events/calendar.ics").is_file()
    assert (out / "about/index.html").is_file()
    assert not result.warnings
