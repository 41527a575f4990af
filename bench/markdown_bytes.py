"""The Markdown renderer's output, digested per document, and its time per article.

    .venv/bin/python bench/markdown_bytes.py digest OUT.txt [--corpus DIR]
    .venv/bin/python bench/markdown_bytes.py time [--corpus DIR] [--repeat 3] [--profile N]

The corpus is the benchmark's (default /tmp/md-corpus), made with
    .venv/bin/python ../shared/bench/make_corpus.py --n 1000 --tool contract --out /tmp/md-corpus

`digest` renders (a) every article of the corpus, (b) the demo site (content/ of the repo) and
(c) every site under tests/ that loads, each with the arguments and link context its build
gives the renderer (the build is run up to the Markdown stage and stopped there), (d) every
.md file under content/ and tests/ on its own, front matter cut off, so that sites which do not
load count too, and (e) 3,000 bodies put together at random (seeded: the same every run) from
pieces of Markdown syntax, Chinese and English text, under each raw HTML policy. It writes one
line per document: its name and the SHA-256 of everything the renderer returned (HTML,
headings, ids, summary, reading time, links, cover, errors, warnings). Run it before and after
a change to the renderer and compare: `cmp before.txt after.txt` (about 4,200 lines).

`time` renders the corpus's bodies `--repeat` times, each time with a new renderer, an empty
slug memo and slugify's cache cleared (as a cold build), after one warm-up that loads pypinyin;
it prints the CPU milliseconds per article of each run and their median. `--profile N` prints
the N most costly functions of one more run under cProfile (by own time, then cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.build import pipeline  # noqa: E402
from sitegen.errors import BuildFailed  # noqa: E402
from sitegen.markup.markdown import Body, LinkContext, MarkdownRenderer  # noqa: E402
from sitegen.settings import HtmlPolicy  # noqa: E402
from sitegen.text import slugs  # noqa: E402

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # after every corpus and fixture date


class _Captured(Exception):
    """Raised from the build once its Markdown jobs are known: nothing after them is needed."""

    def __init__(self, renderer: MarkdownRenderer, jobs: dict):
        super().__init__()
        self.renderer, self.jobs = renderer, jobs


def _capture(renderer, jobs, workers=1):
    raise _Captured(renderer, dict(jobs))


class _Remembered(MarkdownRenderer):
    """The build's renderer, keeping its arguments, for new renderers configured the same."""

    def __init__(self, context, chinese=True, html_policy=None, slugs=None):
        super().__init__(context, chinese, html_policy, slugs)
        self.arguments = (context, chinese, html_policy)


def site_jobs(site_dir: Path) -> tuple[MarkdownRenderer, dict] | None:
    """The renderer and the render() arguments a cold build of `site_dir` uses; None when the
    site stops before the Markdown stage."""
    original = pipeline.render_bodies, pipeline.MarkdownRenderer
    pipeline.render_bodies, pipeline.MarkdownRenderer = _capture, _Remembered  # type: ignore[assignment, misc]
    try:
        options = pipeline.BuildOptions(site_dir, Path("/nonexistent-out"), NOW, check_only=True)
        pipeline.build_site(options)
    except _Captured as captured:
        return captured.renderer, captured.jobs
    except (BuildFailed, OSError):
        return None
    finally:
        pipeline.render_bodies, pipeline.MarkdownRenderer = original  # type: ignore[assignment, misc]
    return None


def body_digest(body: Body) -> str:
    fields = (
        body.html,
        body.headings,
        sorted(body.ids),
        body.summary,
        body.reading_minutes,
        body.links,
        body.cover,
        body.errors,
        body.warnings,
    )
    return hashlib.sha256(repr(fields).encode()).hexdigest()


