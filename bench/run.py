#!/usr/bin/env python3
"""Benchmark the generator (and Hugo, when installed) on synthetic Chinese-article corpora.

    python bench/run.py [--sizes 1000 5000] [--repeat 3] [--work bench/corpora] [--no-hugo]

For each size it generates (once, cached in --work) the same N articles for our site contract
and for Hugo with ../shared/bench/make_corpus.py, then measures three scenarios per tool, each
--repeat times, and reports the median:

  cold       output folder and caches deleted first (our site's .cache/, Hugo's resources/ and cache dir)
  no-change  the same command again into the same output folder, nothing changed
  one-edit   one sentence appended to one article, then the same command again

Every build is a subprocess reaped with os.wait4: wall time, user+sys CPU and peak RSS of the
child and the descendants it waited for (peak is the largest single process, not a sum). A build
that exits non-zero, exceeds --timeout, or uses no CPU for --stall seconds (a hang) is killed
with its process group and reported with its status; the later scenarios of that size and tool
are then skipped. Prints a Markdown table and writes bench/results/latest.json.
Standard library only. Exit status: 0 when every build succeeded, 1 otherwise, 2 for bad usage.
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NOW = "2024-07-01T00:00:00+08:00"
SCENARIOS = ("cold", "no-change", "one-edit")
TARGETS = {"cold": 1.5, "no-change": 0.3, "one-edit": 0.3}  # at most this many times Hugo's cold build
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def default_corpus_script() -> Path:
    env = os.environ.get("SITEGEN_CORPUS_SCRIPT")
    return Path(env) if env else ROOT.parent / "shared" / "bench" / "make_corpus.py"


# ------------------------------------------------------------------ corpora
def corpus(script: Path, work: Path, tool: str, n: int) -> Path:
    """Generate (or reuse) the corpus for `tool` ("contract" or "hugo") with n articles."""
    target = work / f"{tool}-{n}"
    stamp = work / f"{tool}-{n}.stamp"
    key = hashlib.sha256(script.read_bytes() + f"|{tool}|{n}".encode()).hexdigest()
    if target.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return target
    log(f"generating {tool} corpus of {n} articles in {target}")
    work.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    subprocess.run([sys.executable, str(script), "--n", str(n), "--tool", tool, "--out", str(target)], check=True)
    stamp.write_text(key)
    return target


def article_path(site: Path, tool: str, n: int) -> Path:
    name = f"post-{(n + 1) // 2:05d}.md"  # the middle article
    return site / "content" / ("posts" if tool == "hugo" else "articles") / name


# ------------------------------------------------------------------ measuring
def tree_cpu_ticks(pgid: int) -> int | None:
    """User+system clock ticks of every live process in the group (Linux /proc); None elsewhere."""
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # after the command: state ppid pgrp session ... utime(12th) stime(13th), 0-based 11 and 12
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total


def measure(cmd: list[str], cwd: Path, log_path: Path, timeout: float, stall: float, env=None) -> dict:
    """Run cmd once; return wall, cpu, peak_mb, status ("ok", "exit N", "timeout", "hung")."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env)
        reaped: dict = {}

        def reap():  # blocking wait4 in a thread, so the wall time is exact and we can still time out
            _, status, usage = os.wait4(proc.pid, 0)
            reaped.update(end=time.perf_counter(), status=status, usage=usage)

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        killed = None
        last_ticks, last_change = None, time.monotonic()
        while waiter.is_alive():
            waiter.join(1.0)
            if not waiter.is_alive():
                break
            now = time.monotonic()
            if time.perf_counter() - start > timeout:
                killed = "timeout"
            elif stall > 0:
                ticks = tree_cpu_ticks(proc.pid)
                if ticks is not None and ticks != last_ticks:
                    last_ticks, last_change = ticks, now
                elif ticks is not None and now - last_change > stall:
                    killed = "hung"
            if killed:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                waiter.join()
        proc.returncode = os.waitstatus_to_exitcode(reaped["status"])
    usage = reaped["usage"]
    wall = reaped["end"] - start
    if killed:
        status = (f"timeout: killed after {wall:.0f} s" if killed == "timeout"
                  else f"hung: no CPU used for {stall:.0f} s, killed after {wall:.0f} s")
    else:
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
            "status": status, "log": str(log_path), "tail": tail(log_path)}


