"""Stage 9: write the built files through one interface, in one of two modes (like Zola's
`write_content` with `BuildMode`):

- `SwappedTree` (build): the new output is written into a fresh folder beside the output (or
  the spare tree the last build replaced, brought up to date) and swapped in whole (swap.py), so
  a failed or interrupted build never touches the last good output.
- `LiveFolder` (serve): the dev server's folder is changed in place, file by file, each file
  replaced in one rename (atomic.py) so a request never sees half of one.

Where it may write and what it must keep is checked once, before (safety.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.build import swap
from sitegen.build.atomic import atomic_write
from sitegen.build.cache import stored_file
from sitegen.build.safety import foreign_files, read_record, record_path, unsafe_output, write_record
from sitegen.build.tree import fill_tree, linked_files, real_folders, update_tree
from sitegen.errors import Diagnostics, Problem, error, reason, warning
from sitegen.outputs.compress import compressible


def spare_folder(site_dir: Path, out_dir: Path) -> Path:
    """Where the tree replaced by the last build of out_dir waits to be reused (see SwappedTree)."""
    name = hashlib.sha256(str(out_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return site_dir / ".cache" / "spare-output" / name


def inside(rel: str) -> bool:
    """An output path that stays inside the output folder."""
    parts = rel.split("/")
    return (
        bool(rel)
        and not rel.startswith("/")
        and "\\" not in rel
        and "\0" not in rel
        and all(part not in ("", ".", "..") for part in parts)
    )


def _outside(files: dict, out_dir: Path) -> list[Problem]:
    outside = sorted(rel for rel in files if not inside(rel))
    return (
        [
            error(
                str(out_dir),
                1,
                f"refusing to write {outside[0]!r}: it is not a path inside the output folder",
            )
        ]
        if outside
        else []
    )


def written_paths(files: dict, compress: bool) -> set[str]:
    """Every path a write of `files` may create, the .gz and .br copies included."""
    paths = set(files)
    if compress:
        paths |= {rel + suffix for rel in files if compressible(rel) for suffix in (".gz", ".br")}
    return paths


def open_output(out_dir: Path, site_dir: Path, problems: Diagnostics) -> None:
    """Once per build, first of all: refuse an unsafe output folder, and put back what an
    interrupted build left (even when this build then fails)."""
    refusal = unsafe_output(out_dir, site_dir)
    if refusal:
        problems.append(error(str(out_dir), 1, refusal))
        return
    try:
        swap.recover_output(out_dir)
    except OSError as exc:
        problems.append(warning(str(out_dir), 1, f"could not tidy up after an earlier build: {reason(exc)}"))


def files_to_keep(
    out_dir: Path, site_dir: Path, writing: set[str], known: bool, problems: Diagnostics
) -> tuple:
    """The files in out_dir this generator did not write, which the new tree keeps; an error for
    each that a generated file would replace. `known`: the folder is exactly what the last
    recorded build wrote."""
    keep, found = foreign_files(
        out_dir.resolve(), read_record(record_path(site_dir, out_dir)), known, writing
    )
    problems += found
    return tuple(keep)


@dataclass(frozen=True)
class SwappedTree:
    """The output of `build`: replaced as a whole. `keep` are files of the output this generator
    did not write (safety.foreign_files), carried over untouched; `site_dir` holds the spare tree
    and the record of what was written."""

    out_dir: Path
    site_dir: Path | None = None
    compress: bool = False
    keep: tuple[str, ...] = ()

    def write(self, files: dict, problems: Diagnostics) -> None:
        out_dir = self.out_dir.resolve()
        refused = _outside(files, out_dir)
        if refused:
            problems += refused
            return
        spare = spare_folder(self.site_dir, out_dir) if self.site_dir is not None else None
        files = linked_files(files, self.site_dir / ".cache" if self.site_dir is not None else None)
        staging = None
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            spare = spare if spare is not None and _spare_usable(spare, out_dir) else None
            if spare is not None and out_dir.is_dir():
                staging = spare
                update_tree(files, out_dir, staging, self.compress, list(self.keep))
            else:
                staging = swap.staging_folder(out_dir)
                fill_tree(files, out_dir, staging, self.compress, list(self.keep))
            written = written_paths(files, self.compress)
            record = record_path(self.site_dir, out_dir) if self.site_dir is not None else None
            if record is not None:  # before the swap, for a build killed right after it: what may be ours
                write_record(record, written | (read_record(record) or set()))
            retired = swap.swap(staging, out_dir)
            if record is not None:
                write_record(record, written)
        except OSError as exc:
            if staging is not None and staging != spare:
                shutil.rmtree(staging, ignore_errors=True)
            problems.append(
                error(
                    str(out_dir),
                    1,
                    f"could not write the site: {reason(exc)} ({exc.filename or out_dir}); "
                    "the previous output is unchanged",
                )
            )
            return
        if retired is not None and retired != spare:
            if spare is not None:
                _keep_as_spare(retired, spare)
            else:  # the old tree: delete it beside the rest of the run, not in its way
                threading.Thread(
                    target=shutil.rmtree,
                    args=(retired,),
                    kwargs={"ignore_errors": True},
                    name="remove-old-output",
                ).start()


def write_site(
    files: dict, out_dir: Path, problems: Diagnostics, compress: bool = False, site_dir: Path | None = None
) -> None:
    SwappedTree(out_dir, site_dir, compress).write(files, problems)


def _spare_usable(spare: Path, out_dir: Path) -> bool:
    """A spare is only useful where a rename can move it into the output's place."""
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        return spare.parent.stat().st_dev == out_dir.parent.stat().st_dev
    except OSError:
        return False