def split_front_matter(text: str) -> tuple[str, int]:
    """The body after a `---` front matter block, and its first line number."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :], text.count("\n", 0, end + 5) + 1
    return text, 1


def digests(corpus: Path) -> list[str]:
    lines = []
    sites = [("corpus", corpus), ("demo", REPO)]
    sites += [
        (str(path.parent.relative_to(REPO)), path.parent)
        for path in sorted((REPO / "tests").rglob("site.toml"))
        if "node_modules" not in path.parts
    ]
    for name, site_dir in sites:
        found = site_jobs(site_dir)
        if found is None:
            lines.append(f"{name}: does not load")
            continue
        renderer, jobs = found
        for source, args in jobs.items():
            lines.append(f"{name}:{source} {body_digest(renderer.render(*args))}")
    standalone = MarkdownRenderer(LinkContext(REPO, "/base/", {}, {}), True)
    files = sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "tests").rglob("*.md"))
    for path in files:
        if "node_modules" in path.parts:
            continue
        source = str(path.relative_to(REPO))
        body, line = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        folder = str(Path(source).parent)
        lines.append(f"file:{source} {body_digest(standalone.render(body, source, folder, line, None))}")
    context = LinkContext(REPO, "/jdxc/", {"content/articles/other.md": "articles/other/"}, {})
    renderers = [MarkdownRenderer(context, True, HtmlPolicy(raw)) for raw in ("sanitize", "allow", "escape")]
    renderers.append(MarkdownRenderer(context, False, HtmlPolicy(iframe_hosts=("v.example",))))
    for index, body in enumerate(random_bodies(3000)):
        renderer = renderers[index % len(renderers)]
        body_out = renderer.render(body, "content/articles/r.md", "content/articles", 1, None)
        lines.append(f"random:{index} {body_digest(body_out)}")
    return lines


# fmt: off
FRAGMENTS = (
    "禁毒宣传教育", "进校园", "“五个一”", "，", "。", "Hello world", "2024", " ", "  \n", "\n", "\n\n",
    "\n\n# ", "\n\n## 活动成效", "\n\n### Title `code`", "\n\n## **要点** 与 *重点*", "\n\n## 标题 {#custom}",
    "\n\n#### Q&A", "\n\n[TOC]\n\n", "*", "**", "_", "__", "`", "``", "\\*", "\\", "~~", "[", "]", "(", ")",
    "[链接](other.md)", "[link](/abs/path#frag)", "[外链](https://example.org)", "![图片](pic.png)",
    "![](x.jpg \"t\")", "[ref]", "[ref][]", "\n\n[ref]: /x \"T\"\n\n", "[^1]", "\n\n[^1]: 注释内容\n\n",
    "<span>", "</span>", "<b onclick=\"x()\">粗</b>", "<br>", "&amp;", "&copy;", "&#20013;", "&", "<", ">",
    "<http://a.example/>", "<me@example.org>", "http://plain.example", "\n\n<div class=\"note\">块</div>\n\n",
    "\n\n<!-- comment -->\n\n", "<script>alert(1)</script>", "<iframe src=\"https://v.example/e\"></iframe>",
    "\n\n- 一\n- 二\n  - 三\n\n", "\n\n1. 第一\n2. 第二\n\n", "\n\n> 引用\n> 第二行\n\n",
    "\n\n| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n\n", "\n\n```python\nx = 1 < 2\n```\n\n",
    "\n\n``` { .lang onclick=x }\ncode\n```\n\n", "\n\n    indented code\n\n",
    "{: .cls #id }", "{ onfocus=x }",
    "\n{: .para }\n", "\n\n---\n\n", "\n\n***\n\n", "[a](javascript:alert(1))", "[w](C:\\docs\\a.doc)",
    "禁\n毒", "中文\n  English", "*强调*\n文字", "\t", "——", "…", "·",
    "\n\n标题\n===\n\n", "\n\n副标题\n---\n\n",
)
# fmt: on


def random_bodies(count: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(FRAGMENTS, k=rng.randint(1, 60))) for _ in range(count)]


def corpus_run(arguments: tuple, args_list: list) -> float:
    """CPU seconds to render every body with a new renderer, as a cold build does."""
    slugs.slugify.cache_clear()
    renderer = MarkdownRenderer(*arguments, {})
    started = time.process_time()
    for args in args_list:
        renderer.render(*args)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mode", choices=("digest", "time"))
    parser.add_argument("out", nargs="?", help="digest: the file to write")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/md-corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0)
    options = parser.parse_args()
    if options.mode == "digest":
        lines = digests(options.corpus)
        Path(options.out or "/dev/stdout").write_text("\n".join(lines) + "\n")
        print(f"{len(lines)} documents", file=sys.stderr)
        return
    found = site_jobs(options.corpus)
    if found is None:
        raise SystemExit(f"{options.corpus} does not load")
    renderer, jobs = found
    args_list = list(jobs.values())
    started = time.process_time()
    slugs.slugify("禁毒")  # pypinyin's dictionaries, loaded once per build (before forking)
    print(f"pypinyin import: {1000 * (time.process_time() - started):.0f} ms", file=sys.stderr)
    runs = [corpus_run(renderer.arguments, args_list) for _ in range(options.repeat)]
    per_article = [1000 * seconds / len(args_list) for seconds in runs]
    print(
        f"{len(args_list)} articles, ms per article: "
        + ", ".join(f"{ms:.2f}" for ms in per_article)
        + f"; median {statistics.median(per_article):.2f}"
    )
    if options.profile:
        profile = cProfile.Profile()
        profile.runcall(corpus_run, renderer.arguments, args_list)
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(options.profile)
        stats.sort_stats("cumulative").print_stats(options.profile)


if __name__ == "__main__":
    main()
