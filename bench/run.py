#!/usr/bin/env python3
"""Benchmark the generator (and Hugo, when installed) on synthetic Chinese-article corpora.

    python bench/run.py [--sizes 1000 5000] [--repeat 3] [--work bench/corpora] [--no-hugo]

For each size it generates (once, cached in --work) the same N articles for our site contract
and for Hugo with ../shared/bench/make_corpus.py, then measures three scenarios per tool, each
--repeat times, and reports the median:

  cold       output folder and caches deleted first (our site's .cache/, Hugo's resources/ and cache dir)
  no-change  the same command again into the same output folder, nothing changed
  one-edit   one sentence appended to one article, then the same command again

Every build is a subprocess in its own process group, reaped with os.wait4: wall time and user+sys
CPU of the child and every descendant it waited for (workers, Pagefind). Peak memory is the whole
tree: the sum of the proportional set size (PSS, /proc/PID/smaps_rollup) of every live process of
the group, sampled every 0.2 s; the largest single process's RSS is kept beside it. Both tools get
the same "now", a day after the corpus's last article, and must build the same number of article
pages. A build
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
SCENARIOS = ("cold", "no-change", "one-edit")
SAMPLE = 0.2  # seconds between two samples of the process tree's memory
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


def corpus_now(site: Path) -> str:
    """A day after the corpus's last article, so both tools publish every article (the corpus
    dates one every 7 hours from 2019: a fixed date would drop the later ones)."""
    last = max(
        dt.datetime.fromisoformat(line[len("date:") :].strip())
        for path in (site / "content").rglob("*.md")
        for line in path.read_text("utf-8").split("\n---", 1)[0].splitlines()
        if line.startswith("date:")
    )
    return (last + dt.timedelta(days=1)).isoformat()


def article_pages(out: Path, tool: str) -> int:
    """How many article pages a build wrote (Hugo's section is posts/, ours articles/)."""
    return len(list((out / ("posts" if tool == "hugo" else "articles")).glob("*/index.html")))


def article_path(site: Path, tool: str, n: int) -> Path:
    name = f"post-{(n + 1) // 2:05d}.md"  # the middle article
    return site / "content" / ("posts" if tool == "hugo" else "articles") / name


# ------------------------------------------------------------------ measuring
def group_processes(pgid: int) -> list[tuple[str, int]] | None:
    """(pid, user+system clock ticks) of every live process in the group (Linux /proc); None elsewhere."""
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    found = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # after the command: state ppid pgrp session ... utime(12th) stime(13th), 0-based 11 and 12
        if int(fields[2]) == pgid:
            found.append((pid, int(fields[11]) + int(fields[12])))
    return found


def memory_kib(pid: str) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB, (0, 0) when it is gone or unreadable."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return pss, rss


class TreeSampler:
    """Samples a process group: peak of the summed PSS (the whole tree, shared pages counted once
    in proportion) and of the largest single RSS, and when its CPU ticks last moved (hangs)."""

    def __init__(self, pgid: int):
        self.pgid = pgid
        self.peak_tree_kib = self.peak_single_kib = 0
        self.ticks: int | None = None
        self.last_change = time.monotonic()

    def sample(self) -> None:
        processes = group_processes(self.pgid)
        if processes is None:
            return
        sizes = [memory_kib(pid) for pid, _ in processes]
        self.peak_tree_kib = max(self.peak_tree_kib, sum(pss for pss, _ in sizes))
        self.peak_single_kib = max([self.peak_single_kib] + [rss for _, rss in sizes])
        ticks = sum(t for _, t in processes)
        if ticks != self.ticks:
            self.ticks, self.last_change = ticks, time.monotonic()


def measure(cmd: list[str], cwd: Path, log_path: Path, timeout: float, stall: float, env=None) -> dict:
    """Run cmd once; return wall, cpu, peak_mb (whole tree), peak_single_mb, status ("ok", "exit N",
    "timeout", "hung")."""
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
        sampler = TreeSampler(proc.pid)
        while waiter.is_alive():
            sampler.sample()
            waiter.join(SAMPLE)
            if not waiter.is_alive():
                break
            if time.perf_counter() - start > timeout:
                killed = "timeout"
            elif stall > 0 and sampler.ticks is not None and time.monotonic() - sampler.last_change > stall:
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
            "peak_mb": sampler.peak_tree_kib / 1024,
            # the largest single process (ru_maxrss is in KiB on Linux), also when it lived under 0.2 s
            "peak_single_mb": max(sampler.peak_single_kib, usage.ru_maxrss) / 1024,
            "status": status, "log": str(log_path), "tail": tail(log_path)}


def tail(path: Path, lines: int = 15) -> list[str]:
    text = path.read_bytes().decode("utf-8", "replace")
    return text.splitlines()[-lines:]


# ------------------------------------------------------------------ tools
class Tool:
    name = ""
    kind = "contract"  # which corpus layout
    env = None

    def __init__(self, site: Path, out: Path, n: int, now: str):
        self.site, self.out, self.n, self.now = site, out, n, now

    def command(self) -> list[str]:
        raise NotImplementedError

    def clean(self):
        shutil.rmtree(self.out, ignore_errors=True)


