"""The command line: exit codes, error format, --now / SOURCE_DATE_EPOCH, and the contract smoke."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from conftest import ROOT
from sitegen.cli.main import UsageError, main, parse_now

ARTICLE = """\
---
title: 禁毒知识进社区
date: 2024-06-26
tags: [社区宣传]
venues: [社区]
---

社区工作者向居民发放禁毒宣传册，讲解识毒、
防毒、拒毒知识。详见[关于](/about/)。
"""
ABOUT = "---\ntitle: 关于\nslug: about\n---\n\n示例站点。\n"


def run(*args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--lang", "en"], capture_output=True, text=True,
                          env=env, cwd=ROOT)


def test_build_then_bad_term_keeps_last_good_output(site_factory, tmp_path):
    site = site_factory({"content/articles/first.md": ARTICLE, "content/pages/about.md": ABOUT})
    out = tmp_path / "out"
    done = run("build", "--site", str(site), "--out", str(out), "--now", "2024-07-01T00:00:00+08:00")
    assert done.returncode == 0, done.stderr
    for name in ("index.html", "articles/index.html", "about/index.html", "feed.xml", "sitemap.xml",
                 "robots.txt", "404.html"):
        assert (out / name).is_file(), name
    page = (out / "articles/first/index.html").read_text()
    assert "识毒、防毒、拒毒" in page
    assert 'href="/sub/about/"' in page
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    (site / "content/articles/bad.md").write_text("---\ntitle: 坏\ndate: 2024-01-01\nvenues: [月球]\n---\n正文\n")
    failed = run("build", "--site", str(site), "--out", str(out), "--now", "2024-07-01T00:00:00+08:00")
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        "content/articles/bad.md:4: error: '月球' is not a term of 'venues'; allowed: 学校, 社区, 家庭, 单位, 场所, 农村, 网络"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(out.parent.glob(".out.*")), "no staging folder is left behind"


@pytest.mark.parametrize("args", [["build", "--bogus-flag"], ["frobnicate"], ["build", "--now", "yesterday"]])
def test_wrong_command_line_exits_2(args, site_factory):
    site = site_factory({"content/pages/about.md": ABOUT})
    assert main(args + ["--site", str(site)], {}) == 2


def test_site_without_site_toml_exits_2(tmp_path, capsys):
    assert main(["build", "--site", str(tmp_path), "--lang", "en"], {}) == 2
    assert "no site.toml" in capsys.readouterr().err


def test_no_arguments_means_build(site_factory, monkeypatch, capsys):
    site = site_factory({"content/pages/about.md": ABOUT})
    monkeypatch.chdir(site)
    assert main([], {"SOURCE_DATE_EPOCH": "1719763200"}) == 0
    assert (site / "public/about/index.html").is_file()


def test_check_writes_nothing_and_fails_on_broken_links(site_factory, capsys):
    site = site_factory({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n见[不存在](/nowhere/)。\n"})
    assert main(["build", "--site", str(site), "--lang", "en"], {"SOURCE_DATE_EPOCH": "1719763200"}) == 0
    assert "content/articles/a.md:5: warning: '/nowhere/' points at nothing" in capsys.readouterr().err
    (site / "public").rename(site / "kept")
    assert main(["check", "--site", str(site), "--lang", "en"], {"SOURCE_DATE_EPOCH": "1719763200"}) == 1
    assert "content/articles/a.md:5: error: '/nowhere/' points at nothing" in capsys.readouterr().err
    assert not (site / "public").exists()


def test_now_sources():
    assert parse_now("2024-07-01T00:00:00+08:00", {}).isoformat() == "2024-07-01T00:00:00+08:00"
    assert parse_now(None, {"SOURCE_DATE_EPOCH": "0"}) == dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    assert abs((parse_now(None, {}) - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 60
    with pytest.raises(UsageError):
        parse_now(None, {"SOURCE_DATE_EPOCH": "soon"})


def test_output_folder_may_not_replace_the_site(site_factory, capsys):
    site = site_factory({"content/pages/about.md": ABOUT})
    for out in (site, site / "content", site.parent):
        assert main(["build", "--site", str(site), "--out", str(out), "--lang", "en"], {"SOURCE_DATE_EPOCH": "0"}) == 1
        assert "would replace" in capsys.readouterr().err
    assert (site / "content/pages/about.md").is_file()
