"""One-article edit shown in the browser over the dev server, on the 1,000-article corpus.

Builds the corpus with ../shared/bench/make_corpus.py (contract layout), starts `build.py serve`,
opens an article in headless Chromium (Playwright, Debian's /usr/bin/chromium) with live reload
connected, then five times: edits the article's body and times from the saved file to the new
text on the page in the browser (the new page's first contentful paint, by the browser's clock).
Prints every run and the median; not a timed test.

    .venv/bin/python bench/serve_edit.py [--n 1000] [--runs 5]
"""
from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="serve-edit-") as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, str(CORPUS), "--n", str(args.n), "--tool", "contract", "--out", str(site)],
                       check=True, capture_output=True)
        article = sorted((site / "content" / "articles").glob("*.md"))[args.n // 2]
        port = free_port()
        server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--port",
                                   str(port), "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
        log: list[str] = []
        arrived: list[float] = []  # perf_counter when each log line came: splits the time into steps
        ready = threading.Event()

        def read() -> None:
            for line in server.stdout:
                arrived.append(time.perf_counter())
                log.append(line.rstrip())
                if "serving" in line:
                    ready.set()
        threading.Thread(target=read, daemon=True).start()
        started = time.perf_counter()
        assert ready.wait(600), "\n".join(log)
        print(f"first build of {args.n} articles: {time.perf_counter() - started:.1f} s")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/articles/{article.stem}/")
                page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && "
                                       "window.LiveReload.connector._connectionDesired !== undefined", timeout=20000)
                time.sleep(1.0)
                times, rebuilds, written_at, reload_at = [], [], [], []
                for run in range(args.runs):
                    marker = f"编辑标记{run}号{int(time.time())}"
                    text = article.read_text(encoding="utf-8")
                    before = len(log)
                    article.write_text(re.sub(r"\n\n", f"\n\n{marker}。\n\n", text, count=1), encoding="utf-8")
                    saved, saved_epoch = time.perf_counter(), time.time()
                    while True:
                        try:
                            if marker in page.inner_text("body", timeout=1000):
                                break
                        except Exception:  # noqa: BLE001  the page is reloading
                            pass
                        assert time.perf_counter() - saved < 60, "\n".join(log[-20:])
                        time.sleep(0.05)  # the paint time comes from the browser: polling often only competes for the CPU
                    found = (time.perf_counter() - saved) * 1000
                    # When the new page was painted, by the browser's own clock (the same machine's):
                    # the polling above only notices it a little later.
                    painted = page.evaluate("""() => {
                        const paint = performance.getEntriesByName('first-contentful-paint')[0];
                        const nav = performance.getEntriesByType('navigation')[0];
                        return performance.timeOrigin + (paint ? paint.startTime : nav.domContentLoadedEventEnd);
                    }""")
                    times.append(min(found, painted - saved_epoch * 1000))
                    lines = list(zip(log[before:], arrived[before:], strict=False))
                    written = [(int(m[1]), at) for line, at in lines if (m := re.search(r"in (\d+) ms", line))]
                    rebuilds.append(written[-1][0] if written else float("nan"))
                    written_at.append((written[-1][1] - saved) * 1000 if written else float("nan"))
                    reloads = [at for line, at in lines if line.startswith("Reload")]
                    reload_at.append((reloads[-1] - saved) * 1000 if reloads else float("nan"))
                    print(f"run {run + 1}: shown in the browser {times[-1]:.0f} ms after the save "
                          f"(rebuild and write {rebuilds[-1]} ms, done at {written_at[-1]:.0f} ms, "
                          f"reload sent at {reload_at[-1]:.0f} ms)")
                    time.sleep(1.0)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        print(f"median of {args.runs}: {statistics.median(times):.0f} ms save-to-browser, "
              f"{statistics.median(rebuilds):.0f} ms rebuild, done {statistics.median(written_at):.0f} ms "
              f"and reload sent {statistics.median(reload_at):.0f} ms after the save")
    return 0


if __name__ == "__main__":
    sys.exit(main())
