"""Digests of what a rendered page depends on, so an unchanged page is not rendered again.

A page's key covers its template (with everything it extends, includes and imports), its
context, and the site-wide state templates may read (settings, every item's metadata, asset
names, "now" as far as pages show it). Bodies are tracked separately: the renderer records
which bodies a template asked for, and a page is re-rendered when one of those changes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import jinja2
from jinja2 import meta

from sitegen.build.cache import digest
from sitegen.content.loading import Item
from sitegen.types import REGISTRY
from sitegen.content.model import ContentType


def value_key(value, memo: dict | None = None) -> object:
    """A repr-able stand-in for a context value, stable across processes. `memo` (id -> key)
    saves digesting the same item, list or record again for every page it appears on; it keeps
    what it memoises alive under "alive", so an id cannot be reused by another object."""
    if memo is not None and id(value) in memo:
        return memo[id(value)]
    if isinstance(value, Item):
        if memo is None:
            return ("item", value.source, value.kind.name, value.slug, value.path, value.front, value.terms)
        return _remember(memo, value, ("item", digest(value_key(value))))
    if isinstance(value, ContentType):
        return ("type", value.name)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        key = (type(value).__name__,) + tuple(value_key(getattr(value, f.name), memo) for f in dataclasses.fields(value))
        return key if memo is None else _remember(memo, value, ("record", digest(key)))
    if isinstance(value, dict):
        return tuple(sorted((str(k), value_key(v, memo)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [value_key(v, memo) for v in value]
        key = tuple(sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items)
        return key if memo is None or len(key) < 4 else _remember(memo, value, ("seq", digest(key)))
    if callable(value):
        return ("callable", getattr(value, "__qualname__", ""))
    if value is None or isinstance(value, (str, int, float, bool, dt.date, dt.datetime, Path)):
        return value
    return repr(value)


def _remember(memo: dict, value, key):
    memo[id(value)] = key
    memo.setdefault("alive", []).append(value)
    return key


def template_keys(env: jinja2.Environment, memo: dict | None = None) -> dict[str, str]:
    """Template name -> digest of its source and of every template it pulls in. `memo` keeps
    the answer between builds, keyed by all template sources (parsing them costs ~0.1 s)."""
    sources = {}
    for name in env.list_templates():
        source, _, _ = env.loader.get_source(env, name)
        sources[name] = source
    everything = digest(sorted(sources.items()))
    if memo is not None and everything in memo:
        return memo[everything]
    keys = _closure_keys(env, sources, everything)
    if memo is not None:
        memo.clear()
        memo[everything] = keys
    return keys


def _closure_keys(env: jinja2.Environment, sources: dict, everything: str) -> dict[str, str]:
    references = {}
    for name, source in sources.items():
        try:
            found = meta.find_referenced_templates(env.parse(source))
            references[name] = set(found)
        except jinja2.TemplateSyntaxError:
            references[name] = set()
    keys = {}
    for name in sources:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for reference in references.get(current, ()):
                if reference is None:  # a computed name: depend on every template
                    return {n: everything for n in sources}
                todo.append(reference)
        keys[name] = digest(sorted((n, sources.get(n, "")) for n in seen))
    return keys


def site_key(site, memo: dict | None = None) -> str:
    """The site-wide state any template may read; "now" only as far as pages can show it."""
    items = sorted(value_key(item, memo) for item in site.content.items)
    now_state = [site.now.date()] + [kind.now_key(site.collections.sections[kind.name], site.now) for kind in REGISTRY]
    return digest(site.settings, sorted(site.assets.urls.items()), items, now_state,
                  site.drafts, site.word_groups, sorted((k, v.width, v.height) for k, v in site.images.by_output().items()),
                  value_key(site.collections.menu, memo), site.file_sizes)
