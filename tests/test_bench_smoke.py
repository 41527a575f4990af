"""A tiny run of the benchmark harness (bench/run.py): 20 articles, one repeat, no Hugo."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = Path(os.environ.get("SITEGEN_CORPUS_SCRIPT", ROOT.parent / "shared" / "bench" / "make_corpus.py"))


@pytest.mark.skipif(not CORPUS_SCRIPT.is_file(), reason=f"corpus generator {CORPUS_SCRIPT} is not here")
def test_bench_smoke(tmp_path):
    python = ROOT / ".venv" / "bin" / "python"
    results = tmp_path / "results" / "latest.json"
    done = subprocess.run(
        [str(python if python.exists() else sys.executable), "bench/run.py", "--sizes", "20", "--repeat", "1",
         "--no-hugo", "--work", str(tmp_path / "corpora"), "--results", str(results), "--timeout", "120",
         "--corpus-script", str(CORPUS_SCRIPT)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("| 20 ")]
    assert [[cell.strip() for cell in row][1:3] for row in rows] == [
        [tool, scenario]
        for tool in ("sitegen-pages", "sitegen-search", "sitegen")
        for scenario in ("cold", "no-change", "one-edit")]
    assert all(row[-1].strip() == "ok" for row in rows)
    data = json.loads(results.read_text(encoding="utf-8"))
    assert {r["scenario"] for r in data["results"]} == {"cold", "no-change", "one-edit"}
    assert all(r["wall"] > 0 and r["cpu"] > 0 and r["peak_mb"] > 0 for r in data["results"])
    assert {r["article_pages"] for r in data["results"] if r["scenario"] == "cold"} == {20}
    assert data["meta"]["now"]["20"].startswith("2019-01-0")  # a day after the 20th article (every 7 hours)
    pages_toml = tmp_path / "corpora" / "contract-20-pages" / "site.toml"
    assert pages_toml.read_text(encoding="utf-8").startswith("share_cards = false\nsearch = false\n")
