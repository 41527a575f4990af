"""Private work folders, and cache entries that are checked before they are used.

Every build makes its half-finished files (the pages Pagefind indexes, images being encoded,
share cards being drawn) in a folder of its own, `.cache/work/<pid>-<random>/`, removed when it
ends; the folders of builds that are no longer running are removed by the next one. A finished
file reaches the shared cache by one rename, under a name that holds the digest of its bytes (or
with its digests in a manifest), so a cached file that was truncated or damaged later is found
out and made again, never published. Two builds (or a build and `serve`) of one site never see
each other's half-written files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.build.swap import running


@contextmanager
def work_folder(site_dir: Path) -> Iterator[Path]:
    """A fresh folder only this build uses, under .cache/work/; removed afterwards."""
    root = site_dir / ".cache" / "work"
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():  # what killed builds left: nobody will finish or read it
        pid = entry.name.split("-", 1)[0]
        if pid.isdigit() and not running(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def file_digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def sealed_name(key: str, path: Path) -> str:
    """The cache name of a finished file: its key, then the digest of its bytes."""
    return f"{key}.{file_digest(path)[:32]}{path.suffix}"


class SealedFolder:
    """A cache folder of sealed files (`key.digest.suffix`), listed once however many keys are
    looked up. `verified`: name -> (size, mtime_ns) of files whose bytes an earlier build checked
    against their name (kept in the build cache), so an unchanged file is not read again; a file
    changed since (damaged, truncated, replaced) has another size or time and is checked anew."""

    def __init__(self, folder: Path, verified: dict[str, tuple[int, int]] | None = None):
        self.folder = folder
        self.verified = {} if verified is None else verified
        self.used: dict[str, tuple[int, int]] = {}  # what this build found or sealed: the next `verified`
        self._names: dict[str, list[str]] | None = None  # key -> names, listed at the first lookup

    def _listed(self) -> dict[str, list[str]]:
        if self._names is None:
            self._names = {}
            try:
                listing = os.listdir(self.folder)
            except OSError:
                listing = []
            for name in listing:
                self._names.setdefault(name.split(".", 1)[0], []).append(name)
        return self._names

    def find(self, key: str, suffix: str) -> Path | None:
        """The cached file for `key` whose bytes still match its name; a damaged one is removed."""
        for name in self._listed().get(key, ()):
            if not name.endswith(suffix):
                continue
            path = os.path.join(self.folder, name)  # a string: this runs for every card of the site
            try:
                info = os.stat(path)
                stamp = (info.st_size, info.st_mtime_ns)
                if self.verified.get(name) == stamp or sealed_name(key, Path(path)) == name:
                    self.used[name] = stamp
                    return Path(path)
                os.unlink(path)  # truncated or changed since it was made: never published, made again
            except OSError:
                pass
        return None

    def note(self, path: Path) -> None:
        """Remember a file sealed into this folder (by this or another process) as checked."""
        info = os.stat(path)
        self.used[path.name] = (info.st_size, info.st_mtime_ns)


def seal(made: Path, folder: Path, key: str) -> Path:
    """Move a finished file from a work folder into the cache under its sealed name."""
    target = folder / sealed_name(key, made)
    os.replace(made, target)
    return target


def install_folder(made: Path, target: Path, intact) -> None:
    """Move a finished folder from a work folder to `target` in the cache, unless an intact one
    (`intact(path)`) is already there, made by a build running at the same time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if intact(target):
            shutil.rmtree(made, ignore_errors=True)
            return
        damaged = made.with_name(made.name + ".damaged")
        try:
            os.replace(target, damaged)  # out of the way first: a folder cannot be renamed over a full one
        except FileNotFoundError:
            pass  # another build moved it away
        shutil.rmtree(damaged, ignore_errors=True)
    try:
        os.replace(made, target)
    except OSError:
        if not intact(target):  # another build's came first; otherwise a real failure
            raise
        shutil.rmtree(made, ignore_errors=True)