def _keep_as_spare(retired: Path, spare: Path) -> None:
    shutil.rmtree(spare, ignore_errors=True)
    tree = retired / "tree" if (retired / "tree").is_dir() else retired  # see swap.swap
    try:
        tree.rename(spare)
    except OSError:
        shutil.rmtree(spare, ignore_errors=True)
    shutil.rmtree(retired, ignore_errors=True)


@dataclass
class LiveFolder:
    """The dev server's folder, served while it changes: only what changed since the last write
    is written (`written`: path -> what identifies what is on disk). `sealed`: cache folders whose
    files are named by their digest and never changed in place (the page store, the share cards):
    such a file is known by its name, neither read nor looked at."""

    out_dir: Path
    written: dict = field(default_factory=dict)
    sealed: tuple[Path, ...] = ()

    def write(self, files: dict) -> list[str]:
        """Make out_dir hold exactly `files`; returns the paths written. A file written before with
        the same bytes is not looked at: `forget_changed` (the dev server's, between saves) finds
        those deleted or replaced since."""
        changed = []
        folders: set[Path] = set()
        sealed = tuple(str(folder) + os.sep for folder in self.sealed)  # strings: every file, every save
        for rel, data in files.items():
            stamp = self._stamp(data, sealed)
            if self.written.get(rel) == stamp:
                continue  # written before, so a path inside the folder
            if not inside(rel):
                continue  # the build refuses such paths; the live folder never writes them
            target = self.out_dir / rel
            real_folders(self.out_dir, target.parent, folders)
            atomic_write(target, data.read_bytes() if isinstance(data, Path) else data)
            self.written[rel] = stamp
            changed.append(rel)
        for rel in [r for r in self.written if r not in files]:
            (self.out_dir / rel).unlink(missing_ok=True)
            del self.written[rel]
        return changed

    def forget_changed(self) -> None:
        """Forget the files no longer there as written (deleted, or replaced by a link or a
        folder), so the next write makes them again."""
        out = str(self.out_dir)
        for rel in [r for r in self.written if not _is_regular(os.path.join(out, r))]:
            del self.written[rel]

    @staticmethod
    def _stamp(data, sealed: tuple[str, ...]) -> str:
        stored = stored_file(data)  # a page rendered now, or one taken from the store
        if stored is not None:  # named by its digest: the name says what it holds, unread
            return str(stored)
        if isinstance(data, Path):
            name = str(data)
            if name.startswith(sealed):
                return name
            info = data.stat()  # copies (images, attachments): their source's identity will do
            return f"{name}:{info.st_mtime_ns}:{info.st_size}"
        return hashlib.sha256(data).hexdigest()


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
