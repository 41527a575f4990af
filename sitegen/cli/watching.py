"""What the dev server watches: the whole site folder, by file-system events (inotify through
watchfiles), new folders included, so `templates/`, `assets/` or `data/` created after `serve`
started are seen too. Its own output (.cache/), the default build output (public/) and version
control folders are left out: writing the preview must not trigger another rebuild.
"""

from __future__ import annotations

import errno
import socket
import threading
from pathlib import Path

from livereload.watcher import Watcher

from sitegen.errors import reason

IGNORED_FOLDERS = {".cache", "public", ".git", ".hg", ".svn", "node_modules", "__pycache__"}
IGNORED_SUFFIXES = (
    "~",
    ".swp",
    ".swx",
    ".tmp",
    ".part",
    ".crdownload",
)  # editors' and browsers' scratch files


def wanted(site_dir: Path, path: str) -> bool:
    """Whether a change of `path` can change the site."""
    try:
        parts = Path(path).resolve().relative_to(site_dir).parts
    except ValueError:
        return False
    name = parts[-1] if parts else ""
    return (
        bool(parts)
        and not IGNORED_FOLDERS & set(parts)
        and not name.startswith((".#", "#"))
        and not name.endswith(IGNORED_SUFFIXES)
        and not (name.startswith(".") and name.endswith(".tmp"))
    )


class SiteWatcher(Watcher):
    """livereload's Watcher, told of changes by a watchfiles thread instead of polling mtimes.
    `on_change(paths)` rebuilds, given the absolute paths changed since the last call; livereload
    then tells the browsers to reload."""

    def __init__(self, site_dir: Path, on_change):
        super().__init__()
        self.site_dir = site_dir.resolve()
        self.on_change = on_change
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.pending: set[str] = set()
        self.lock = threading.Lock()
        self.notify: tuple | None = None  # (loop, livereload's poll_tasks), once the server runs

    def begin(self, timeout: float = 10.0) -> None:
        """Start watching, and return once the file-system watches are in place: an edit made
        while the first build runs, or just after the server answers, is not missed."""
        threading.Thread(target=self._run, name="site-watcher", daemon=True).start()
        self.ready.wait(timeout)

    def _run(self) -> None:
        import watchfiles

        for changes in watchfiles.watch(
            self.site_dir,
            watch_filter=lambda _, path: wanted(self.site_dir, path),
            stop_event=self.stop,
            debounce=50,
            step=5,  # a save is handed on once 5 ms pass without another event: ~5-10 ms after it
            raise_interrupt=False,
            rust_timeout=500,
            yield_on_timeout=True,
        ):
            self.ready.set()  # the first (empty) batch comes once the watches are set up
            if not changes:
                continue
            with self.lock:
                self.pending.update(path for _, path in changes)
                notify = self.notify
            if notify:
                notify[0].add_callback(notify[1])  # on the server's own thread

    def start(self, callback) -> bool:
        from tornado.ioloop import IOLoop

        with self.lock:
            self.notify = (IOLoop.current(), callback)
            waiting = bool(self.pending)
        if waiting:
            IOLoop.current().add_callback(callback)
        return True  # no polling

    def examine(self):
        with self.lock:
            changed, self.pending = self.pending, set()
        if not changed:  # livereload's own start-up entry, if any
            return self._changes.pop() if self._changes else (None, None)
        self.on_change(frozenset(changed))
        self.filepath = sorted(changed)[0]
        return self.filepath, None


def port_refusal(port: int) -> str | None:
    """Why the server cannot listen on 127.0.0.1:port, asked before the first build."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(
            socket.SOL_SOCKET, socket.SO_REUSEADDR, 1
        )  # as tornado binds: TIME_WAIT is no refusal
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} is already in use (another serve, or another program); "
                    f"try --port {port + 1 if port < 65535 else 8000}"
                )
            return f"cannot listen on 127.0.0.1:{port}: {reason(exc)}; try another --port"
    return None
