"""The build cache: what earlier builds computed, keyed by the content it came from.

One value serves both the dev server (kept in memory between rebuilds) and the command line
(saved under .cache/build/, safe to delete; a damaged or foreign file is ignored and rebuilt).
Every key is a digest of everything the cached value was computed from, so a hit is always
the same value a fresh build would compute.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markdown
import PIL
import yaml

from sitegen import __version__

# Anything that changes what a build produces from the same input belongs here.
FORMAT = f"sitegen {__version__} jinja {jinja2.__version__} markdown {markdown.__version__} " \
         f"pyyaml {yaml.__version__} pillow {PIL.__version__}"


def digest(*parts) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


@dataclass
class Rendered:
    """One rendered output as it came out last time."""

    key: str  # digest of the template, the context and the site-wide state it used
    reads: tuple  # (source, body digest) of every body the template asked for
    data: bytes | None  # None once saved to disk: the page is then taken from the last output


@dataclass
class BuildCache:
    items: dict = field(default_factory=dict)  # source -> (file digest, settings digest, Item | None, problems)
    bodies: dict = field(default_factory=dict)  # (source, key) -> Body
    renders: dict = field(default_factory=dict)  # output path -> Rendered
    search: dict = field(default_factory=dict)  # records digest -> list of Outputs
    slugs: dict = field(default_factory=dict)  # (text, fallback) -> slug
    item_keys: dict = field(default_factory=dict)  # source -> (file digest, digest of the item's metadata)
    templates: dict = field(default_factory=dict)  # digest of all template sources -> closure keys
    renders_output: str | None = None  # digest of the output holding the bytes of `renders` (see cli)
    hits: int = 0
    misses: int = 0
    pages_rendered: int = 0

    def body(self, source: str, key: str, compute):
        found = self.bodies.get((source, key))
        if found is None:
            self.misses += 1
            found = self.bodies[(source, key)] = compute()
        else:
            self.hits += 1
        return found

    def forget_missing(self, sources: set, outputs: set) -> None:
        """Drop what belongs to deleted files and outputs, so the cache does not grow forever."""
        self.items = {s: v for s, v in self.items.items() if s in sources}
        self.item_keys = {s: v for s, v in self.item_keys.items() if s in sources}
        self.bodies = {k: v for k, v in self.bodies.items() if k[0] in sources}
        self.renders = {p: v for p, v in self.renders.items() if p in outputs}
        if len(self.search) > 1:
            self.search = dict(list(self.search.items())[-1:])


# A cache written by other code is not this cache: the engine's own source is part of the key.
FORMAT += " code " + hashlib.sha256(b"".join(
    path.read_bytes() for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")))).hexdigest()[:16]
FORMAT += " fields " + " ".join(f.name for f in dataclasses.fields(BuildCache)) + " " + " ".join(
    f.name for f in dataclasses.fields(Rendered))


def cache_file(site_dir: Path) -> Path:
    return site_dir / ".cache" / "build" / "state.pickle"


def load_cache(site_dir: Path) -> BuildCache:
    """The saved cache, or an empty one when there is none, it is damaged or from another version."""
    try:
        with open(cache_file(site_dir), "rb") as handle:
            saved_format, cache = pickle.load(handle)
        if saved_format == FORMAT and isinstance(cache, BuildCache):
            cache.hits = cache.misses = 0
            return cache
    except Exception:  # noqa: BLE001 - any unreadable cache means: start afresh
        pass
    return BuildCache()


def save_cache(site_dir: Path, cache: BuildCache) -> None:
    path = cache_file(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"state.{os.getpid()}.tmp")
    try:
        # Rendered pages are saved without their bytes (half the file at 5,000 articles): the
        # next build takes unchanged pages from the output the last build wrote.
        renders = {path: dataclasses.replace(r, data=None) for path, r in cache.renders.items()}
        with open(staging, "wb") as handle:
            pickle.dump((FORMAT, dataclasses.replace(cache, renders=renders)), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staging, path)  # a reader never sees half a file
    finally:
        staging.unlink(missing_ok=True)
