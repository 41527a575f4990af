"""Output stage: the Pagefind search index, built by Pagefind's own program, one run per shard.

Chinese is indexed one character at a time and searched as a quoted phrase (search.js), so
the index and the browser never disagree about where words begin: any Chinese substring,
drug names included, is found whole. Aliases come from the site's word list.

The records are split by a hash of their URL into shards of at most about SHARD_PAGES, each a
Pagefind index of its own in pagefind/<shard>/, merged in the browser (Pagefind's mergeIndex).
Pagefind cannot update an index, so this is what keeps an edit cheap (only the edited page's
shard is indexed again) and the memory of one indexing run bounded.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import cbor2

from sitegen.content.model import Output
from sitegen.errors import Diagnostics, error
from sitegen.media.assets import theme_dir
from sitegen.text.cjk import CJK_CHINESE_RANGES, CJK_CHINESE_RE
from sitegen.text.dates import cn_day, iso_datetime
from sitegen.text.plain import html_to_text as plain_text
from sitegen.types import TYPES

WORD_LIST = "data/search-words.txt"
KEEP = re.compile(
    r"^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\..*|pagefind\..*\.pf_meta|"
    r"(index|fragment|filter)/.*)$"
)
PRIMARY_ONLY = re.compile(r"^(pagefind-worker\.js|wasm\..*)$")  # loaded from the primary index's folder only
SHARD_PAGES = 256  # records per shard at most (about): bounds one Pagefind run's memory and time
PAGEFIND_VERSION = version("pagefind_bin_extended")  # in a shard's cache key: the indexer
TITLE_END = (
    "¦"  # after the title in the indexed text (a word of no letters): search.js cuts the excerpt there
)
_CJK_RUN = re.compile(f"(?:{CJK_CHINESE_RE.pattern})+")


def spaced(text: str) -> str:
    """'禁毒 in 学校' -> '禁 毒 in 学 校': each Chinese character its own word."""
    return _CJK_RUN.sub(lambda m: " " + " ".join(m.group()) + " ", text)


def load_word_groups(site_dir: Path, problems: Diagnostics) -> list[list[str]]:
    """Groups of a proper name and its aliases; the site's list, else the built-in one."""
    site_path = site_dir / WORD_LIST
    path = site_path if site_path.is_file() else theme_dir() / WORD_LIST
    if not path.is_file():
        return []
    shown = WORD_LIST if path == site_path else str(path)
    groups = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if len(set(words)) != len(words):
            problems.append(error(shown, number, f"a word is listed twice in this group: {line}"))
        groups.append(words)
    return groups


def search_records(site) -> list[dict]:
    """One record per content page and per page a type adds (programmes): main content only.
    What an item is found by beyond its title, summary and body is its type's `search_text`."""
    records = []
    zone = site.settings.zone
    for item in site.content.items:
        body = site.body(item)
        fields = [body.summary, plain_text(body.html), *item.kind.search_text(item)]
        when = item.kind.feed_date(item)
        filters = {"type": [item.kind.label]}
        for name in ("venues", "audiences"):
            if item.terms.get(name):
                filters[name] = list(item.terms[name])
        records.append(
            {
                "url": site.url(item.path),
                "content": indexed_text(item.front.title, fields),
                "meta": {
                    "title": item.front.title,
                    "type": item.kind.label,
                    **({"date": cn_day(when, zone)} if when is not None else {}),
                },
                "filters": filters,
                "sort": {"date": iso_datetime(when, zone)} if when is not None else {},
            }
        )
    for kind in TYPES:
        for page in kind.extra_pages(site, site.collections.sections[kind.name]):
            records.append(
                {
                    "url": site.url(page.path),
                    "content": indexed_text(page.title, [page.text]),
                    "meta": {"title": page.title, "type": kind.label},
                    "filters": {"type": [kind.label]},
                    "sort": {},
                }
            )
    return records


def indexed_text(title: str, fields: list[str]) -> str:
    """The title, then the rest: the title is searched like the text, and the excerpt shown
    under it starts after it (search.js cuts at TITLE_END)."""
    return f"{spaced(title)} {TITLE_END} {spaced(' '.join(f for f in fields if f))}"


def shard_records(records: list[dict]) -> dict[str, list[dict]]:
    """Records grouped by a hash of their URL into a power of two of shards, SHARD_PAGES each at
    most on average: a page keeps its shard until the site doubles in size, so an edit or a new
    page changes one shard. Named by their number; empty shards are left out."""
    count = 1
    while count * SHARD_PAGES < len(records):
        count *= 2
    shards: dict[int, list[dict]] = {}
    for record in records:
        shards.setdefault(int(hashlib.sha256(record["url"].encode()).hexdigest()[:8], 16) % count, []).append(
            record
        )
    return {str(number): shards[number] for number in sorted(shards)}


def search_config(site, shards: list[str] | None) -> dict:
    """What search.js reads: the script, the shards to merge (None: no index is built, as in the
    dev server; []: nothing to index), the word list, the filters and the Chinese ranges."""
    filters = [["type", "类型"]] + [
        [t.name, t.title] for t in site.settings.taxonomies if t.name in ("venues", "audiences")
    ]
    return {
        "pagefind": site.url("pagefind/pagefind.js"),
        "shards": None if shards is None else [site.url(f"pagefind/{name}/") for name in shards],
        "groups": site.word_groups,
        "filters": filters,
        "cjk": CJK_CHINESE_RANGES,
        "titleEnd": TITLE_END,
    }