def tail(path: Path, lines: int = 15) -> list[str]:
    text = path.read_bytes().decode("utf-8", "replace")
    return text.splitlines()[-lines:]


# ------------------------------------------------------------------ tools
class Tool:
    name = ""

    def __init__(self, site: Path, out: Path, n: int):
        self.site, self.out, self.n = site, out, n

    def command(self) -> list[str]:
        raise NotImplementedError

    def clean(self):
        shutil.rmtree(self.out, ignore_errors=True)

    env = None


class Ours(Tool):
    name = "sitegen"
    python = sys.executable

    def command(self):
        return [self.python, "build.py", "build", "--site", str(self.site), "--out", str(self.out), "--now", NOW]

    def clean(self):
        super().clean()
        shutil.rmtree(self.site / ".cache", ignore_errors=True)


class OursPages(Ours):
    """The same build with share cards and the search index off: the issue times "images and the
    search index separately", so this row is the one its targets are about."""
    name = "sitegen-pages"


def pages_only(site: Path, work: Path) -> Path:
    """A copy of the corpus whose site.toml turns share cards and the search index off."""
    target = work / f"{site.name}-pages"
    stamp, source_stamp = work / f"{site.name}-pages.stamp", work / f"{site.name}.stamp"
    key = source_stamp.read_text() + "|pages"
    if target.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(site, target, ignore=shutil.ignore_patterns(".cache"))
    toml = target / "site.toml"
    toml.write_text("share_cards = false\nsearch = false\n" + toml.read_text("utf-8"), "utf-8")
    stamp.write_text(key)
    return target


class Hugo(Tool):
    name = "hugo"
    binary = "hugo"

    def __init__(self, site, out, n):
        super().__init__(site, out, n)
        self.cache = out.parent / f"hugo-cache-{n}"
        self.env = dict(os.environ, HUGO_CACHEDIR=str(self.cache))

    def command(self):
        return [self.binary, "--source", str(self.site), "--destination", str(self.out), "--quiet"]

    def clean(self):
        super().clean()
        shutil.rmtree(self.cache, ignore_errors=True)
        shutil.rmtree(self.site / "resources", ignore_errors=True)


