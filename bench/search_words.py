#!/usr/bin/env python3
"""Chinese words for the search index: one character per word (what search.py does) against
overlapping character pairs (bigrams), on the same records, shards and Pagefind.

    .venv/bin/python bench/search_words.py [--n 1000] [--work bench/corpora]

The records of the benchmark corpus (share cards off) are taken from an in-process build, then
indexed twice, shard by shard, with search.py's own build_index:

  unigram   the records as the site indexes them: 禁 毒 宣 传
  bigram    each run of Chinese characters as its overlapping pairs, and its last character
            alone so that a one-character query still finds it (as a prefix or whole):
            禁毒 毒宣 宣传 传. Indexed under the language "und": Pagefind's search page splits a
            zh query with Intl.Segmenter, which would cut a pair such as 托咪 in two.

For each: CPU and wall of the Pagefind runs, the largest run's peak RSS, the index size; then in
headless Chromium (/usr/bin/chromium) the time of `pagefind.search` for each test query on the
merged shards (first query of a fresh page, index loaded), and whether both find the same pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROBES = ("依托", "托咪")  # one pair each, as a word: does the bigram index hold it whole?
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from search import QUERIES, browser_on, corpus  # noqa: E402

from sitegen.text.cjk import CJK_CHINESE_RE  # noqa: E402


def site_records(site: Path) -> list[dict]:
    import sitegen.build.pipeline as pipeline
    from sitegen.build.pipeline import BuildOptions, build_site

    captured: list[dict] = []
    real = pipeline.build_index
    pipeline.build_index = lambda records, *rest: captured.extend(records) or []  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as out:
            now = dt.datetime(2024, 7, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
            build_site(BuildOptions(site_dir=site, out_dir=Path(out) / "public", now=now, workers=2))
    finally:
        pipeline.build_index = real
    return captured


def bigrams(content: str) -> str:
    """'禁 毒 宣 传 in 6.26' -> '禁毒 毒宣 宣传 传 in 6.26' (the spaced text regrouped)."""
    out, run = [], []

    def flush():
        out.extend(a + b for a, b in zip(run, run[1:], strict=False))
        out.extend(run[-1:])
        run.clear()

    for word in content.split():
        if len(word) == 1 and CJK_CHINESE_RE.match(word):
            run.append(word)
        else:
            flush()
            out.append(word)
    flush()
    return " ".join(out)


def index(records: list[dict], language: str, target: Path) -> dict:
    from sitegen.outputs.search import build_index, index_outputs, shard_records

    shards = shard_records(records)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    built = {name: build_index(rs, language, target / f".work-{name}") for name, rs in shards.items()}
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    size = 0
    for output in index_outputs(built):
        path = target / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.data)
        size += len(output.data)
    return {
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "wall": wall,
        "peak_mb": after.ru_maxrss / 1024,  # the largest Pagefind run so far (runs are one at a time)
        "mb": size / 1e6,
        "shards": [f"/{target.name}/pagefind/{name}/" for name in shards],
    }


def phrase_js(mode: str) -> str:
    """The query as search.js would send it for each kind of index."""
    cjk = json.dumps(CJK_CHINESE_RE.pattern)
    return f"""(word) => {{
        const run = new RegExp({cjk} + "+", "g");
        const spaced = word.replace(run, (r) => {{
            const chars = [...r];
            if ("{mode}" === "unigram" || chars.length < 2) return ` ${{chars.join(" ")}} `;
            return ` ${{chars.slice(1).map((c, i) => chars[i] + c).join(" ")}} `;
        }}).trim().replace(/\\s+/g, " ");
        return spaced.includes(" ") ? `"${{spaced}}"` : spaced;
    }}"""


def query_times(root: Path, built: dict) -> dict:
    (root / "page.html").write_text('<!DOCTYPE html><html lang="zh-CN"><body></body></html>', "utf-8")
    results: dict = {mode: {} for mode in built}
    with browser_on(root) as (browser, base):
        for mode, info in built.items():
            for query in QUERIES + PROBES:
                page = browser.new_page()
                page.goto(base + "/page.html")
                ms, urls = page.evaluate(
                    f"""async ([shards, query]) => {{
                        const phrase = {phrase_js(mode)};
                        const pagefind = await import(`/{mode}/pagefind/pagefind.js`);
                        await pagefind.options({{ basePath: shards[0], baseUrl: "/" }});
                        for (const more of shards.slice(1)) {{
                            await pagefind.mergeIndex(more, {{ baseUrl: "/" }});
                        }}
                        await pagefind.filters();  // the index is loaded, as on the search page
                        const start = performance.now();
                        const response = await pagefind.search(phrase(query));
                        await Promise.all(response.results.slice(0, 10).map((r) => r.data()));  // shown first
                        const ms = performance.now() - start;
                        const all = await Promise.all(response.results.map((r) => r.data()));
                        return [ms, all.map((d) => d.url).sort()];
                    }}""",
                    [info["shards"], query],
                )
                results[mode][query] = {"ms": round(ms), "urls": urls}
                page.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=BENCH / "corpora")
    args = parser.parse_args()
    records = site_records(corpus(args.work.resolve(), args.n, search=True))
    load = Path("/proc/loadavg").read_text().split()[:3]
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        built = {
            "unigram": index(records, "zh-cn", root / "unigram"),
            "bigram": index(
                [{**r, "content": bigrams(r["content"])} for r in records], "und", root / "bigram"
            ),
        }
        for mode in built:
            for work in (root / mode).glob(".work-*"):
                shutil.rmtree(work, ignore_errors=True)
        times = query_times(root, built)
    print(f"\n{len(records)} records, load average {' '.join(load)} at the start\n")
    print("| words | Pagefind CPU s | wall s | largest run peak MB | index MB |\n|---|---:|---:|---:|---:|")
    for mode, info in built.items():
        print(
            f"| {mode} | {info['cpu']:.1f} | {info['wall']:.1f} | {info['peak_mb']:.0f} | {info['mb']:.1f} |"
        )
    print(
        "\n| query | unigram ms | bigram ms | unigram pages | bigram pages | same pages |"
        "\n|---|---:|---:|---:|---:|---|"
    )
    for query in QUERIES + PROBES:
        uni, bi = times["unigram"][query], times["bigram"][query]
        same = "yes" if uni["urls"] == bi["urls"] else "NO"
        print(f"| {query} | {uni['ms']} | {bi['ms']} | {len(uni['urls'])} | {len(bi['urls'])} | {same} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
