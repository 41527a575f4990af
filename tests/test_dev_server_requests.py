"""Issue 16, the dev server: only this machine's names (no DNS rebinding to read drafts),
HEAD, NUL bytes, long paths and other methods answered with proper status codes."""
from __future__ import annotations

import gc
import http.client
import socket
import subprocess
import sys
import time
import weakref

import pytest

from conftest import ROOT, write_site
from sitegen.cli.server import MAX_PATH, DevServer

PORT = 8124
DRAFT = "---\ntitle: 未发布的草稿\ndate: 2024-01-01\ndraft: true\n---\n内部草稿内容。\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    site = write_site(root / "site", {"content/articles/draft.md": DRAFT})
    server = DevServer(site, PORT, out_dir=root / "out", log=lambda *a, **k: None)
    server.rebuild()
    return server


def request(server, path="/articles/draft/", method="GET", host=f"127.0.0.1:{PORT}"):
    answer = {}
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, **({"HTTP_HOST": host} if host is not None else {})}
    body = b"".join(server.wsgi(environ, lambda status, headers: answer.update(status=status, headers=dict(headers))))
    return answer["status"], answer["headers"], body


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"])
def test_this_machine_is_served_drafts(server, host):
    status, headers, body = request(server, host=host)
    assert status == "200 OK" and "内部草稿内容" in body.decode()
    assert headers["Content-Length"] == str(len(body))


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1", f"127.0.0.1:{PORT + 1}",
                                  f"localhost.evil.example:{PORT}", f"127.0.0.1:{PORT}.evil.example", "", None])
def test_any_other_host_gets_nothing(server, host):
    status, _, body = request(server, host=host)
    assert status == "403 Forbidden" and "草稿" not in body.decode()


def test_head_answers_headers_only(server):
    status, headers, body = request(server, method="HEAD")
    assert status == "200 OK" and body == b"" and int(headers["Content-Length"]) > 100
    status, _, body = request(server, "/no/such/", method="HEAD")
    assert status == "404 Not Found" and body == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PROPFIND"])
def test_other_methods_are_not_allowed(server, method):
    status, headers, _ = request(server, method=method)
    assert status == "405 Method Not Allowed" and headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/%00", "/articles/%00/", "/a\x00b", "/%0d%0aSet-Cookie:x", "/%7f"])
def test_control_characters_in_the_path_are_a_bad_request(server, path):
    assert request(server, path)[0] == "400 Bad Request"


@pytest.mark.parametrize("path", ["/" + "a" * 300 + "/", "/" + "a/" * 2000, "/" + "%41" * 700])
def test_long_paths_are_refused_or_not_found(server, path):
    status = request(server, path)[0]
    assert status == ("414 URI Too Long" if len(path) > MAX_PATH else "404 Not Found")


