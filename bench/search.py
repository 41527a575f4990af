#!/usr/bin/env python3
"""Benchmark the search stage: index build cost and query time in headless Chromium.

    .venv/bin/python bench/search.py [--n 1000] [--work bench/corpora] [--engine DIR] [--no-browser]
    .venv/bin/python bench/search.py --queries-only OUT    # only the query times, on a built site

On the benchmark corpus of N articles (../shared/bench/make_corpus.py, share cards off) it runs:

  pages       a cold build with `search = false`: what the build costs without the index
  cold        a cold build with search on (output folder and .cache/ deleted first)
  one-edit    one sentence appended to the middle article, built again with the saved cache
  no-change   the same build again

Each build is `build.py build` in a subprocess (`--engine DIR`: the checkout whose build.py runs,
default this one, so an older commit can be measured the same way): wall time, user+system CPU
of the whole process tree (os.wait4 on the build, which waits for its Pagefind runs), and the
peak of the summed RSS of the whole tree, sampled every 20 ms from /proc. The search stage is
the difference between `cold` and `pages`.

Then the built site is served on 127.0.0.1 and each test query is typed into the search page of
a fresh Chromium page (Debian's /usr/bin/chromium, headless) once the index is loaded; the time
from submitting to the first result shown (or the "nothing found" line), and the result count,
are reported. Prints a Markdown table, with the load average beside it; writes
bench/results/search.json. Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NOW = "2024-07-01T00:00:00+08:00"
QUERIES = ("依托咪酯", "笑气", "合成大麻素", "毒品", "社工", "电子烟", "宣传员", "咪酯", "大麻")
CHROMIUM = "/usr/bin/chromium"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def tree_rss_kb(root: int) -> int:
    """Summed RSS of `root` and every descendant (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run cmd; wall, CPU of the tree, peak summed RSS of the tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    done: dict = {}

    def reap():
        _, status, usage = os.wait4(proc.pid, 0)
        done.update(end=time.perf_counter(), status=status, usage=usage)

    waiter = threading.Thread(target=reap, daemon=True)
    waiter.start()
    while waiter.is_alive():
        peak = max(peak, tree_rss_kb(proc.pid))
        waiter.join(0.02)
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    if os.waitstatus_to_exitcode(done["status"]) != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{output[-2000:]}")
    usage = done["usage"]
    return {"wall": done["end"] - start, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak / 1024}


def corpus(work: Path, n: int, search: bool) -> Path:
    target = work / f"search-{n}-{'on' if search else 'off'}"
    if not (target / "site.toml").is_file():
        shutil.rmtree(target, ignore_errors=True)
        script = ROOT.parent / "shared" / "bench" / "make_corpus.py"
        subprocess.run(
            [sys.executable, str(script), "--n", str(n), "--tool", "contract", "--out", str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        toml = target / "site.toml"
        toml.write_text(
            f"share_cards = false\nsearch = {'true' if search else 'false'}\n" + toml.read_text("utf-8"),
            "utf-8",
        )
    return target


def build_scenarios(engine: Path, n: int, work: Path, out: Path) -> dict:
    def run(site: Path) -> dict:
        return measure(
            [
                sys.executable,
                str(engine / "build.py"),
                "build",
                "--site",
                str(site),
                "--out",
                str(out),
                "--now",
                NOW,
            ],
            engine,
        )

    def fresh(site: Path) -> None:
        shutil.rmtree(site / ".cache", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)

    results = {}
    pages = corpus(work, n, search=False)
    fresh(pages)
    results["pages"] = run(pages)
    site = corpus(work, n, search=True)
    fresh(site)
    results["cold"] = run(site)
    article = site / "content" / "articles" / f"post-{(n + 1) // 2:05d}.md"
    original = article.read_text("utf-8")
    try:
        article.write_text(original + "\n又一次禁毒宣传活动在社区举行。\n", "utf-8")
        results["one-edit"] = run(site)
        results["no-change"] = run(site)
    finally:
        article.write_text(original, "utf-8")
    index = out / "pagefind"
    results["index"] = {
        "files": sum(1 for p in index.rglob("*") if p.is_file()),
        "mb": sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 1e6,
        "shards": sum(1 for p in index.iterdir() if p.is_dir() and (p / "pagefind-entry.json").is_file())
        or 1,
    }
    return results


@contextmanager
def browser_on(folder: Path) -> Iterator[tuple]:
    """`folder` served at http://127.0.0.1:PORT/ and headless Chromium: (browser, base URL)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            try:
                yield browser, f"http://127.0.0.1:{server.server_address[1]}"
            finally:
                browser.close()
    finally:
        server.shutdown()


def query_times(out: Path) -> dict:
    """Serve `out` at / and time each query on a fresh search page."""
    times = {}
    with browser_on(out) as (browser, base):
        for query in QUERIES:
            page = browser.new_page()
            page.goto(base + "/search/", wait_until="load")
            # The index is loaded when the filters are drawn (search.js start()).
            page.wait_for_function("document.querySelector('#search-filters fieldset')", timeout=60_000)
            page.fill("#search-query", query)
            elapsed = page.evaluate("""() => new Promise((done) => {
                const status = document.getElementById('search-status');
                const list = document.getElementById('search-results');
                const start = performance.now();
                const check = () => {
                    if (list.children.length || status.textContent.includes('没有')) {
                        done([performance.now() - start, status.textContent]);
                    } else requestAnimationFrame(check);
                };
                document.querySelector('form.search-page button[type=submit]').click();
                requestAnimationFrame(check);
            })""")
            found = re.search(r"找到 (\d+) 个结果", elapsed[1])
            times[query] = {"ms": round(elapsed[0]), "results": int(found[1]) if found else 0}
            page.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=BENCH / "corpora")
    parser.add_argument("--engine", type=Path, default=ROOT, help="checkout whose build.py runs")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--queries-only", type=Path, metavar="OUT",
                        help="time the queries on this built output folder (for example the 20,000-article "
                             "corpus built once), build nothing")
    args = parser.parse_args()
    if args.queries_only:
        load = Path("/proc/loadavg").read_text().split()[:3]
        pages = sum(1 for _ in args.queries_only.glob("articles/*/index.html"))
        print(f"\n{pages} article pages in {args.queries_only}; load average {' '.join(load)}\n")
        print("| query | ms to first results | results |\n|---|---:|---:|")
        for query, q in query_times(args.queries_only.resolve()).items():
            print(f"| {query} | {q['ms']} | {q['results']} |")
        return 0
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "public"
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        results = build_scenarios(args.engine.resolve(), args.n, args.work.resolve(), out)
        load_after = Path("/proc/loadavg").read_text().split()[:3]
        queries = {} if args.no_browser else query_times(out)
    print(
        f"\n{args.n} articles, engine {args.engine}; load average {' '.join(load_before)} before, "
        f"{' '.join(load_after)} after the builds\n"
    )
    print("| scenario | wall s | CPU s | peak MB (tree) |\n|---|---:|---:|---:|")
    for name in ("pages", "cold", "one-edit", "no-change"):
        r = results[name]
        print(f"| {name} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['peak_mb']:.0f} |")
    stage = {k: results["cold"][k] - results["pages"][k] for k in ("wall", "cpu")}
    index = results["index"]
    print(
        f"\nsearch stage (cold - pages): {stage['wall']:.1f} s wall, {stage['cpu']:.1f} s CPU; "
        f"index {index['mb']:.1f} MB in {index['files']} files, {index['shards']} shard(s)"
    )
    if queries:
        print("\n| query | ms to first results | results |\n|---|---:|---:|")
        for query, q in queries.items():
            print(f"| {query} | {q['ms']} | {q['results']} |")
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "search.json").write_text(
        json.dumps(
            {
                "n": args.n,
                "engine": str(args.engine),
                "load": [load_before, load_after],
                "builds": results,
                "queries": queries,
            },
            ensure_ascii=False,
            indent=1,
        ),
        "utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
