"""`serve` watches the site folder itself by file-system events: folders created after it
started (content types, templates/) are seen; a busy port is one line suggesting --port."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, write_site
from sitegen.cli.watching import wanted

TOML = 'title = "某县"\nbase_url = "https://example.org/jdxc/"\n'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as missing:
        return missing.read().decode("utf-8")


def wait_for(url: str, text: str, process, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            if text in fetch(url):
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        assert process.poll() is None, process.stdout.read().decode()
        assert time.time() < deadline, f"{text!r} never appeared at {url}"
        time.sleep(0.1)


def serve_one_article(tmp_path):
    """`serve` of a site with one article, once that article is served: (site, process, base URL)."""
    site = write_site(tmp_path / "site", {"content/articles/a.md": "---\ntitle: 第一篇\ndate: 2024-01-01\n---\n正文\n"},
                      TOML)
    port = free_port()
    # Started as at a terminal: a test run started in the background (`make test &`) hands its
    # children SIGINT ignored, and Python then never turns Ctrl+C into KeyboardInterrupt.
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "articles/a/", "第一篇", process)
    except BaseException:
        process.kill()
        raise
    return site, process, base


def test_new_folders_are_watched(tmp_path):
    site, process, base = serve_one_article(tmp_path)
    try:
        (site / "content/pages").mkdir()  # a folder the site did not have when serve started
        (site / "content/pages/about.md").write_text("---\ntitle: 关于我们\nslug: about\n---\n简介\n", encoding="utf-8")
        wait_for(base + "about/", "关于我们", process, 20)
        (site / "templates").mkdir()
        (site / "templates/404.html").write_text("<!DOCTYPE html><html><body>自定义的404页面</body></html>",
                                                 encoding="utf-8")
        wait_for(base + "no/such/page/", "自定义的404页面", process, 20)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_what_is_not_watched(tmp_path):
    site = tmp_path.resolve()
    assert wanted(site, str(site / "content/articles/a.md")) and wanted(site, str(site / "templates"))
    assert wanted(site, str(site / "site.toml"))
    for ignored in (".cache/serve/index.html", "public/index.html", ".git/index", "content/.a.md.swp",
                    "content/a.md~", "content/#a.md#"):
        assert not wanted(site, str(site / ignored)), ignored
    assert not wanted(site, str(tmp_path.parent / "elsewhere.md"))


def test_a_busy_port_is_refused_in_one_line(tmp_path):
    site = write_site(tmp_path / "site", {}, TOML)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for lang, expected in (
                ("en", f"build.py: error: port {port} is already in use (another serve, or another program); "
                       f"try --port {port + 1}"),
                ("zh-CN", f"build.py: error: 端口 {port} 已被占用（另一个 serve 或别的程序）；请换一个端口，如 --port {port + 1}")):
            done = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--port",
                                   str(port), "--lang", lang], capture_output=True, text=True, timeout=60)
            assert done.returncode == 2
            assert done.stderr.splitlines() == [expected] and done.stdout == ""


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_line_serve_prints_on_a_chinese_site_is_chinese(tmp_path):
    """The request log, livereload's own lines, rebuilds and errors: none stays English."""
    site, process, base = serve_one_article(tmp_path)
    try:
        fetch(base + "no/such/page/")  # a 404: tornado logs it as a failed request
        for request in (urllib.request.Request(base, headers={"Host": "evil.example"}),
                        urllib.request.Request(base, data=b"x", method="POST")):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=5)
            assert CJK.search(refused.value.read().decode("utf-8"))  # the reason, in Chinese too
        article = site / "content/articles/a.md"
        article.write_text(article.read_text(encoding="utf-8").replace("正文", "改过的正文"), encoding="utf-8")
        wait_for(base + "articles/a/", "改过的正文", process, 20)
        (site / "content/articles/b.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
        wait_for(base + "articles/a/", "build-errors", process, 20)
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    lines = [line for line in output.decode("utf-8").splitlines() if line.strip()]
    assert any(" 404 GET /no/such/page/" in line or line.startswith("404 GET /no/such/page/") for line in lines), lines
    assert any(line.startswith("405 POST /") for line in lines), lines
    assert any(line.startswith("content/articles/b.md:") and ": error: " in line for line in lines), lines
    english = [line for line in lines if not CJK.search(line)]
    assert not english, english


TGKILL = {"x86_64": 234, "aarch64": 131}  # Linux system call numbers


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.uname().machine not in TGKILL,
                    reason="tgkill: Linux on x86_64 or aarch64")
def test_ctrl_c_stops_serve_whichever_thread_the_system_hands_it_to(tmp_path):
    """The system gives a process's signal to any of its threads; one given to the watcher's
    thread must still stop the server, not leave it asleep waiting for a request."""
    import ctypes

    site, process, base = serve_one_article(tmp_path)
    try:
        threads = sorted(int(tid) for tid in os.listdir(f"/proc/{process.pid}/task") if int(tid) != process.pid)
        assert threads, "serve runs a watcher thread"
        libc = ctypes.CDLL(None, use_errno=True)
        assert libc.syscall(TGKILL[os.uname().machine], process.pid, threads[0], signal.SIGINT) == 0
        process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
            pytest.fail("serve did not stop on a Ctrl+C taken by another thread")