def find_hugo() -> str | None:
    """The real binary inside bench/.venv-hugo (skips the Python launcher), else hugo on PATH."""
    found = sorted(glob.glob(str(BENCH / ".venv-hugo/lib/python*/site-packages/hugo/binaries/hugo")))
    for candidate in found + [shutil.which("hugo") or "", str(BENCH / ".venv-hugo/bin/hugo")]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def version_of(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[-1]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "sitegen", "templates", "assets", "build.py"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return head + ("+uncommitted" if dirty else "")
    except OSError:
        return "unknown"


def engine_fingerprint() -> str:
    """A hash of the engine's and theme's files as they are on disk (edits need not be committed)."""
    h = hashlib.sha256()
    for top in ("sitegen", "templates", "assets", "build.py"):
        base = ROOT / top
        for path in sorted([base] if base.is_file() else base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


# ------------------------------------------------------------------ running
def run_tool(tool: Tool, args, logs: Path) -> list[dict]:
    rows = []
    failed = None
    edited = article_path(tool.site, "hugo" if isinstance(tool, Hugo) else "contract", tool.n)
    original = edited.read_bytes()
    try:
        for scenario in SCENARIOS:
            runs = []
            for i in range(args.repeat):
                if failed:
                    break
                if scenario == "cold":
                    tool.clean()
                elif scenario == "one-edit":
                    with open(edited, "a", encoding="utf-8") as f:
                        f.write(f"\n活动结束后，参与的同学纷纷表示收获很大（基准测试第{i + 1}次修改）。\n")
                log(f"{tool.n} {tool.name} {scenario} #{i + 1} ...")
                r = measure(tool.command(), ROOT, logs / f"{tool.n}-{tool.name}-{scenario}-{i + 1}.log",
                            args.timeout, args.stall, tool.env)
                log(f"    {r['status']}: wall {r['wall']:.2f} s, cpu {r['cpu']:.2f} s, peak {r['peak_mb']:.0f} MB")
                runs.append(r)
                if r["status"] != "ok":
                    failed = f"{scenario} #{i + 1}: {r['status']}"
            if not runs:
                rows.append({"size": tool.n, "tool": tool.name, "scenario": scenario, "status": f"skipped ({failed})",
                             "runs": []})
                continue
            ok = [r for r in runs if r["status"] == "ok"]
            pick = ok or runs
            rows.append({"size": tool.n, "tool": tool.name, "scenario": scenario,
                         "status": "ok" if len(ok) == len(runs) else runs[-1]["status"],
                         "wall": statistics.median(r["wall"] for r in pick),
                         "cpu": statistics.median(r["cpu"] for r in pick),
                         "peak_mb": statistics.median(r["peak_mb"] for r in pick),
                         "runs": runs})
    finally:
        edited.write_bytes(original)
    return rows


def table(rows: list[dict]) -> str:
    hugo_cold = {r["size"]: r["wall"] for r in rows
                 if r["tool"] == "hugo" and r["scenario"] == "cold" and r["status"] == "ok"}
    lines = ["| size | tool | scenario | wall s | CPU s | peak MB | x Hugo cold | status |",
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        if not r["runs"]:
            lines.append(f"| {r['size']} | {r['tool']} | {r['scenario']} | – | – | – | – | {r['status']} |")
            continue
        if r["status"] != "ok":  # did not finish: its numbers are only what it used until it was stopped
            lines.append(f"| {r['size']} | {r['tool']} | {r['scenario']} | – | – | – | – | {r['status']}; until then "
                         f"{r['cpu']:.1f} s CPU, {r['peak_mb']:.0f} MB |")
            continue
        ratio = f"{r['wall'] / hugo_cold[r['size']]:.2f}" if r["size"] in hugo_cold else "–"
        lines.append(f"| {r['size']} | {r['tool']} | {r['scenario']} | {r['wall']:.2f} | {r['cpu']:.2f} "
                     f"| {r['peak_mb']:.0f} | {ratio} | {r['status']} |")
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[str]:
    """The issue's targets, checked where both tools have numbers: for the pages-only build (the
    issue times images and the search index separately) and for the full default build."""
    get = {(r["size"], r["tool"], r["scenario"]): r for r in rows if r["runs"] and r["status"] == "ok"}
    out = []
    for tool in ("sitegen-pages", "sitegen"):
        for size in sorted({r["size"] for r in rows}):
            hugo = get.get((size, "hugo", "cold"))
            for scenario, limit in TARGETS.items():
                ours = get.get((size, tool, scenario))
                if ours and hugo:
                    ratio = ours["wall"] / hugo["wall"]
                    out.append(f"- {tool} {size} {scenario}: {ratio:.2f}x Hugo cold (target <= {limit}x): "
                               f"{'met' if ratio <= limit else 'NOT met'}")
                elif hugo:
                    out.append(f"- {tool} {size} {scenario}: no successful build (target <= {limit}x Hugo cold): NOT met")
            ours = get.get((size, tool, "cold"))
            if ours and hugo:
                ratio = ours["peak_mb"] / hugo["peak_mb"]
                out.append(f"- {tool} {size} peak memory: {ratio:.2f}x Hugo's (target <= 0.5x at 5000): "
                           f"{'met' if ratio <= 0.5 else 'NOT met'}")
        colds = sorted((size, r["wall"]) for (size, name, scenario), r in get.items()
                       if name == tool and scenario == "cold")
        for (n1, t1), (n2, t2) in zip(colds, colds[1:]):
            out.append(f"- {tool} linearity: cold {n1} -> {n2} articles took {t2 / t1:.2f}x the time for "
                       f"{n2 / n1:.2f}x the articles (per-article time x{(t2 / n2) / (t1 / n1):.2f})")
    return out


def log(message: str):
    print(message, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=BENCH / "corpora", help="where corpora are generated and cached")
    ap.add_argument("--no-hugo", action="store_true", help="measure only this project")
    ap.add_argument("--timeout", type=float, default=1800, help="kill a build after this many seconds")
    ap.add_argument("--stall", type=float, default=60,
                    help="kill a build whose processes used no CPU for this many seconds (0: never)")
    ap.add_argument("--python", default=None, help="interpreter for build.py (default: .venv/bin/python)")
    ap.add_argument("--corpus-script", type=Path, default=default_corpus_script())
    ap.add_argument("--results", type=Path, default=BENCH / "results" / "latest.json")
    args = ap.parse_args(argv)
    if args.repeat < 1 or any(n < 1 for n in args.sizes):
        ap.error("--repeat and --sizes must be positive")
    if not args.corpus_script.is_file():
        ap.error(f"corpus generator not found: {args.corpus_script} (set SITEGEN_CORPUS_SCRIPT)")
    venv_python = ROOT / ".venv" / "bin" / "python"
    Ours.python = args.python or (str(venv_python) if venv_python.exists() else sys.executable)
    hugo = None if args.no_hugo else find_hugo()
    if not args.no_hugo and not hugo:
        log("hugo not found (bench/.venv-hugo or PATH): measuring this project only")
    work = args.work.resolve()
    logs = args.results.resolve().parent / "logs"
    shutil.rmtree(logs, ignore_errors=True)

    meta = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "sitegen": git_state(), "engine_files": engine_fingerprint(), "python": Ours.python,
            "hugo": version_of([hugo, "version"]) if hugo else None, "hugo_binary": hugo,
            "sizes": args.sizes, "repeat": args.repeat, "now": NOW}
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        for n in args.sizes:
            site = corpus(args.corpus_script, work, "contract", n)
            rows += run_tool(OursPages(pages_only(site, work), Path(tmp) / f"sitegen-pages-{n}", n), args, logs)
            rows += run_tool(Ours(site, Path(tmp) / f"sitegen-{n}", n), args, logs)
            if hugo:
                Hugo.binary = hugo
                rows += run_tool(Hugo(corpus(args.corpus_script, work, "hugo", n), Path(tmp) / f"hugo-{n}", n), args, logs)

    changed = engine_fingerprint() != meta["engine_files"]
    meta["engine_changed_during_run"] = changed
    report = table(rows)
    checks = targets(rows)
    print(f"sitegen {meta['sitegen']} on {meta['machine']['cpus']} CPUs; Hugo: {meta['hugo'] or 'not run'}; "
          f"median of {args.repeat}\n")
    print(report)
    if changed:
        print("\nWARNING: sitegen/, templates/, assets/ or build.py changed while the benchmark ran: "
              "the runs may not measure the same engine.")
    if checks:
        print("\nTargets from the performance issue:")
        print("\n".join(checks))
    failures = [r for r in rows if r["status"] != "ok"]
    for r in failures:
        last = next((run for run in reversed(r["runs"]) if run["status"] != "ok"), None)
        if last:
            print(f"\n{r['size']} {r['tool']} {r['scenario']}: {r['status']}; log {last['log']}, last lines:")
            print("\n".join("    " + line for line in last["tail"]) or "    (no output)")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps({"meta": meta, "results": rows, "targets": checks},
                                       ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults: {args.results}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