def test_paths_leaving_the_output_are_not_found(server):
    for path in ("/../site.toml", "/%2e%2e/site.toml", "/..%2fsite.toml"):
        assert request(server, path)[0] == "404 Not Found"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_running_server_answers_each_case_over_http(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/draft.md": DRAFT})
    port = _free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--port",
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ask(method, path, host=f"127.0.0.1:{port}"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    try:
        deadline = time.time() + 40
        while True:
            try:
                if ask("GET", "/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.time() < deadline, "the server did not start"
            time.sleep(0.3)
        assert ask("GET", "/articles/draft/")[0] == 200
        status, body = ask("GET", "/articles/draft/", host=f"evil.example:{port}")
        assert status == 403 and "草稿".encode() not in body
        assert ask("HEAD", "/articles/draft/") == (200, b"")
        assert ask("GET", "/%00")[0] == 400
        assert ask("GET", "/" + "a" * 5000)[0] == 414
        assert ask("GET", "/" + "a" * 1000)[0] == 404
        assert ask("POST", "/")[0] == 405
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_rebuild_keeps_the_state_from_the_collector_until_tidy(server):
    class Node:
        pass

    node = Node()
    node.me = node  # once let go, garbage only a full collection finds (as a replaced state is)
    ref = weakref.ref(node)
    server.rebuild()
    del node
    gc.collect()
    assert ref() is not None, "frozen: a full collection inside the next rebuild would cost ~130 ms"
    server.tidy()
    assert ref() is None, "collected between saves"


def test_served_files_deleted_or_replaced_by_a_link_are_made_again_after_tidy(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/a.md": DRAFT})
    server = DevServer(site, PORT, out_dir=tmp_path / "out", log=lambda *a, **k: None)
    server.rebuild()
    page, home = tmp_path / "out/articles/a/index.html", tmp_path / "out/index.html"
    written = page.read_bytes()
    page.unlink()
    home.unlink()
    home.symlink_to(tmp_path / "elsewhere.html")
    server.tidy()  # between saves: the live folder notices
    server.rebuild()
    assert page.read_bytes() == written
    assert not home.is_symlink() and home.is_file() and not (tmp_path / "elsewhere.html").exists()


def test_only_stylesheets_and_scripts_named_by_their_digest_are_kept_by_the_browser(server):
    stylesheet = next(server.out_dir.glob("assets/css/site.*.css")).relative_to(server.out_dir).as_posix()
    status, headers, _ = request(server, "/" + stylesheet)
    assert status == "200 OK" and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for path in ("/articles/draft/", "/assets/favicon.svg", "/assets/css/site.0123456789.css"):
        assert request(server, path)[1]["Cache-Control"] == "no-store", path


def test_share_cards_deleted_from_the_cache_are_drawn_again_after_tidy(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/a.md": DRAFT})
    server = DevServer(site, PORT, out_dir=tmp_path / "out", log=lambda *a, **k: None)
    server.rebuild()
    served = tmp_path / "out/articles/a/og.png"
    card = served.read_bytes()
    for cached in (site / ".cache/cards").iterdir():
        cached.unlink()
    served.unlink()
    server.tidy()  # the kept card paths are checked between saves
    server.rebuild()
    assert served.read_bytes() == card and len(list((site / ".cache/cards").iterdir())) == 2


def test_stored_pages_deleted_from_the_cache_are_rendered_again_after_tidy(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/a.md": DRAFT})
    server = DevServer(site, PORT, out_dir=tmp_path / "out", log=lambda *a, **k: None)
    server.rebuild()
    stored = sorted(p.relative_to(site) for p in (site / ".cache/pages").rglob("*") if p.is_file())
    for path in stored:
        (site / path).unlink()
    server.rebuild()  # between two quick saves the store is trusted as last seen
    assert not any(p.is_file() for p in (site / ".cache/pages").rglob("*"))
    server.tidy()
    server.rebuild()
    assert sorted(p.relative_to(site) for p in (site / ".cache/pages").rglob("*") if p.is_file()) == stored
    assert "内部草稿内容" in (tmp_path / "out/articles/a/index.html").read_text(encoding="utf-8")


def test_the_watchers_changed_paths_reach_the_walk_and_a_new_template_is_used(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/a.md": DRAFT}).resolve()
    server = DevServer(site, PORT, out_dir=tmp_path / "out", log=lambda *a, **k: None)
    server.rebuild()
    page = tmp_path / "out/articles/a/index.html"
    source = site / "content/articles/a.md"
    source.write_text(DRAFT.replace("内部草稿内容", "改过的草稿"), encoding="utf-8")
    server.rebuild(frozenset({str(source)}))
    assert "改过的草稿" in page.read_text(encoding="utf-8")
    override = site / "templates/article.html"
    override.parent.mkdir(exist_ok=True)
    override.write_text('{% extends "theme/article.html" %}{% block title %}本站模板{% endblock %}', encoding="utf-8")
    server.rebuild(frozenset({str(override)}))
    assert "<title>本站模板</title>" in page.read_text(encoding="utf-8")


def test_a_rebuild_runs_with_the_collector_off_and_leaves_it_as_it_was(tmp_path, monkeypatch):
    """With the kept state frozen, CPython 3.11's collector would go over every new object again
    and again while a build runs: a whole re-render of 1,000 articles took 4.3 s instead of 1.2."""
    from sitegen.cli import server as server_module

    site = write_site(tmp_path / "site", {"content/articles/a.md": DRAFT})
    server = DevServer(site, PORT, out_dir=tmp_path / "out", log=lambda *a, **k: None)
    seen = []
    real = server_module.build_site
    monkeypatch.setattr(server_module, "build_site", lambda *a: seen.append(gc.isenabled()) or real(*a))
    assert gc.isenabled()
    server.rebuild()
    (site / "content/articles/a.md").write_text(DRAFT.replace("---\n内部", "---\n改过。内部"), encoding="utf-8")
    server.rebuild()
    assert seen == [False, False] and gc.isenabled()
    (site / "content/articles/a.md").write_text("---\ntitle: [坏\n---\n", encoding="utf-8")
    server.rebuild()  # a failed build too
    assert seen == [False, False, False] and gc.isenabled() and server.errors
