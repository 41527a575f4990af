"""Browser harness: the demonstration site built once, served under /jdxc/, and Chromium.

- `site`: builds the repository's own site ONCE per session with the command line into a
  temporary folder (`--base-url http://127.0.0.1:<port>/jdxc/ --now 2024-07-01T00:00:00+08:00`)
  and serves it with a threaded stdlib http.server mounted under /jdxc/ (anything outside
  that prefix is a plain 404; a missing file inside it gets the site's own 404.html).
- `browser`: one headless Debian Chromium (/usr/bin/chromium) per session; Playwright never
  downloads a browser here.
- `context` / `page`: a fresh context per test; every request any of its pages makes is
  recorded in `context.requests` (see `RequestLog`), and requests to other hosts are
  aborted so they fail fast instead of hanging, but are still recorded for the assertions.

The whole suite is skipped when /usr/bin/chromium is missing, unless CI is set: in CI a
missing browser is an error.
"""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import copy_site

from .helpers import AXE_RESULTS, WEIGHTS

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
ARTIFACTS = TESTS / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = TESTS / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = "/jdxc/"
NOW = "2024-07-01T00:00:00+08:00"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session", autouse=True)
def _chromium_available():
    """Skip the browser suite without Chromium, but only outside CI."""
    if not CHROMIUM.exists():
        message = (f"browser tests need Debian's chromium at {CHROMIUM}: "
                   "run `make browser-deps` (or `apt-get install chromium`)")
        if in_ci():
            pytest.fail(message + " [CI is set, so this is an error, not a skip]", pytrace=False)
        pytest.skip(message + "; skipped because CI is not set")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:  # pragma: no cover - requirements.txt pins it
        pytest.fail(f"playwright is not installed ({error}): run `make setup`", pytrace=False)


# --------------------------------------------------------------------------- server


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at PREFIX only, like a web server with the site in a sub-path."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
        ".avif": "image/avif",
        ".webp": "image/webp",
        ".ics": "text/calendar; charset=utf-8",
        ".wasm": "application/wasm",
        ".pf_meta": "application/octet-stream",
    }

    def __init__(self, *args, directory: str, served: list, **kwargs):
        self.served = served
        super().__init__(*args, directory=directory, **kwargs)

    def _inside(self) -> bool:
        path = urlsplit(self.path).path
        return path.startswith(PREFIX)

    def do_GET(self):  # noqa: N802
        if not self._inside():
            self.send_error(404, "Not under " + PREFIX)
            return
        super().do_GET()

    def do_HEAD(self):  # noqa: N802
        if not self._inside():
            self.send_error(404, "Not under " + PREFIX)
            return
        super().do_HEAD()

    def translate_path(self, path):
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(PREFIX):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and self._inside() and page.is_file():
            body = page.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # quiet; keep a record for debugging
        self.served.append(format % args)


@dataclass
class Site:
    out: Path            # the built site on disk
    host: str            # "127.0.0.1:<port>"
    base: str            # "http://127.0.0.1:<port>/jdxc/"
    served: list = field(default_factory=list)   # the server's log lines

    def url(self, path: str) -> str:
        """Absolute URL of a site path such as "/jdxc/articles/" or "articles/"."""
        if path.startswith("/"):
            return f"http://{self.host}{path}"
        return self.base + path

    def file_for(self, path: str) -> Path:
        """The built file that serves the URL path `path` (under PREFIX)."""
        rel = unquote(urlsplit(path).path)[len(PREFIX):]
        target = self.out / rel
        return target / "index.html" if rel.endswith("/") or rel == "" else target


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    served: list[str] = []
    out = tmp_path_factory.mktemp("browser-site") / "public"
    handler = functools.partial(_Handler, directory=str(out), served=served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    host = f"127.0.0.1:{server.server_address[1]}"
    base = f"http://{host}{PREFIX}"
    started = time.monotonic()
    demo = copy_site(ROOT, tmp_path_factory.mktemp("browser-demo") / "site")  # never build in the repository
    result = subprocess.run(
        [sys.executable, "build.py", "build", "--site", str(demo), "--out", str(out),
         "--base-url", base, "--now", NOW],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"building the demonstration site failed ({result.returncode}):\n"
                    f"{result.stdout}\n{result.stderr}", pytrace=False)
    print(f"\n[browser] built the demonstration site in {time.monotonic() - started:.1f} s "
          f"into {out}, served at {base}")
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(out=out, host=host, base=base, served=served)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def playwright_instance(_chromium_available):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
    )
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Request:
    url: str
    method: str
    resource_type: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


class RequestLog(list):
    """Every request made by the pages of one context, in order."""

    def __init__(self, host: str):
        super().__init__()
        self.host = host
        self.failed: list[str] = []      # "<status> <url>" for responses >= 400 and network failures

    def foreign(self) -> list[Request]:
        """Requests that left 127.0.0.1:<port> (data: and blob: URLs stay in the page)."""
        return [r for r in self if urlsplit(r.url).scheme not in ("data", "blob", "about")
                and r.host != self.host]


