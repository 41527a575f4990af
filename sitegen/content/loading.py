"""Stage 2: find the content files, read each (content/reading.py), check them across files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.build.cache import LoadedFile
from sitegen.content import schema
from sitegen.content.files import SiteFiles, walk_site
from sitegen.content.model import CheckContext
from sitegen.content.reading import Item, read_item
from sitegen.errors import Diagnostics, error
from sitegen.settings import Settings
from sitegen.types import HOME, TYPES


@dataclass(frozen=True)
class LeftOut:
    """A draft or scheduled item that this build leaves out, for the summary and `check`."""

    source: str
    draft: bool
    date: Any  # when it is due to appear (scheduled items)


@dataclass(frozen=True)
class Content:
    items: tuple[Item, ...]  # published items, every type
    home: Item | None
    skipped: tuple[str, ...]  # drafts and scheduled items left out of this build
    bundles: tuple[str, ...] = ()  # every bundle folder, published or not
    left_out: tuple[LeftOut, ...] = ()  # the skipped items, with why


def load_content(
    site_dir: Path,
    settings: Settings,
    include_drafts: bool,
    now,
    problems: Diagnostics,
    cache: dict | None = None,
    walk: SiteFiles | None = None,
) -> Content:
    """Every problem found goes to `problems`, as in every stage; the readers, parse_yaml and the
    types' checks add to it too. `cache` maps source -> LoadedFile from earlier builds and is
    updated in place. A file's own problems are the one exception kept as data: stored in its
    LoadedFile (the build cache) and replayed into `problems` while the file is unchanged, so an
    unchanged file reports them again without being read. `walk` (files.walk_site) lists the
    sources with their digests: an unchanged source is not read."""
    cache = {} if cache is None else cache
    walk = walk_site(site_dir) if walk is None else walk
    settings_key = repr((settings.taxonomies, settings.programs, settings.timezone, settings.language))
    if not (site_dir / "content").is_dir():
        problems.append(error("content", 1, f"no content/ folder in {site_dir}"))
        return Content((), None, ())
    items: list[Item] = []
    home = None
    for record, kind, bundle in discover(walk, problems):
        source = record.source
        key = (record.digest, settings_key, bundle)
        cached = cache.get(source)
        if cached is None or cached.key != key:
            found = Diagnostics()
            raw = Path(record.path).read_bytes()
            reader = kind.read or read_item  # quizzes are whole YAML files, the rest Markdown
            item = reader(site_dir, source, kind, bundle, settings, found, raw)
            cached = cache[source] = LoadedFile(key, item, list(found))
        item = cached.item
        problems += cached.problems
        if item is None:
            continue
        if kind is HOME:
            home = item
        else:
            items.append(item)
    _check_unique(items, problems)
    context = CheckContext(
        settings,
        site_dir,
        frozenset(i.source for i in items),
        {kind.name: tuple(sorted(i.slug for i in items if i.kind is kind)) for kind in TYPES},
        walk,
    )
    for kind in TYPES:  # each type checks its own items; the context answers for the others
        kind.check([i for i in items if i.kind is kind], context, problems)
    published, skipped = [], []
    for item in items:
        scheduled = item.front.date is not None and _is_future(item.front.date, now)
        if (item.front.draft or scheduled) and not include_drafts:
            skipped.append(LeftOut(item.source, item.front.draft, item.front.date))
        else:
            published.append(item)
    bundles = tuple(i.bundle for i in items if i.bundle)
    return Content(tuple(published), home, tuple(s.source for s in skipped), bundles, tuple(skipped))


def _is_future(moment, now) -> bool:
    if hasattr(moment, "hour"):
        return moment > now
    return moment > now.date()


def discover(walk: SiteFiles, problems: Diagnostics):
    """Yield (record, type, bundle) in a stable order. A folder with index.md is a bundle; a
    bundle inside a bundle is an item of its own, and its files are its own."""
    records = walk.under("content")
    bundles = {
        r.source[: -len("/index.md")]
        for r in records
        if r.source.count("/") > 2 and r.source.endswith("/index.md")
    }
    unknown: set[str] = set()
    for record in records:
        parts = record.source.split("/")
        if len(parts) == 2:
            if parts[1] == "index.md":
                yield record, HOME, None
            elif parts[1].endswith(".md"):
                problems.append(
                    error(
                        record.source,
                        1,
                        "content files belong in a type folder: "
                        + ", ".join(f"content/{f}/" for f in TYPES.folders()),
                    )
                )
            continue
        kind = TYPES.in_folder(parts[1])
        if kind is None:
            if parts[1] not in unknown:
                unknown.add(parts[1])
                problems.append(
                    error(
                        f"content/{parts[1]}",
                        1,
                        f"unknown content folder '{parts[1]}'"
                        f"{schema.suggest(parts[1], TYPES.folders())} (known: {', '.join(TYPES.folders())})",
                    )
                )
            continue
        folder = record.source.rsplit("/", 1)[0]
        if parts[-1] == "index.md" and folder in bundles:
            yield record, kind, folder
        elif record.source.endswith(kind.suffixes) and not any(
            f in bundles for f in _folders_of(record.source)
        ):
            yield record, kind, None


def _folders_of(source: str) -> list[str]:
    parts = source.split("/")
    return ["/".join(parts[:n]) for n in range(3, len(parts))]


def _check_unique(items: list[Item], problems: Diagnostics) -> None:
    """Two items may not share a slug within a type, nor an output path at all; an alias may
    not take a page's path or another alias."""
    owners: dict[str, Item] = {}
    for item in items:
        other = owners.get(item.path)
        if other is None:
            owners[item.path] = item
            continue
        what = f"slug '{item.slug}'" if other.kind is item.kind else f"output path '{item.path}'"
        for here, there in ((item, other), (other, item)):
            message = here.kind.slug_clash(here, there) if there.kind is here.kind else ""
            message = message or f"duplicate {what}: also used by {there.source}"
            problems.append(error(here.source, here.line_of("slug"), message))
    aliased: dict[str, Item] = {}
    for item in items:
        for index, alias in enumerate(item.front.aliases):
            path = alias.strip("/") + "/"
            other = owners.get(path) or aliased.get(path)
            if other is not None:
                problems.append(
                    error(
                        item.source,
                        item.line_of("aliases", index),
                        f"alias '{alias}' clashes with {other.source}, which is already at /{path}",
                    )
                )
            aliased.setdefault(path, item)
