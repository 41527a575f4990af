"""build --compress: .gz and .br beside text files, reproducible to the byte."""
from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from conftest import build
from sitegen.cli.main import main

LONG = "禁毒宣传教育进校园、进社区、进家庭。" * 40


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_compressed_copies_beside_text_files(site_factory):
    site = site_factory({"content/articles/a/index.md": f"---\ntitle: 甲\ndate: 2024-01-01\n---\n{LONG}\n",
                         "content/articles/a/sheet.pdf": b"%PDF-1.4 " + b"x" * 4000})
    build(site, compress=True)
    files = snapshot(site / "public")
    page = files["articles/a/index.html"]
    assert gzip.decompress(files["articles/a/index.html.gz"]) == page
    assert brotli.decompress(files["articles/a/index.html.br"]) == page
    for path in ("feed.xml", "sitemap.xml", "search/index.html"):
        assert path + ".gz" in files and path + ".br" in files, path
    assert any(p.endswith(".css.br") for p in files) and any(p.endswith(".js.gz") for p in files)
    assert "articles/a/sheet.pdf.gz" not in files  # not text
    assert not any(p.endswith((".jpg.gz", ".pf_fragment.gz", ".gz.gz", ".br.br")) for p in files)
    small = [p for p, data in files.items() if p.endswith(".txt") and len(data) < 256]
    assert small and all(p + ".gz" not in files for p in small)  # robots.txt is too small to gain


def test_compressed_builds_are_byte_identical(site_factory, tmp_path):
    site = site_factory({"content/articles/a.md": f"---\ntitle: 甲\ndate: 2024-01-01\n---\n{LONG}\n"})
    args = ["build", "--site", str(site), "--now", "2024-07-01T00:00:00+08:00", "--quiet", "--compress"]
    assert main(args + ["--out", str(tmp_path / "one")]) == 0
    assert main(args + ["--out", str(tmp_path / "two")]) == 0
    first = snapshot(tmp_path / "one")
    assert first == snapshot(tmp_path / "two")
    (site / "content/articles/b.md").write_text(f"---\ntitle: 乙\ndate: 2024-01-02\n---\n{LONG}\n", encoding="utf-8")
    assert main(args + ["--out", str(tmp_path / "one")]) == 0  # unchanged files carry their copies over
    again = snapshot(tmp_path / "one")
    css = next(p for p in first if p.endswith(".css.br"))
    assert again[css] == first[css]
    assert gzip.decompress(again["articles/index.html.gz"]) == again["articles/index.html"]
    assert brotli.decompress(again["articles/b/index.html.br"]) == again["articles/b/index.html"]


def test_without_the_flag_nothing_is_compressed(site_factory):
    site = site_factory({"content/articles/a.md": f"---\ntitle: 甲\ndate: 2024-01-01\n---\n{LONG}\n"})
    build(site)
    assert not [p for p in (site / "public").rglob("*") if p.suffix in (".gz", ".br")]