class Ours(Tool):
    """The default build: share cards and the search index on."""

    name = "sitegen"
    python = sys.executable

    def command(self):
        return [self.python, "build.py", "build", "--site", str(self.site), "--out", str(self.out), "--now", self.now]

    def clean(self):
        super().clean()
        shutil.rmtree(self.site / ".cache", ignore_errors=True)


# Our build with parts switched off in a copy of the corpus's site.toml: name -> lines prepended.
# The differences between the rows are what share cards and the search index cost.
VARIANTS = {
    "sitegen-pages": "share_cards = false\nsearch = false\n",  # all pages, lists, taxonomies, feeds
    "sitegen-search": "share_cards = false\n",  # search on, cards off
}


def variant_site(site: Path, work: Path, name: str) -> Path:
    """A copy of the corpus whose site.toml starts with the variant's settings."""
    suffix = name.removeprefix("sitegen-")
    target = work / f"{site.name}-{suffix}"
    stamp, source_stamp = work / f"{site.name}-{suffix}.stamp", work / f"{site.name}.stamp"
    key = source_stamp.read_text() + "|" + VARIANTS[name]
    if target.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(site, target, ignore=shutil.ignore_patterns(".cache"))
    toml = target / "site.toml"
    toml.write_text(VARIANTS[name] + toml.read_text("utf-8"), "utf-8")
    stamp.write_text(key)
    return target


class Hugo(Tool):
    name = "hugo"
    kind = "hugo"
    binary = "hugo"

    def __init__(self, site, out, n, now):
        super().__init__(site, out, n, now)
        self.cache = out.parent / f"hugo-cache-{n}"
        self.env = dict(os.environ, HUGO_CACHEDIR=str(self.cache))

    def command(self):
        return [self.binary, "--source", str(self.site), "--destination", str(self.out), "--quiet", "--clock", self.now]

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
    edited = article_path(tool.site, tool.kind, tool.n)
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
                log(f"    {r['status']}: wall {r['wall']:.2f} s, cpu {r['cpu']:.2f} s, peak {r['peak_mb']:.0f} MB "
                    f"(largest process {r['peak_single_mb']:.0f} MB)")
                runs.append(r)
                if r["status"] != "ok":
                    failed = f"{scenario} #{i + 1}: {r['status']}"
            row = {"size": tool.n, "tool": tool.name, "scenario": scenario, "runs": runs}
            if not runs:
                rows.append(row | {"status": f"skipped ({failed})"})
                continue
            ok = [r for r in runs if r["status"] == "ok"]
            pick = ok or runs
            row["status"] = "ok" if len(ok) == len(runs) else runs[-1]["status"]
            for field in ("wall", "cpu", "peak_mb", "peak_single_mb"):
                row[field] = statistics.median(r[field] for r in pick)
            if scenario == "cold" and ok:
                row["article_pages"] = article_pages(tool.out, tool.kind)
            rows.append(row)
    finally:
        edited.write_bytes(original)
    return rows


