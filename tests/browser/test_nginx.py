"""Real serving: the demonstration site, built with --compress, served by Debian's nginx under
/jdxc/ with the configuration the project ships (deploy/nginx.conf).

Every page and every link or asset it references must answer 200; precompressed copies go out
as they are; hashed assets are immutable; a missing page is the site's 404 with status 404;
and Chromium reports no Content-Security-Policy violation on any page type, search included.
"""
from __future__ import annotations

import gzip
import http.client
import shutil
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import brotli
import pytest

from .conftest import NOW, ROOT, in_ci
from .pages import PAGES

CONFIG = ROOT / "deploy" / "nginx.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None or not BROTLI_MODULE.exists():
        message = "needs Debian's nginx and libnginx-mod-http-brotli-static: run `make serve-deps`"
        if in_ci():
            pytest.fail(message + " [CI is set, so this is an error, not a skip]", pytrace=False)
        pytest.skip(message)
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_config(port: int, out: Path, empty: Path) -> str:
    """The shipped configuration with only its EDIT lines changed, as an administrator would."""
    text = CONFIG.read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"), ("server_name example.gov.cn;", "server_name _;"),
                     ("alias /var/www/jdxc/;", f"alias {out}/;"), ("root /var/empty-jdxc;", f"root {empty};")):
        assert old in text, f"deploy/nginx.conf no longer has the line '{old}'"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    binary = _nginx()
    folder = tmp_path_factory.mktemp("nginx")
    www = folder / "www"
    out = www / "jdxc"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/jdxc/"
    built = subprocess.run([sys.executable, "build.py", "build", "--site", str(ROOT), "--out", str(out),
                            "--base-url", base, "--now", NOW, "--compress", "--quiet"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    for decoy, text in DECOYS.items():  # what must never be served: beside, above and inside the output
        path = www / decoy
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "empty").mkdir()
    (folder / "site.conf").write_text(server_config(port, out, folder / "empty"), encoding="utf-8")
    (folder / "nginx.conf").write_text(f"""
load_module {BROTLI_MODULE};
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
""", encoding="utf-8")
    command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    checked = subprocess.run(command + ["-t", "-q"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
    assert checked.stdout == checked.stderr == "" and "[warn]" not in log, "nginx -t is not silent: " + checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"nginx did not start: {process.stdout.read().decode()}")
            time.sleep(0.05)
    try:
        yield {"port": port, "base": base, "out": out, "host": f"127.0.0.1:{port}"}
    finally:
        process.terminate()
        process.wait(timeout=10)


SECRET = "secret-not-for-readers"
DECOYS = {  # relative to the folder that holds the output (www/), the output being www/jdxc/
    "secret.txt": SECRET,
    ".jdxc.building-123-abc/index.html": SECRET,
    ".jdxc.old-123-abc/index.html": SECRET,
    "jdxc/.cache/build/last-build.json": SECRET,
    "jdxc/.git/config": SECRET,
    "jdxc/.htpasswd": SECRET,
    "jdxc/articles/.draft.html": SECRET,
    "jdxc/empty-folder/note.txt.gz": SECRET,
}


def fetch(site, path: str, encoding: str | None = None, method: str = "GET"):
    """(status, headers, body) of one request to nginx."""
    connection = http.client.HTTPConnection("127.0.0.1", site["port"], timeout=10)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    connection.request(method, quote(path, safe="/%?=&:#"), headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


class References(HTMLParser):
    """Every URL a page references: links, scripts, styles, images and their srcsets."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "poster"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])
        if tag == "form" and attrs.get("action"):
            self.urls.append(attrs["action"])


def test_every_page_and_everything_it_references_answers_200(nginx):
    out = nginx["out"]
    pages = sorted(p for p in out.rglob("*.html") if not any(part.startswith(".") for part in p.relative_to(out).parts))
    assert len(pages) > 50
    referenced: dict[str, str] = {}
    for page in pages:
        path = "/jdxc/" + page.relative_to(out).as_posix()
        status, headers, body = fetch(nginx, path)
        assert status == 200, path
        assert body == page.read_bytes(), path
        url = f"http://{nginx['host']}{path}"
        parser = References()
        parser.feed(body.decode("utf-8"))
        for ref in parser.urls:
            target = urlsplit(urljoin(url, ref))
            if target.scheme in ("http", "https") and target.netloc == nginx["host"]:
                referenced.setdefault(unquote(target.path) + (f"?{target.query}" if target.query else ""), path)
    assert len(referenced) > 100
    broken = [f"{ref} (on {where}): {fetch(nginx, ref, method='HEAD')[0]}" for ref, where in sorted(referenced.items())
              if fetch(nginx, ref, method="HEAD")[0] != 200]
    assert not broken, "\n".join(broken)


def test_precompressed_files_are_sent_as_they_are(nginx):
    out = nginx["out"]
    css = next(out.glob("assets/css/site.*.css"))
    for path, file in (("/jdxc/", out / "index.html"), ("/jdxc/assets/css/" + css.name, css),
                       ("/jdxc/feed.xml", out / "feed.xml")):
        status, headers, body = fetch(nginx, path, "gzip")
        assert status == 200 and headers.get("content-encoding") == "gzip", (path, headers)
        assert body == file.with_name(file.name + ".gz").read_bytes() and gzip.decompress(body) == file.read_bytes()
        status, headers, body = fetch(nginx, path, "br, gzip")
        assert headers.get("content-encoding") == "br" and brotli.decompress(body) == file.read_bytes(), path
        assert "accept-encoding" in headers.get("vary", "").lower(), path
        status, headers, body = fetch(nginx, path)
        assert "content-encoding" not in headers and body == file.read_bytes(), path
    assert fetch(nginx, "/jdxc/")[1]["content-type"] == "text/html; charset=utf-8"
    assert fetch(nginx, "/jdxc/events/calendar.ics")[1]["content-type"].startswith("text/calendar")


def test_caching_and_security_headers(nginx):
    out = nginx["out"]
    css = next(out.glob("assets/css/site.*.css")).name
    js = next(out.glob("assets/js/site.*.js")).name
    for path in ("/jdxc/assets/css/" + css, "/jdxc/assets/js/" + js):
        assert "immutable" in fetch(nginx, path)[1]["cache-control"], path
    fragment = next(out.glob("pagefind/*/fragment/*")).relative_to(out).as_posix()  # pagefind/<shard>/...
    assert "immutable" in fetch(nginx, "/jdxc/" + fragment)[1]["cache-control"]
    for path in ("/jdxc/", "/jdxc/articles/", "/jdxc/404.html"):
        assert fetch(nginx, path)[1]["cache-control"] == "no-cache", path
    assert "immutable" not in fetch(nginx, "/jdxc/favicon.svg")[1].get("cache-control", "")
    headers = fetch(nginx, "/jdxc/")[1]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "SAMEORIGIN"
    assert "nginx/" not in headers.get("server", "")


def test_a_missing_page_is_the_sites_404(nginx):
    status, headers, body = fetch(nginx, "/jdxc/no-such-page/")
    assert status == 404 and body == (nginx["out"] / "404.html").read_bytes()
    assert "content-security-policy" in headers
    status, headers, _ = fetch(nginx, "/jdxc/articles")
    assert status == 301 and headers["location"] == "/jdxc/articles/"


def test_no_content_security_policy_violations_in_chromium(nginx, browser):
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    messages: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    violations = []
    try:
        for kind, path in PAGES.items():
            page.goto(f"http://{nginx['host']}{path}", wait_until="load")
            if kind == "search":
                page.fill("#search-query", "五个一")
                page.press("#search-query", "Enter")
                page.locator("#search-results li").first.wait_for(state="visible", timeout=15_000)
            page.wait_for_timeout(100)
            violations += [f"{kind}: {v}" for v in page.evaluate("window.__csp")]
        errors = [m for m in messages if m.startswith(("error", "pageerror"))]
        page.goto(f"http://{nginx['host']}/jdxc/no-such-page/", wait_until="load")  # logs its own 404
        violations += page.evaluate("window.__csp")
    finally:
        context.close()
    csp_messages = [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert not violations and not csp_messages, violations + csp_messages
    assert not errors, errors


@pytest.mark.parametrize("path", [
    "/secret.txt", "/jdxc/../secret.txt", "/jdxc/%2e%2e/secret.txt", "/.jdxc.building-123-abc/", "/jdxc/.cache/build/last-build.json",
    "/jdxc/.git/config", "/jdxc/.htpasswd", "/jdxc/articles/.draft.html", "/jdxc/%2egit/config", "/jdxc/index.html.gz",
    "/jdxc/index.html.br", "/jdxc/feed.xml.gz", "/jdxc/empty-folder/", "/jdxc/empty-folder/note.txt.gz", "/jdxc/assets/",
    "/", "/index.html", "/jdxc.old-123-abc/index.html",
])
def test_nothing_but_the_site_is_served(nginx, path):
    """Dotfiles, the build's temporary folders, .gz/.br by name, folders without an index and
    anything outside the prefix: each the site's 404, with every security header."""
    status, headers, body = fetch(nginx, path)
    assert status in (400, 404), (path, status)
    assert SECRET.encode() not in body
    if status == 404:
        assert body == (nginx["out"] / "404.html").read_bytes(), path
    for name in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy",
                 "permissions-policy", "cache-control"):
        assert name in headers, (path, name)


def test_every_kind_of_response_carries_the_security_headers(nginx):
    out = nginx["out"]
    css = next(out.glob("assets/css/site.*.css")).name
    for path, expected in (("/jdxc/", 200), ("/jdxc/articles", 301), ("/jdxc/no-such-page/", 404),
                           ("/jdxc/assets/css/" + css, 200), ("/jdxc/robots.txt", 200), ("/elsewhere/", 404),
                           ("/jdxc/.git/config", 404)):
        for encoding in (None, "gzip", "br"):
            status, headers, _ = fetch(nginx, path, encoding)
            assert status == expected, (path, encoding)
            assert "default-src 'self'" in headers["content-security-policy"], (path, encoding)
            assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "SAMEORIGIN"
