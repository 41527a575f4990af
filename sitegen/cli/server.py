"""The dev server: build, serve on 127.0.0.1 with live reload, rebuild what changed on save.

The build cache stays in memory, so a rebuild re-renders only what an edit touched. A failed
rebuild never stops the server: the last good site stays served, with an overlay listing
every error and the source lines around it.
"""

from __future__ import annotations

import datetime as dt
import gc
import html
import logging
import mimetypes
import sys
import time
from pathlib import Path
from urllib.parse import unquote

from sitegen.build.cache import digest
from sitegen.build.pipeline import BuildOptions, build_site
from sitegen.build.state import BuildState
from sitegen.build.writer import LiveFolder
from sitegen.errors import BuildFailed, Problem
from sitegen.media.assets import FINGERPRINTED
from sitegen.media.cards import cache_folder, forget_changed_cards
from sitegen.messages import site_language, translate

MAX_PATH = 2048  # longer is no page of the site, and would be too long a file name
SIGNAL_CHECK_MS = 500  # how often the server's loop wakes to notice Ctrl+C (see serve)
TIDY_AFTER = 2.0  # seconds after a rebuild: collect the garbage of earlier ones while nobody waits


class DevServer:
    def __init__(
        self, site_dir: Path, port: int, out_dir: Path | None = None, log=print, language: str | None = None
    ):
        self.site_dir = site_dir.resolve()
        self.language = site_language(self.site_dir, language)  # of the error overlay
        self.port = port
        self.out_dir = out_dir or self.site_dir / ".cache" / "serve"
        self.state = BuildState.in_memory(self.site_dir, self.out_dir)
        # what is on disk; the page store's and the share cards' files are named by their digest
        self.folder = LiveFolder(self.out_dir, sealed=(self.state.store.folder, cache_folder(self.site_dir)))
        self.errors: list[Problem] = []
        self.log = log

    def rebuild(self, changed: frozenset[str] | None = None) -> float:
        """Build and write what changed; return the seconds from start to written files.
        `changed`: the absolute paths the watcher saw change since the last rebuild (None: any)."""
        started = time.perf_counter()
        options = BuildOptions(
            site_dir=self.site_dir,
            out_dir=self.out_dir,
            drafts=True,
            now=dt.datetime.now(dt.UTC),
            write=False,
            search_index=False,
            base_url=f"http://127.0.0.1:{self.port}/",
            changed=changed,
        )
        # The kept state is a quarter of a million objects: a full collection among them takes
        # ~130 ms, in the middle of a rebuild. They are kept out of the collector's sight (frozen)
        # after each build, and collected by `tidy`, between saves. The collector stays off while
        # a build runs: with everything frozen, CPython 3.11 counts no long-lived objects and
        # collects all the new ones again and again (a whole re-render took 4.3 s instead of 1.2).
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = build_site(options, self.state)
        except BuildFailed as failed:
            self.errors = [p for p in failed.problems if p.is_error]
            for problem in self.errors:
                self.log(str(problem), file=sys.stderr)
            return time.perf_counter() - started
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        written = self.folder.write(result.files)  # what was deleted since is found by tidy
        self.errors = []
        seconds = time.perf_counter() - started
        self.log(f"{len(written)} files written in {seconds * 1000:.0f} ms")
        return seconds

    def tidy(self) -> None:
        """Between saves: collect what earlier rebuilds left in reference cycles (frozen by
        `rebuild`), and notice served files, stored pages and cached cards deleted or replaced
        since."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.folder.forget_changed()
        self.state.store.recheck()
        forget_changed_cards(self.state.card_files, self.state.cache.cards)

    # -- serving ---------------------------------------------------------------------------
    def wsgi(self, environ, start_response):
        refused = self.refusal(environ)
        if refused is not None:
            status, message = refused
            body = (translate(message, self.language) + "\n").encode("utf-8")
            headers = [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ] + ([("Allow", "GET, HEAD")] if status.startswith("405") else [])
            start_response(status, headers)
            return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]
        path = unquote(environ.get("PATH_INFO", "/")).lstrip("/")
        try:
            target = (self.out_dir / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            found = target.is_relative_to(self.out_dir.resolve()) and target.is_file()
        except (OSError, ValueError):  # a name too long for the file system, and the like
            found = False
        status = "200 OK"
        if not found:
            status, target = "404 Not Found", self.out_dir / "404.html"
        body = (
            target.read_bytes()
            if target.is_file()
            else b"<!DOCTYPE html><html><head></head><body></body></html>"
        )
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html" and self.errors:
            body = body.replace(b"</body>", self.overlay().encode("utf-8") + b"</body>", 1)
        # A stylesheet or script named by its digest is kept by the browser: a reload after a
        # save fetches the page alone.
        kept = found and FINGERPRINTED.match(path)
        headers = [
            ("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "public, max-age=31536000, immutable" if kept else "no-store"),
        ]
        start_response(status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    def refusal(self, environ) -> tuple[str, str] | None:
        """(status, reason) for a request the dev server does not answer with a file.
        Only this machine's own names: a DNS-rebinding page (Host: evil.example) gets nothing,
        though the server shows drafts."""
        if environ.get("HTTP_HOST", "").lower() not in (f"127.0.0.1:{self.port}", f"localhost:{self.port}"):
            return (
                "403 Forbidden",
                f"only http://127.0.0.1:{self.port}/ and http://localhost:{self.port}/ are served",
            )
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return "405 Method Not Allowed", "only GET and HEAD"
        raw = environ.get("PATH_INFO", "/")
        if len(raw) > MAX_PATH:
            return "414 URI Too Long", f"paths are at most {MAX_PATH} characters"
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in unquote(raw)):
            return "400 Bad Request", "the path holds a control character"
        return None

    def overlay(self) -> str:
        """Every error with the source lines around it, on top of the last good page."""
        items = []
        for problem in self.errors:
            excerpt = source_excerpt(self.site_dir / problem.path, problem.line)
            items.append(
                f"<li><p><code>{html.escape(problem.path)}:{problem.line}</code> "
                f"{html.escape(translate(problem.message, self.language))}</p>{excerpt}</li>"
            )
        return (
            '<div id="build-errors" role="alert" style="position:fixed;inset:0;overflow:auto;z-index:99999;'
            'background:rgba(255,255,255,.97);color:#000;padding:1.5rem;font:16px/1.6 system-ui,sans-serif">'
            f'<h2 style="color:#a00;margin-top:0">构建出错（{len(self.errors)} 处）</h2>'
            f"<ol>{''.join(items)}</ol>"
            "<p>修改并保存文件后页面会自动刷新；在此之前显示的是上一次成功构建的网站。</p></div>"
        )

    def serve(self) -> None:
        from livereload.handlers import LiveReloadHandler
        from tornado.ioloop import IOLoop, PeriodicCallback

        from sitegen.cli.watching import SiteWatcher

        tidying = None

        def on_save(changed: frozenset[str]) -> None:  # on the server's thread, which then reloads
            nonlocal tidying
            self.rebuild(changed)
            loop = IOLoop.current()
            if tidying is not None:
                loop.remove_timeout(tidying)
            tidying = loop.call_later(TIDY_AFTER, self.tidy)

        watcher = SiteWatcher(self.site_dir, on_save)
        watcher.begin()
        self.rebuild()
        # The system hands Ctrl+C to any thread of the process; Python acts on it in the main
        # thread only, which may sleep in epoll waiting for a request: woken twice a second, it
        # stops however the signal came.
        PeriodicCallback(lambda: None, SIGNAL_CHECK_MS).start()
        server = logged_server(self.log)(app=self.wsgi, watcher=watcher)
        server.watch(str(self.site_dir))  # a task, so livereload does not watch the working folder instead
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # show every save, not one per three seconds
        self.log(f"serving {self.site_dir} at http://127.0.0.1:{self.port}/ (Ctrl+C stops)")
        try:
            server.serve(port=self.port, host="127.0.0.1", debug=False, restart_delay=0)
        finally:
            watcher.stop.set()


def logged_server(log):
    """livereload's Server class with its own lines and tornado's request log sent through `log`,
    so that they are printed in the site's language like every other line (instead of the
    English handler livereload installs)."""
    from livereload import Server  # only the dev server needs tornado

    class LoggedServer(Server):
        def _setup_logging(self):
            handler = _Lines(log)
            for name, level in (("livereload", logging.INFO), ("tornado", logging.WARNING)):
                logger = logging.getLogger(name)
                logger.setLevel(level)  # tornado: failed requests only, as before
                logger.addHandler(handler)
                logger.propagate = False

    return LoggedServer


class _Lines(logging.Handler):
    def __init__(self, log):
        super().__init__()
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        self.log(record.getMessage(), file=sys.stderr)


def source_excerpt(path: Path, line: int, around: int = 2) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    first = max(1, line - around)
    rows = []
    for number in range(first, min(len(lines), line + around) + 1):
        mark = "background:#ffe0e0;font-weight:bold" if number == line else ""
        rows.append(
            f'<span style="display:block;{mark}">{number:>4} | {html.escape(lines[number - 1])}</span>'
        )
    return (
        f'<pre style="background:#f5f5f5;padding:.5rem;overflow:auto">{"".join(rows)}</pre>' if rows else ""
    )


__all__ = ["DevServer", "digest"]