def _is_foreign(host: str):
    def check(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in ("data", "blob", "about") and parts.netloc != host
    return check


def new_context(browser, site: Site, **options):
    """A context whose requests are recorded in `context.requests` (a RequestLog)."""
    options.setdefault("viewport", {"width": 1280, "height": 800})
    options.setdefault("locale", "zh-CN")
    options.setdefault("timezone_id", "Asia/Shanghai")
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    log = RequestLog(site.host)
    context.requests = log
    context.on("request", lambda r: log.append(Request(r.url, r.method, r.resource_type)))
    context.on("requestfailed", lambda r: log.failed.append(f"failed {r.url} ({r.failure})"))
    context.on("response", lambda r: r.status >= 400 and log.failed.append(f"{r.status} {r.url}"))
    # Never wait on the outside world: abort anything not for our server (it stays recorded).
    context.route(_is_foreign(site.host), lambda route: route.abort("blockedbyclient"))
    return context


@pytest.fixture
def make_context(browser, site):
    """Factory for extra contexts (e.g. java_script_enabled=False); closed after the test."""
    contexts = []

    def make(**options):
        context = new_context(browser, site, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(make_context):
    return make_context()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return page


@pytest.fixture
def requests(context) -> RequestLog:
    """The requests recorded for the test's `page` (and any other page of its context)."""
    return context.requests


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "screenshots").mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci --prefix tests` "
                    "(or `make browser-deps`)", pytrace=False)
    return AXE_JS


# --------------------------------------------------------------------------- summaries

IMPACTS = ("critical", "serious", "moderate", "minor")


def axe_summary() -> str:
    """A table of violations per page type by impact, then each violation by rule."""
    if not AXE_RESULTS:
        return ""
    head = f"{'page type':<10} {'url':<48} " + " ".join(f"{i:>8}" for i in IMPACTS) + "    nodes"
    lines = ["axe-core violations per page type (count of rules; nodes = elements affected)",
             head, "-" * len(head)]
    totals = dict.fromkeys(IMPACTS, 0)
    for kind, result in sorted(AXE_RESULTS.items(), key=lambda kv: _order(kv[0])):
        counts = dict.fromkeys(IMPACTS, 0)
        nodes = 0
        for v in result["violations"]:
            counts[v["impact"] or "minor"] += 1
            nodes += len(v["nodes"])
        for i in IMPACTS:
            totals[i] += counts[i]
        lines.append(f"{kind:<10} {result['path']:<48} "
                     + " ".join(f"{counts[i]:>8}" for i in IMPACTS) + f" {nodes:>8}")
    lines.append("-" * len(head))
    lines.append(f"{'total':<10} {'':<48} " + " ".join(f"{totals[i]:>8}" for i in IMPACTS))
    details = []
    for kind, result in sorted(AXE_RESULTS.items(), key=lambda kv: _order(kv[0])):
        for v in sorted(result["violations"], key=lambda v: IMPACTS.index(v["impact"] or "minor")):
            targets = ", ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                                for n in v["nodes"][:3])
            more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
            details.append(f"  {kind:<10} {v['impact'] or '?':<9} {v['id']}: {v['help']} -> {targets}{more}")
    if details:
        lines += ["", "violations:"] + details
    return "\n".join(lines) + "\n"


def weight_summary() -> str:
    """Bytes each page type loads: everything but images (raw and gzip -9), and images."""
    if not WEIGHTS:
        return ""
    head = (f"{'page type':<10} {'url':<48} {'non-image':>12} {'gzipped':>9} "
            f"{'images':>9} {'requests':>9}")
    lines = ["page weight as loaded at 1280 px (lazy images below the fold not loaded): non-image =",
             "HTML, CSS, JS and any other fetched file, gzipped = the same at gzip -9, images as served",
             head, "-" * len(head)]
    for kind, result in sorted(WEIGHTS.items(), key=lambda kv: _order(kv[0])):
        text = [r for r in result["resources"] if r[0] != "image"]
        images = [r for r in result["resources"] if r[0] == "image"]
        lines.append(f"{kind:<10} {result['path']:<48} {sum(r[2] for r in text):>12,} "
                     f"{sum(r[3] for r in text):>9,} {sum(r[2] for r in images):>9,} "
                     f"{len(result['resources']):>9}")
    return "\n".join(lines) + "\n"


def pytest_terminal_summary(terminalreporter):
    for name, title, text in (("axe-summary.txt", "axe-core", axe_summary()),
                              ("page-weight.txt", "page weight", weight_summary())):
        if not text:
            continue
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / name).write_text(text, encoding="utf-8")
        terminalreporter.section(f"{title} (tests/artifacts/{name})")
        for line in text.splitlines():
            terminalreporter.write_line(line)


def _order(kind: str) -> int:
    from .pages import PAGES

    return list(PAGES).index(kind) if kind in PAGES else len(PAGES)
