"""What earlier builds computed, as named records keyed by the content they came from.

One `BuildCache` serves both the dev server (kept in memory between rebuilds) and the command line
(saved by build/state.py under .cache/build/). Every key is a digest of everything the cached value
was computed from, so a hit is always the value a fresh build would compute. Rendered pages are
kept content-addressed in the page store (.cache/pages/), as images and share cards are, and the
writer links them into the output: nothing is ever read back from the last output.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


def digest(*parts) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


@dataclass(frozen=True)
class LoadedFile:
    """One content file as the loader read it."""

    key: tuple  # (digest of its bytes, digest of the settings it was read with, bundle)
    item: Any  # the Item, or None when it has errors
    problems: list


@dataclass(frozen=True)
class ItemKey:
    """A digest about one item (of its metadata, of its body's inputs), remembered while what it
    was computed from is unchanged."""

    file_key: tuple  # LoadedFile.key it was computed from (and whatever else it folds in)
    key: Any


@dataclass(frozen=True)
class RenderedPage:
    """One page as the last render left it."""

    key: str  # digest of the template, the context and the site-wide state it used
    reads: tuple  # dependencies recorded while rendering (build/dependencies.py Recorder)
    stored: str  # digest of its bytes: the file in the page store
    size: int  # a stored file of another size or time was changed (by hand, through a hard
    mtime_ns: int  # link in the output) or damaged: render again


@dataclass
class BuildCache:
    loaded: dict[str, LoadedFile] = field(default_factory=dict)  # source -> what the loader made of it
    item_keys: dict[str, ItemKey] = field(default_factory=dict)  # source -> digest of its metadata
    body_keys: dict[str, ItemKey] = field(default_factory=dict)  # source -> digest of its body's inputs
    bodies: dict[tuple, Any] = field(default_factory=dict)  # (source, key) -> rendered Body
    pages: dict[str, RenderedPage] = field(default_factory=dict)  # output path -> last render
    search: dict[str, list] = field(
        default_factory=dict
    )  # a shard's records digest -> its index files (search.py)
    slugs: dict[tuple, str] = field(default_factory=dict)  # (text, fallback) -> slug
    templates: dict[str, dict] = field(default_factory=dict)  # digest of all template sources -> keys
    cards: dict[str, tuple[int, int]] = field(default_factory=dict)  # checked cached card -> size, mtime
    hits: int = 0  # bodies found in the cache during this build
    misses: int = 0
    pages_rendered: int = 0  # pages rendered (not reused) during this build

    def body(self, source: str, key: str, compute):
        found = self.bodies.get((source, key))
        if found is None:
            self.misses += 1
            found = self.bodies[(source, key)] = compute()
        else:
            self.hits += 1
        return found

    def remembered(self, table: dict[str, ItemKey], source: str, inputs: tuple | None, compute):
        """What `compute()` gives for `source`, computed again only when `inputs` change (None:
        nothing to go by, computed and not kept)."""
        if inputs is None:
            return compute()
        known = table.get(source)
        if known is None or known.file_key != inputs:
            known = table[source] = ItemKey(inputs, compute())
        return known.key

    def forget_missing(self, sources: set, outputs: set) -> None:
        """Drop what belongs to deleted files and outputs, so the cache does not grow forever."""
        self.loaded = {s: v for s, v in self.loaded.items() if s in sources}
        self.item_keys = {s: v for s, v in self.item_keys.items() if s in sources}
        self.body_keys = {s: v for s, v in self.body_keys.items() if s in sources}
        self.bodies = {k: v for k, v in self.bodies.items() if k[0] in sources}
        self.pages = {p: v for p, v in self.pages.items() if p in outputs}


def dump(value, handle: IO[bytes]) -> None:
    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)  # content types: ContentType.__reduce__


def load(handle: IO[bytes]):
    return pickle.load(handle)


class StoredBytes(bytes):
    """A rendered page's bytes that are also kept in the page store, at `path`: the writer
    links that file instead of writing the bytes again."""

    path: Path


def stored_file(data) -> Path | None:
    """The page-store file behind an output's data, if any."""
    return data.path if isinstance(data, StoredBytes) else None


@dataclass(frozen=True)
class PageStore:
    """Rendered pages by the digest of their bytes, under .cache/pages/. A stored file is never
    changed in place (written beside its name, then renamed), so the output may hard-link it."""

    folder: Path
    _paths: dict[str, Path] = field(default_factory=dict, compare=False, repr=False)  # made once each
    # stored name -> (size, mtime) seen on disk: the dev server's later saves do not stat it again;
    # `recheck` (between saves) drops those gone or changed since
    _intact: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def path(self, stored: str) -> Path:
        path = self._paths.get(stored)
        if path is None:
            path = self._paths[stored] = self.folder / stored[:2] / stored[2:]
        return path

    def put(self, data: bytes, known: RenderedPage | None = None) -> tuple[RenderedPage, StoredBytes]:
        """Store `data` (unless `known`, an earlier render with these bytes, is still intact);
        returns the page record without its key and reads, and the bytes with their file."""
        stored = hashlib.sha256(data).hexdigest()
        path = self.path(stored)
        damaged = known is not None and known.stored == stored and self.get(known) is None
        try:
            whole = path.stat().st_size == len(data)
        except OSError:
            whole = False
        if damaged or not whole:
            path.parent.mkdir(parents=True, exist_ok=True)
            staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            staging.write_bytes(data)
            os.replace(staging, path)
        info = path.stat()
        kept = StoredBytes(data)
        kept.path = path
        self._intact[stored] = (info.st_size, info.st_mtime_ns)
        return RenderedPage("", (), stored, info.st_size, info.st_mtime_ns), kept

    def get(self, page: RenderedPage) -> Path | None:
        """The stored file of an earlier render, when it is still there."""
        path = self.path(page.stored)
        seen = (page.size, page.mtime_ns)
        if self._intact.get(page.stored) == seen:
            return path
        try:
            info = os.stat(path)
        except OSError:
            return None
        if (info.st_size, info.st_mtime_ns) != seen:
            return None
        self._intact[page.stored] = seen
        return path

    def recheck(self) -> None:
        """Forget what was seen of stored files deleted or changed since (by hand, or by a build
        on the command line): the next `get` looks at them again."""
        for name, seen in list(self._intact.items()):
            try:
                info = os.stat(self.path(name))
            except OSError:
                del self._intact[name]
                continue
            if (info.st_size, info.st_mtime_ns) != seen:
                del self._intact[name]

    def forget(self, stored: Iterable[str]) -> None:
        """Remove these stored pages (the renders a build replaced)."""
        for name in stored:
            self._intact.pop(name, None)
            try:
                os.unlink(self.path(name))
            except OSError:
                pass

    def keep_only(self, wanted: set[str]) -> None:
        """Remove every stored page no cached render refers to (a walk of the whole store)."""
        self._intact.clear()
        if not self.folder.is_dir():
            return
        for folder, _, names in os.walk(self.folder):
            prefix = os.path.basename(folder)
            for name in names:
                if prefix + name not in wanted:
                    try:
                        os.unlink(os.path.join(folder, name))
                    except OSError:
                        pass