def table(rows: list[dict]) -> str:
    hugo_cold = {r["size"]: r for r in rows if r["tool"] == "hugo" and r["scenario"] == "cold" and r["status"] == "ok"}
    lines = ["| size | tool | scenario | CPU s | wall s | x Hugo cold CPU | x Hugo cold wall | peak MB (tree PSS) "
             "| largest process MB | status |",
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        if not r["runs"]:
            lines.append(f"| {r['size']} | {r['tool']} | {r['scenario']} | – | – | – | – | – | – | {r['status']} |")
            continue
        if r["status"] != "ok":  # did not finish: its numbers are only what it used until it was stopped
            lines.append(f"| {r['size']} | {r['tool']} | {r['scenario']} | – | – | – | – | – | – | {r['status']}; "
                         f"until then {r['cpu']:.1f} s CPU, {r['peak_mb']:.0f} MB |")
            continue
        hugo = hugo_cold.get(r["size"])
        cpu_ratio = f"{r['cpu'] / hugo['cpu']:.2f}" if hugo else "–"
        wall_ratio = f"{r['wall'] / hugo['wall']:.2f}" if hugo else "–"
        lines.append(f"| {r['size']} | {r['tool']} | {r['scenario']} | {r['cpu']:.2f} | {r['wall']:.2f} | {cpu_ratio} "
                     f"| {wall_ratio} | {r['peak_mb']:.0f} | {r['peak_single_mb']:.0f} | {r['status']} |")
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[str]:
    """The issue's targets, as ratios to Hugo in the same run (CPU, with wall beside it)."""
    get = {(r["size"], r["tool"], r["scenario"]): r for r in rows if r["runs"] and r["status"] == "ok"}
    out = []

    def check(what: str, ours: dict | None, hugo: dict | None, limit: float, field_names=("cpu", "wall")):
        if not hugo:
            return
        if not ours:
            out.append(f"- {what}: no successful build (target <= {limit}x Hugo): NOT met")
            return
        ratios = {f: ours[f] / hugo[f] for f in field_names}
        shown = ", ".join(f"{ratios[f]:.2f}x {'CPU' if f == 'cpu' else f}" for f in field_names)
        met = ratios[field_names[0]] <= limit
        out.append(f"- {what}: {shown} of Hugo's (target <= {limit}x): {'met' if met else 'NOT met'}")

    for size in sorted({r["size"] for r in rows}):
        hugo = get.get((size, "hugo", "cold"))
        check(f"{size} default cold", get.get((size, "sitegen", "cold")), hugo, 1.0 if size >= 20000 else 2.0)
        if size >= 5000:
            check(f"{size} pages-only cold", get.get((size, "sitegen-pages", "cold")), hugo,
                  0.8 if size >= 20000 else 1.5)
        check(f"{size} default one-article edit", get.get((size, "sitegen", "one-edit")),
              get.get((size, "hugo", "one-edit")), 0.25)
        for tool in ("sitegen", "sitegen-pages"):
            check(f"{size} {tool} peak memory (tree)", get.get((size, tool, "cold")), hugo, 0.5, ("peak_mb",))
    for tool in ("sitegen", "sitegen-pages", "hugo"):
        if (ours := get.get((20000, tool, "cold"))) and (base := get.get((5000, tool, "cold"))):
            growth = ours["cpu"] / base["cpu"]
            out.append(f"- {tool} growth 5000 -> 20000: {growth:.2f}x the CPU (target <= 4.5x): "
                       f"{'met' if growth <= 4.5 or tool == 'hugo' else 'NOT met'}")
    return out


def page_count_errors(rows: list[dict]) -> list[str]:
    """Every tool's cold build must have written as many article pages as Hugo's."""
    errors = []
    for size in sorted({r["size"] for r in rows}):
        counts = {r["tool"]: r["article_pages"] for r in rows if r["size"] == size and "article_pages" in r}
        if len(set(counts.values())) > 1:
            errors.append(f"{size} articles: the tools built different numbers of article pages: {counts}")
    return errors


def log(message: str):
    print(message, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="article counts (20000: the scale run)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=BENCH / "corpora", help="where corpora are generated and cached")
    ap.add_argument("--no-hugo", action="store_true", help="measure only this project")
    ap.add_argument("--timeout", type=float, default=3600, help="kill a build after this many seconds")
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
            "load_before": os.getloadavg(),
            "sitegen": git_state(), "engine_files": engine_fingerprint(), "python": Ours.python,
            "hugo": version_of([hugo, "version"]) if hugo else None, "hugo_binary": hugo,
            "sizes": args.sizes, "repeat": args.repeat, "now": {}}
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        for n in args.sizes:
            site = corpus(args.corpus_script, work, "contract", n)
            now = meta["now"][n] = corpus_now(site)
            for name in VARIANTS:
                variant = type(name, (Ours,), {"name": name})
                rows += run_tool(variant(variant_site(site, work, name), Path(tmp) / f"{name}-{n}", n, now), args, logs)
            rows += run_tool(Ours(site, Path(tmp) / f"sitegen-{n}", n, now), args, logs)
            if hugo:
                Hugo.binary = hugo
                hugo_site = corpus(args.corpus_script, work, "hugo", n)
                rows += run_tool(Hugo(hugo_site, Path(tmp) / f"hugo-{n}", n, now), args, logs)
    meta["load_after"] = os.getloadavg()

    changed = engine_fingerprint() != meta["engine_files"]
    meta["engine_changed_during_run"] = changed
    report = table(rows)
    checks = targets(rows)
    count_errors = page_count_errors(rows)
    print(f"sitegen {meta['sitegen']} on {meta['machine']['cpus']} CPUs; Hugo: {meta['hugo'] or 'not run'}; "
          f"median of {args.repeat}; load average {meta['load_before'][0]:.2f} before, "
          f"{meta['load_after'][0]:.2f} after\n")
    print(report)
    if changed:
        print("\nWARNING: sitegen/, templates/, assets/ or build.py changed while the benchmark ran: "
              "the runs may not measure the same engine.")
    if checks:
        print("\nTargets from the performance issue (CPU of the whole process tree decides):")
        print("\n".join(checks))
    for error in count_errors:
        print(f"\nERROR: {error}")
    failures = [r for r in rows if r["status"] != "ok"]
    for r in failures:
        last = next((run for run in reversed(r["runs"]) if run["status"] != "ok"), None)
        if last:
            print(f"\n{r['size']} {r['tool']} {r['scenario']}: {r['status']}; log {last['log']}, last lines:")
            print("\n".join("    " + line for line in last["tail"]) or "    (no output)")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps({"meta": meta, "results": rows, "targets": checks, "errors": count_errors},
                                       ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults: {args.results}")
    return 1 if failures or count_errors else 0


if __name__ == "__main__":
    sys.exit(main())