def index_outputs(shards: dict[str, list[Output]]) -> list[Output]:
    """Each shard's files in pagefind/<shard>/, and pagefind.js once in pagefind/. The first shard
    is the primary index: its folder alone keeps the worker script and the WebAssembly, which
    the shards merged into it share."""
    outputs: dict[str, Output] = {}
    for number, (name, files) in enumerate(shards.items()):
        for file in files:
            if file.path == "pagefind.js":
                outputs.setdefault(file.path, Output("pagefind/pagefind.js", data=file.data))
            elif number == 0 or not PRIMARY_ONLY.match(file.path):
                outputs[f"{name}/{file.path}"] = Output(f"pagefind/{name}/{file.path}", data=file.data)
    return [outputs[path] for path in sorted(outputs)]


def index_page(record: dict, language: str) -> str:
    """A minimal page for Pagefind: metadata and filters in <meta> tags, the text in <main>."""
    esc = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    head = [
        f'<meta data-pagefind-meta="{key}[content]" content="{esc(value)}">'
        for key, value in record["meta"].items()
    ]
    head += [
        f'<meta data-pagefind-filter="{key}[content]" content="{esc(value)}">'
        for key, values in record["filters"].items()
        for value in values
    ]
    head += [
        f'<meta data-pagefind-sort="{key}[content]" content="{esc(value)}">'
        for key, value in record["sort"].items()
    ]
    return (
        f'<!DOCTYPE html><html lang="{esc(language)}"><head>{"".join(head)}</head>'
        f"<body><main data-pagefind-body><p>{esc(record['content'])}</p></main></body></html>"
    )


def build_index(records: list[dict], language: str, work_dir: Path) -> list[Output]:
    """Index one shard's records into files named within its folder, with Pagefind's own command,
    run to completion on pages staged under `work_dir` (a new folder in this build's private work
    folder, build/staging.py: no other build writes there). Not its Python API: that one reads one
    message per 0.1 s, hangs on large answers, and once handed back an index whose entry file was
    still empty. An index that does not hold every page is refused, never cached or published."""
    shutil.rmtree(work_dir, ignore_errors=True)
    for record in records:
        target = work_dir / "pages" / record["url"].lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index_page(record, language.lower()), encoding="utf-8")
    written = work_dir / "_pagefind"
    try:
        done = subprocess.run(
            [
                *pagefind_command(),
                "--site",
                str(work_dir / "pages"),
                "--output-path",
                str(written),
                "--force-language",
                language.lower(),
                "--silent",
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"Pagefind failed ({done.returncode}): {(done.stderr or done.stdout)[-2000:]}")
        kept = {
            path.relative_to(written).as_posix(): path.read_bytes()
            for path in sorted(written.rglob("*"))
            if path.is_file()
        }
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    pages = len({record["url"] for record in records})
    indexed = _indexed_pages(kept.get("pagefind-entry.json", b""))
    if indexed != pages:
        raise RuntimeError(f"Pagefind indexed {indexed} of {pages} pages; the index is not used")
    kept = {path: data for path, data in kept.items() if KEEP.match(path)}
    return [Output(path, data=data) for path, data in sorted(canonical(kept).items())]


@functools.cache
def pagefind_command() -> tuple[str, ...]:
    """Pagefind's own program, started straight: `python -m pagefind` only finds it and execs it,
    after starting an interpreter (~60 ms of CPU per shard, 128 shards at 20,000 pages)."""
    from pagefind_bin_extended import get_executable

    found = get_executable()
    return (str(found),) if found is not None else (sys.executable, "-m", "pagefind")


def _indexed_pages(entry: bytes) -> int:
    """How many pages an index's entry file says it holds (0 for a missing or damaged one)."""
    try:
        return sum(language["page_count"] for language in json.loads(entry)["languages"].values())
    except (ValueError, KeyError, TypeError, AttributeError):
        return 0


SIGNATURE = b"pagefind_dcd"


def _decode(data: bytes):
    raw = gzip.decompress(data)
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind writes filter values in hash-map order, so two runs differ. Re-encode the filter
    files with sorted values, rename them by content, and point the metadata at the new names."""
    out = {
        path: data
        for path, data in files.items()
        if not path.startswith("filter/") and not path.endswith(".pf_meta")
    }
    entry = json.loads(files["pagefind-entry.json"])
    for language, info in entry["languages"].items():
        renamed = {}
        for path, data in files.items():
            if path.startswith(f"filter/{language}_"):
                name, values = _decode(data)
                encoded = _encode([name, sorted([value, sorted(pages)] for value, pages in values)])
                new_hash = f"{language}_{hashlib.sha256(encoded).hexdigest()[:7]}"
                renamed[path[len("filter/") : -len(".pf_filter")]] = new_hash
                out[f"filter/{new_hash}.pf_filter"] = encoded
        meta = _decode(files[f"pagefind.{info['hash']}.pf_meta"])
        meta[3] = sorted([name, renamed.get(old, old)] for name, old in meta[3])
        encoded = _encode(meta)
        info["hash"] = f"{language}_{hashlib.sha256(encoded).hexdigest()[:13]}"
        out[f"pagefind.{info['hash']}.pf_meta"] = encoded
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return out
