"""Every stage asks the one walk of the site (content/files.py) for its files: no stage lists
a folder of the site again (quizzes' check, resources' and guides' files, assets, the encoding
check), and share cards key a cover by the walk's digest instead of reading it again."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site

SITES = ("library", "schools", "news")


@pytest.mark.parametrize("name", SITES)
def test_no_stage_lists_the_site_folders_again(name, tmp_path, monkeypatch):
    site = copy_site(ROOT / "tests/golden" / name / "site", tmp_path / "site")
    listed = []
    for method in ("rglob", "glob", "iterdir"):
        real = getattr(Path, method)

        def spy(self, *args, _real=real, **kwargs):
            inside = self.resolve().is_relative_to(site.resolve())
            if inside and not self.resolve().is_relative_to((site / ".cache").resolve()):
                listed.append(str(self))
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, spy)
    build(site, tmp_path / "out")
    assert listed == []


def test_a_card_keys_its_cover_by_the_walk_digest(tmp_path, monkeypatch):
    site = copy_site(ROOT / "tests/golden/news/site", tmp_path / "site")
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.suffix) or real(self))
    build(site, tmp_path / "out")
    assert not {".jpg", ".jpeg", ".png", ".webp"} & set(read), "images are read by Pillow only, to encode or draw"
