"""What a rendered page depends on, so an unchanged page is not rendered again.

A page's key covers its template (with everything it extends, includes and imports), its
context (the items it shows, by the digest of their metadata), the site-wide state every page
may show (settings, menu, asset names, images, "now" as far as pages show it) and the sections
its templates read beyond their context: through a type's helpers (`upcoming_events` reads the
events) or through `site.collections.sections.NAME`, found in the templates' source. Bodies a
template asks for with `site.body(item)` are recorded while it renders (`Recorder`), and a page
is rendered again when one of those changes. A title edit thus re-renders the pages that show
that item, not the whole site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Hashable
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from sitegen.build.cache import digest
from sitegen.content.model import ContentType
from sitegen.content.reading import Item
from sitegen.types import TYPES

EVERYTHING = "*"  # a template that reads all of `site.content` or `site.collections`


_PLAIN = (str, int, float, dt.date, Path)


def value_key(value, memo: dict | None = None) -> object:
    """A repr-able stand-in for a context value, stable across processes. `memo` (id -> key)
    saves digesting the same item, list or record again for every page it appears on; it keeps
    what it memoises alive under "alive", so an id cannot be reused by another object."""
    if memo is not None:  # first: most values of most pages are items and bodies seen before
        known = memo.get(id(value))
        if known is not None:
            return known
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, Item):
        if memo is None:
            return ("item", value.source, value.kind.name, value.slug, value.path, value.front, value.terms)
        return _remember(memo, value, ("item", digest(value_key(value))))
    if isinstance(value, ContentType):
        return ("type", value.name)
    names = _field_names(value.__class__)
    if names is not None:
        key = (type(value).__name__,) + tuple(value_key(getattr(value, name), memo) for name in names)
        return key if memo is None else _remember(memo, value, ("record", digest(key)))
    if isinstance(value, dict):
        return tuple(sorted((str(k), value_key(v, memo)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [value_key(v, memo) for v in value]
        key = tuple(sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items)
        return key if memo is None or len(key) < 4 else _remember(memo, value, ("seq", digest(key)))
    if callable(value):
        return ("callable", getattr(value, "__qualname__", ""))
    return repr(value)


@functools.cache
def _field_names(cls: Hashable) -> tuple[str, ...] | None:
    """The fields of a dataclass type that its instances compare by (asked once per type: every
    page asks again), else None. So equal values have equal keys (render/pages.py relies on it);
    what a type leaves out of comparing (a file's inode and times) it leaves out of keys too."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def _remember(memo: dict, value, key):
    memo[id(value)] = key
    memo.setdefault("alive", []).append(value)
    return key


@dataclasses.dataclass(frozen=True)
class TemplateKeys:
    """Per template name: the digest of its source and of every template it pulls in, and the
    sections that this closure reads beyond its context."""

    sources: dict[str, str]
    reads: dict[str, frozenset[str]]


def template_keys(
    env: jinja2.Environment,
    helper_reads: dict[str, tuple[str, ...]],
    memo: dict | None = None,
    seen: dict | None = None,
) -> TemplateKeys:
    """`helper_reads`: helper name -> sections it reads. `memo` keeps the answer between builds,
    keyed by all template sources (parsing them costs ~0.1 s). `seen`, the dev server's, kept in
    memory only: the answer by the stamps of the template folders' files, which saves reading
    every template on every save."""
    loader = env.loader
    if loader is None:
        raise ValueError("the template environment has no loader")
    files = template_stamps(loader) if seen is not None else None
    stamps = None if files is None else (files, tuple(sorted(helper_reads.items())))
    if seen is not None and stamps is not None and seen.get("stamps") == stamps:
        return seen["keys"]
    sources = {}
    for name in env.list_templates():
        source, _, _ = loader.get_source(env, name)
        sources[name] = source
    everything = digest(sorted(sources.items()), sorted(helper_reads.items()))
    keys = memo.get(everything) if memo is not None else None
    if keys is None:
        keys = _closure_keys(env, sources, everything, helper_reads)
        if memo is not None:
            memo.clear()
            memo[everything] = keys
    if seen is not None:
        seen.update(stamps=stamps, keys=keys)
    return keys


def template_stamps(loader: jinja2.BaseLoader) -> tuple | None:
    """What changes when any file of the loader's folders is added, removed or written; None
    for a loader that is not made of folders."""
    folders = _search_folders(loader)
    if folders is None:
        return None
    stamps = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError:
                    return None
                stamps.append((path, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(folders), tuple(stamps)


def _search_folders(loader: jinja2.BaseLoader) -> list[str] | None:
    if isinstance(loader, jinja2.FileSystemLoader):
        return [str(folder) for folder in loader.searchpath]
    inner = (
        loader.loaders
        if isinstance(loader, jinja2.ChoiceLoader)
        else list(loader.mapping.values())
        if isinstance(loader, jinja2.PrefixLoader)
        else None
    )
    if inner is None:
        return None
    folders: list[str] = []
    for each in inner:
        found = _search_folders(each)
        if found is None:
            return None
        folders += [folder for folder in found if folder not in folders]
    return folders


def _closure_keys(
    env: jinja2.Environment, sources: dict, everything: str, helper_reads: dict[str, tuple[str, ...]]
) -> TemplateKeys:
    references: dict[str, set] = {}
    own_reads: dict[str, set[str]] = {}
    for name, source in sources.items():
        try:
            tree = env.parse(source)
        except jinja2.TemplateSyntaxError:
            references[name], own_reads[name] = set(), {EVERYTHING}
            continue
        references[name] = set(meta.find_referenced_templates(tree))
        own_reads[name] = _sections_read(tree, helper_reads)
    keys, reads = {}, {}
    for name in sources:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for reference in references.get(current, ()):
                if reference is None:  # a computed name: depend on every template and all content
                    return TemplateKeys(
                        {n: everything for n in sources}, {n: frozenset({EVERYTHING}) for n in sources}
                    )
                todo.append(reference)
        keys[name] = digest(sorted((n, sources.get(n, "")) for n in seen))
        reads[name] = frozenset().union(*(own_reads.get(n, set()) for n in seen))
    return TemplateKeys(keys, reads)


def _sections_read(tree: nodes.Template, helper_reads: dict[str, tuple[str, ...]]) -> set[str]:
    found: set[str] = set()
    for name in meta.find_undeclared_variables(tree) & set(helper_reads):
        found.update(helper_reads[name])
    getattrs = list(tree.find_all(nodes.Getattr))
    inner = {id(node.node) for node in getattrs}
    for node in getattrs:
        if id(node) in inner:  # part of a longer chain, read from its outermost node
            continue
        chain = _attribute_chain(node)
        if chain[:2] == ["site", "content"]:
            found.add(EVERYTHING)
        elif chain[:3] == ["site", "collections", "sections"]:
            named = len(chain) > 3 and chain[3] not in ("get", "items", "values", "keys")
            found.add(chain[3] if named else EVERYTHING)
        elif chain[:2] == ["site", "collections"] and len(chain) > 2 and chain[2] != "menu":
            found.add(EVERYTHING)
    return found


def _attribute_chain(node: nodes.Getattr) -> list[str]:
    """site.collections.sections.event -> ["site", "collections", "sections", "event"], read
    from the outermost Getattr; [] when the chain does not start at a plain name."""
    names = []
    current: nodes.Node = node
    while isinstance(current, nodes.Getattr):
        names.append(current.attr)
        current = current.node
    return [current.name, *reversed(names)] if isinstance(current, nodes.Name) else []


def helpers_with_reads(site) -> tuple[dict, dict[str, tuple[str, ...]]]:
    """Every type's template helpers, and helper name -> the sections it reads (the type's
    `helpers_read`)."""
    helpers: dict = {}
    reads: dict[str, tuple[str, ...]] = {}
    for kind in TYPES:
        own = kind.helpers(site)
        helpers.update(own)
        reads.update((name, kind.helpers_read) for name in own)
    return helpers, reads


def section_keys(site, memo: dict) -> dict[str, str]:
    """Section name -> digest of the metadata of its items, in list order; EVERYTHING -> all."""
    keys = {
        name: digest([value_key(item, memo) for item in items])
        for name, items in site.collections.sections.items()
    }
    keys[EVERYTHING] = digest(sorted(keys.items()), value_key(site.content.home, memo))
    return keys


def site_key(site, memo: dict | None = None) -> str:
    """The site-wide state any page may show; "now" only as far as pages can show it. Items are
    not part of it: a page depends on the items in its context and the sections it reads."""
    now_state = [site.now.date()] + [
        kind.now_key(site.collections.sections[kind.name], site.now) for kind in TYPES
    ]
    terms = sorted((t.taxonomy.name, t.name, t.slug) for t in site.collections.term_of.values())
    return digest(
        site.settings,
        sorted(site.assets.urls.items()),
        now_state,
        terms,
        site.drafts,
        site.word_groups,
        sorted((k, v.width, v.height) for k, v in site.images.by_output().items()),
        value_key(site.collections.menu, memo),
        site.file_sizes,
    )


class Recorder:
    """The bodies and the addresses of items the page being rendered asked for. The render loop
    starts it before each page and takes what it recorded after; templates reach it through
    `site.body(item)`, helpers through `site.address(source)` (a campaign's report links)."""

    def __init__(self, body_keys: dict[str, str], addresses: dict[str, str] | None = None):
        self.body_keys = body_keys
        self.addresses = addresses or {}  # source -> URL path of every published item
        self._reads: list[tuple[str, str, str | None]] | None = None  # None: no page is rendering

    def start(self) -> None:
        self._reads = []

    def body(self, source: str) -> None:
        if self._reads is not None:  # asked while planning: no page depends on it
            self._reads.append(("body", source, self.body_keys.get(source)))

    def address(self, source: str) -> str | None:
        path = self.addresses.get(source)
        if self._reads is not None:
            self._reads.append(("address", source, path))
        return path

    def recorded(self) -> tuple:
        reads, self._reads = self._reads or [], None
        return tuple(dict.fromkeys(reads))

    def still_current(self, reads: tuple) -> bool:
        bodies, addresses = self.body_keys, self.addresses  # every reused page asks: kept plain
        for what, source, value in reads:
            if (bodies if what == "body" else addresses).get(source) != value:
                return False
        return True
