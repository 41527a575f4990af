"""The benchmark's measuring code (bench/run.py), untimed: the whole-tree memory sampler, the
shared "now" and the page-count check."""

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

# A parent and a child, each touching 60 MB of its own, then waiting to be killed.
HOLD = (
    "import os, sys, time\n"
    "block = bytearray(60 * 1024 * 1024)\n"
    "for i in range(0, len(block), 4096): block[i] = 1\n"
    "if sys.argv[1:] == ['parent']:\n"
    "    import subprocess; subprocess.Popen([sys.executable, '-c', open(__file__).read(), 'child'])\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_tree_sampler_sums_the_whole_process_group(tmp_path):
    script = tmp_path / "hold.py"
    script.write_text(HOLD)
    proc = subprocess.Popen([sys.executable, str(script), "parent"], start_new_session=True)
    try:
        sampler = bench.TreeSampler(proc.pid)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            sampler.sample()
            if len(bench.group_processes(proc.pid) or []) == 2 and sampler.peak_tree_kib > 120 * 1024:
                break
            time.sleep(0.1)
        assert len(bench.group_processes(proc.pid)) == 2
        # two processes of 60+ MB each: the tree counts both, the largest process one
        assert sampler.peak_tree_kib > 120 * 1024
        assert 60 * 1024 < sampler.peak_single_kib < sampler.peak_tree_kib
        assert sampler.ticks and sampler.ticks > 0
    finally:
        os.killpg(proc.pid, 9)
        proc.wait()


def test_measure_reports_tree_peak_and_cpu(tmp_path):
    script = tmp_path / "hold.py"
    script.write_text(HOLD.replace("time.sleep(60)", "time.sleep(1.5)"))
    r = bench.measure([sys.executable, str(script), "parent"], tmp_path, tmp_path / "log", 60, 0)
    assert r["status"] == "ok"
    assert r["peak_mb"] > 120 and r["peak_single_mb"] > 60
    assert r["cpu"] > 0 and r["wall"] >= 1.5


def test_now_is_a_day_after_the_last_article(tmp_path):
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    for name, date in (("a", "2026-03-01T08:00:00+08:00"), ("b", "2026-05-02T23:30:00+08:00")):
        (posts / f"{name}.md").write_text(f'---\ntitle: "x"\ndate: {date}\n---\ndate: 2099-01-01\n', "utf-8")
    assert bench.corpus_now(tmp_path) == "2026-05-03T23:30:00+08:00"


def test_different_article_page_counts_are_an_error(tmp_path):
    for tool, folder, count in (("hugo", "posts", 3), ("sitegen", "articles", 2)):
        for i in range(count):
            page = tmp_path / tool / folder / f"p{i}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text("x")
    rows = [{"size": 3, "tool": tool, "article_pages": bench.article_pages(tmp_path / tool, kind)}
            for tool, kind in (("hugo", "hugo"), ("sitegen", "contract"))]
    assert [r["article_pages"] for r in rows] == [3, 2]
    assert bench.page_count_errors(rows) and not bench.page_count_errors(rows[:1])


def test_targets_are_ratios_to_hugo_in_the_same_run():
    def row(tool, scenario, cpu, size=1000, peak=100.0):
        return {"size": size, "tool": tool, "scenario": scenario, "status": "ok", "runs": [{}],
                "cpu": cpu, "wall": cpu / 2, "peak_mb": peak}

    rows = [row("hugo", "cold", 10, peak=300), row("hugo", "one-edit", 10), row("sitegen", "cold", 19, peak=140),
            row("sitegen", "one-edit", 3), row("sitegen-pages", "cold", 5, peak=160)]
    checks = "\n".join(bench.targets(rows))
    assert "1000 default cold: 1.90x CPU, 1.90x wall of Hugo's (target <= 2.0x): met" in checks
    assert "1000 default one-article edit: 0.30x CPU, 0.30x wall of Hugo's (target <= 0.25x): NOT met" in checks
    assert "1000 sitegen peak memory (tree): 0.47x peak_mb of Hugo's (target <= 0.5x): met" in checks
    assert "1000 sitegen-pages peak memory (tree): 0.53x peak_mb of Hugo's (target <= 0.5x): NOT met" in checks
