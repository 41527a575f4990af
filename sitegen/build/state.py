"""One build state: everything the incremental build knows, behind one object.

    state = BuildState.open(site_dir, out_dir, options)   # reads the record and hashes the inputs
    last = state.unchanged(now)                            # the no-change shortcut
    result = build_site(build_options, state)              # uses state.cache, state.store, state.digests
    state.commit(result, summary)                          # saves the record and the cache

The command line opens it from `.cache/build/`; the dev server keeps one in memory
(`BuildState.in_memory`). This module imports only the standard library at its top: the
no-change shortcut runs before the engine is imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.build import record
from sitegen.content.files import walk_site
from sitegen.errors import reason

if TYPE_CHECKING:
    from sitegen.build.cache import BuildCache, PageStore


@dataclass
class BuildState:
    site_dir: Path
    out_dir: Path
    persistent: bool  # saved in .cache/build/ (the command line), or kept in memory (dev server)
    digests: dict[str, str] = field(default_factory=dict)  # input path -> SHA-256 of its bytes
    walk: Any = (
        None  # the one walk of the site (content.files.SiteFiles) the digests came from; None: walk anew
    )
    inputs: str | None = None  # digest of every input and the options; None: no record kept (check)
    last_walk: Any = None  # the dev server's walk of its last build: unchanged files are not read again
    page_keys: dict = field(default_factory=dict)  # render/pages.py: the last build's page keys, in memory
    card_files: dict = field(default_factory=dict)  # media/cards.py: share card spec -> its cached file
    template_stamps: dict = field(default_factory=dict)  # build/dependencies.py: template keys by file stamps
    _cache: Any = None
    _format: str | None = None  # cache_format(), worked out once
    _stored: frozenset = frozenset()  # the page-store files the loaded cache referred to
    _store: Any = None
    _environment: Any = None  # (what it was made for, the template environment), in memory

    @classmethod
    def open(cls, site_dir: Path, out_dir: Path, options: dict | None) -> BuildState:
        """`options`: what of the command line changes the output; None for `check`, which keeps
        no record and writes nothing."""
        state = cls(site_dir, out_dir, persistent=options is not None)
        state.walk = walk_site(site_dir)  # lstat first: nothing unsafe is opened, not even to hash it
        state.digests = record.file_digests(site_dir, state.walk)
        if options is not None:
            state.inputs = record.input_digest(
                site_dir, {**options, "out": str(out_dir.resolve())}, state.digests
            )
        return state

    @classmethod
    def in_memory(cls, site_dir: Path, out_dir: Path) -> BuildState:
        return cls(site_dir, out_dir, persistent=False)

    def unchanged(self, now: dt.datetime) -> record.LastBuild | None:
        """The last build, when building again now would write exactly what is already there."""
        if self.inputs is None:
            return None
        return record.unchanged(self.site_dir, self.out_dir, self.inputs, now)

    def output_intact(self) -> bool:
        """The output is exactly what the last recorded build wrote (so files in it that the
        record of written files does not name are someone else's)."""
        return self.persistent and record.intact_output(self.site_dir, self.out_dir)

    @property
    def cache(self) -> BuildCache:
        if self._cache is None:
            self._cache = load_cache(self.site_dir, self.written_by) if self.persistent else _empty_cache()
            self._stored = frozenset(page.stored for page in self._cache.pages.values())
        return self._cache

    @property
    def written_by(self) -> str:
        """cache_format() of this build."""
        if self._format is None:  # the engine's files are among the digests already hashed
            self._format = cache_format(self.digests or None)
        return self._format

    @property
    def store(self) -> PageStore:
        from sitegen.build.cache import PageStore

        if self._store is None:  # one, so the dev server makes each stored page's path once
            self._store = PageStore(self.site_dir / ".cache" / "pages")
        return self._store

    def environment(self, settings, compiled: bool):
        """The template environment. Kept in memory between the dev server's saves while the
        settings and every file of the template folders stay the same; made anew otherwise
        (and always for the command line, which builds once)."""
        from sitegen.build.dependencies import template_stamps
        from sitegen.render.pages import make_environment, template_loader

        if self.persistent:
            return make_environment(self.site_dir, settings, compiled)
        made_for = (settings, compiled, template_stamps(template_loader(self.site_dir)))
        if self._environment is None or made_for[2] is None or self._environment[0] != made_for:
            self._environment = (made_for, make_environment(self.site_dir, settings, compiled))
        return self._environment[1]

    def begin(self) -> None:
        """Before a build: a record must never outlive the output it describes."""
        if self.inputs is not None:
            record.forget(self.site_dir)

    def commit(self, result, summary: str) -> list[str]:
        """Record a successful build and save the cache; returns warnings for the command line
        (both only save time: a read-only or full disk must not fail the build)."""
        if not self.persistent:
            return []
        warnings = []
        if self.inputs is not None:
            outputs = record.output_digest(self.out_dir)
            if outputs is not None:
                last = record.LastBuild(
                    self.inputs,
                    outputs,
                    str(result.now.tzinfo),
                    result.now.isoformat(),
                    result.moments,
                    summary,
                    tuple(str(p) for p in result.warnings),
                )
                try:
                    record.save(self.site_dir, last)
                except OSError as exc:
                    warnings.append(f"could not save the build record: {reason(exc)}")
        return warnings + self.save()

    def save(self) -> list[str]:
        """Save the cache (also after a failed build: what it computed is still right)."""
        if not self.persistent or self._cache is None:
            return []
        try:
            save_cache(self.site_dir, self._cache, self.written_by)
            wanted = {page.stored for page in self._cache.pages.values()}
            if self._stored:  # only what this build stopped referring to
                self.store.forget(self._stored - wanted)
            else:  # no cache was loaded: whatever the store holds may be left over
                self.store.keep_only(wanted)
            self._stored = frozenset(wanted)
        except (OSError, pickle.PicklingError) as exc:
            return [f"could not save the build cache: {reason(exc)}"]
        return []


def _empty_cache() -> BuildCache:
    from sitegen.build.cache import BuildCache

    return BuildCache()


def cache_file(site_dir: Path) -> Path:
    return site_dir / ".cache" / "build" / "state.pickle"


def cache_format(digests: dict[str, str] | None = None) -> str:
    """What a saved cache must have been written by: the engine's own files (every module, so
    a change to any code that computes a cached value makes a new cache) and the libraries.
    `digests` (record.file_digests) holds the engine's files already: they are not read again."""
    import jinja2
    import markdown
    import PIL
    import yaml

    from sitegen import __version__

    engine = str(record.ENGINE_DIR) + os.sep
    if digests is None:
        digests = record.tree_digests(record.ENGINE_DIR)
    code = hashlib.sha256(repr(sorted((p, d) for p, d in digests.items() if p.startswith(engine))).encode())
    return (
        f"sitegen {__version__} jinja {jinja2.__version__} markdown {markdown.__version__} "
        f"pyyaml {yaml.__version__} pillow {PIL.__version__} code {code.hexdigest()[:16]}"
    )


def load_cache(site_dir: Path, written_by: str | None = None) -> BuildCache:
    """The saved cache, or an empty one when there is none, it is damaged or from other code."""
    from sitegen.build.cache import BuildCache, load

    try:
        with open(cache_file(site_dir), "rb") as handle:
            saved_format, cache = load(handle)
        if saved_format == (written_by or cache_format()) and isinstance(cache, BuildCache):
            cache.hits = cache.misses = cache.pages_rendered = 0
            return cache
    except Exception:  # noqa: BLE001 - any unreadable cache means: start afresh
        pass
    return BuildCache()


def save_cache(site_dir: Path, cache: BuildCache, written_by: str | None = None) -> None:
    from sitegen.build.cache import dump

    path = cache_file(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"state.{os.getpid()}.tmp")
    try:
        with open(staging, "wb") as handle:
            dump((written_by or cache_format(), cache), handle)
        os.replace(staging, path)  # a reader never sees half a file
    finally:
        staging.unlink(missing_ok=True)
