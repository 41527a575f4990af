"""Editors' tools: `new`, the dev server (rebuild, overlay, live serving), check and strict."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from sitegen.cli.main import main
from sitegen.cli.server import DevServer

SCHOOLS = Path(__file__).parent / "golden/schools/site"


@pytest.fixture
def site(tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(SCHOOLS, copy, ignore=shutil.ignore_patterns(".cache"))
    return copy


@pytest.mark.parametrize("kind", ["article", "page", "guide", "event", "campaign"])
def test_new_makes_a_valid_draft_and_refuses_to_overwrite(kind, site, capsys):
    assert main(["new", kind, "禁毒宣传进社区", "--site", str(site), "--lang", "en"], {"SOURCE_DATE_EPOCH": "1719763200"}) == 0
    path = capsys.readouterr().out.strip()
    assert path.endswith("jin-du-xuan-chuan-jin-she-qu.md") and path.startswith(f"content/{kind}")
    text = (site / path).read_text(encoding="utf-8")
    assert "title: 禁毒宣传进社区" in text and "draft: true" in text and "audiences: []" in text
    before = text
    assert main(["new", kind, "禁毒宣传进社区", "--site", str(site), "--lang", "en"], {}) == 1
    assert "already exists" in capsys.readouterr().err
    assert (site / path).read_text(encoding="utf-8") == before
    assert main(["check", "--drafts", "--site", str(site), "--now", "2024-07-01T00:00:00+08:00", "--lang", "en"], {}) == 0


def test_new_guide_takes_the_next_free_order(site, capsys):
    assert main(["new", "guide", "观看禁毒影片", "--site", str(site), "--lang", "en"], {}) == 0
    path = capsys.readouterr().out.strip()
    assert path == "content/guides/students-five-ones/guan-kan-jin-du-ying-pian.md"
    assert "order: 2 " in (site / path).read_text(encoding="utf-8")


def test_new_rejects_an_unknown_type(site):
    assert main(["new", "poster", "题目", "--site", str(site), "--lang", "en"], {}) == 2


def test_strict_turns_warnings_into_errors(site, capsys):
    (site / "content/articles/link.md").write_text("---\ntitle: 链接\ndate: 2023-01-01\n---\n见[无](/none/)。\n")
    assert main(["build", "--site", str(site), "--now", "2024-07-01T00:00:00+08:00", "--lang", "en"], {}) == 0
    assert main(["build", "--strict", "--site", str(site), "--now", "2024-07-01T00:00:00+08:00", "--lang", "en"], {}) == 1
    assert "content/articles/link.md:5: error: '/none/' points at nothing" in capsys.readouterr().err


def test_check_lists_external_links(site, capsys):
    assert main(["check", "--site", str(site), "--now", "2024-07-01T00:00:00+08:00", "--lang", "en"], {}) == 0
    assert "external link (not fetched): https://www.2-class.com/" in capsys.readouterr().out


LOCAL = {"HTTP_HOST": "127.0.0.1:8123", "REQUEST_METHOD": "GET"}  # what a browser on this machine sends


def test_dev_server_rebuilds_shows_errors_over_the_last_good_site_and_recovers(site, tmp_path):
    server = DevServer(site, 8123, out_dir=tmp_path / "serve", log=lambda *a, **k: None)
    server.rebuild()
    page = tmp_path / "serve/articles/news/index.html"
    assert "禁毒课走进校园" in page.read_text()
    assert "草稿" not in page.read_text()

    article = site / "content/articles/news.md"
    article.write_text(article.read_text().replace("禁毒课走进校园", "禁毒课走进乡村学校"))
    seconds = server.rebuild()
    assert "禁毒课走进乡村学校" in page.read_text()
    assert seconds < 2

    article.write_text(article.read_text().replace("date: 2023-06-12", "date: 2023-13-12"))
    server.rebuild()
    assert [str(p) for p in server.errors] == [
        "content/articles/news.md:3: error: bad date '2023-13-12' for 'date': use YYYY-MM-DD or ISO 8601 such as "
        "2023-06-26T09:00:00+08:00"]
    served = b"".join(server.wsgi({"PATH_INFO": "/articles/news/", **LOCAL}, lambda status, headers: None)).decode()
    assert "禁毒课走进乡村学校" in served, "the last good page is still served"
    assert 'id="build-errors"' in served and "content/articles/news.md:3" in served
    assert "   3 | date: 2023-13-12" in served, "the source lines around the error are shown"

    article.write_text(article.read_text().replace("date: 2023-13-12", "date: 2023-06-12\ndraft: true"))
    server.rebuild()
    served = b"".join(server.wsgi({"PATH_INFO": "/articles/news/", **LOCAL}, lambda status, headers: None)).decode()
    assert "build-errors" not in served
    assert '<strong class="draft">草稿</strong>' in served, "drafts are shown, and marked, while serving"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_smoke(site):
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 30
        while True:
            try:
                page = fetch(f"http://127.0.0.1:{port}/articles/news/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.time() < deadline, "the server did not start"
                time.sleep(0.2)
        assert "禁毒课走进校园" in page and "livereload" in page
        article = site / "content/articles/news.md"
        article.write_text(article.read_text().replace("禁毒课走进校园", "禁毒课进课堂"))
        while "禁毒课进课堂" not in fetch(f"http://127.0.0.1:{port}/articles/news/"):
            assert time.time() < deadline + 30, "the edit was not rebuilt"
            time.sleep(0.2)
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(f"http://127.0.0.1:{port}/no/such/page/")
        assert missing.value.code == 404
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_new_guide_refuses_a_sixth_activity(site, capsys):
    for title in ("观看禁毒影片", "禁毒征文比赛", "禁毒主题班会"):
        assert main(["new", "guide", title, "--site", str(site), "--lang", "en"], {}) == 0
    capsys.readouterr()
    assert main(["new", "guide", "第六项活动", "--site", str(site), "--lang", "en"], {}) == 1
    assert "already has its five activities" in capsys.readouterr().err
