"""Filling the new tree: a fresh staging folder, or the spare tree brought up to date.

Unchanged files are carried over from the output by hard link, so their timestamps stay and
rsync skips them. Nothing here follows a symbolic link found in a tree: links are replaced by
real files and folders.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.build.atomic import atomic_write
from sitegen.build.cache import stored_file
from sitegen.outputs.compress import compressed, compressible


@dataclass(frozen=True)
class Linked:
    """A file to hard-link into the tree (copied where links cannot be made)."""

    path: Path


def linked_files(files: dict, linkable: Path | None) -> dict:
    """Pages from the page store, and files under `linkable` (the site's .cache: images, cards
    and pages kept by content, written whole and never changed in place), are hard-linked rather
    than copied, so the next build recognises an unchanged one by its inode without reading it.
    Other files (an editor's attachments) are copied: editing them must not change the output."""

    def convert(data):
        stored = stored_file(data)
        if stored is not None:
            return Linked(stored)
        if isinstance(data, Path) and linkable is not None and data.is_relative_to(linkable):
            return Linked(data)
        return data

    return {rel: convert(data) for rel, data in files.items()}


def fill_tree(files: dict, out_dir: Path, staging: Path, compress: bool, keep: Sequence[str] = ()) -> None:
    """Write `files` into the empty `staging`; `keep` are foreign files of the output carried over."""
    for rel in sorted(files):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        kept = _keep_unchanged(out_dir / rel, target, files[rel])
        if not kept:
            data = files[rel]
            if isinstance(data, Linked):
                _link_or_copy(data.path, target)
            elif isinstance(data, Path):
                shutil.copyfile(data, target)
            else:
                target.write_bytes(data)
        if compress and compressible(rel):
            for suffix, copy in compressed_copies(out_dir / rel, files[rel], kept).items():
                packed = target.with_name(target.name + suffix)
                if isinstance(copy, Path):
                    os.link(copy, packed, follow_symlinks=False)
                else:
                    packed.write_bytes(copy)
    for rel in keep:
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(out_dir / rel, staging / rel)


def update_tree(files: dict, out_dir: Path, spare: Path, compress: bool, keep: Sequence[str] = ()) -> None:
    """Make `spare` hold exactly `files` (and the kept foreign files): unchanged files become links
    to the output's (most already are), changed ones are written beside their name and renamed
    over it, and anything else (deleted pages, what an interrupted build left) is removed."""
    wanted: set[str] = set()
    folders: set[Path] = set()
    for rel in sorted(files):
        target, old, data = spare / rel, out_dir / rel, files[rel]
        same = same_content(old, data)
        _clear_way(spare, target, folders)
        if same:
            _link_over(old, target)
        elif isinstance(data, Linked):
            _link_over(data.path, target)
        else:
            atomic_write(target, _bytes(data))  # never into a file the output shares by hard link
        wanted.add(rel)
        if compress and compressible(rel):
            for suffix, copy in compressed_copies(old, data, same).items():
                packed = target.with_name(target.name + suffix)
                if isinstance(copy, Path):
                    _link_over(copy, packed)
                else:
                    atomic_write(packed, copy)
                wanted.add(rel + suffix)
    for rel in keep:
        _clear_way(spare, spare / rel, folders)
        _link_over(out_dir / rel, spare / rel)
        wanted.add(rel)
    _remove_unwanted(spare, wanted)


def _bytes(data) -> bytes:
    if isinstance(data, Linked):
        data = data.path
    return data.read_bytes() if isinstance(data, Path) else data


def _regular(path: Path) -> os.stat_result | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def same_content(old: Path, data) -> bool:
    """`old` is a regular file (not a link) holding exactly `data` (bytes, or a file's)."""
    info = _regular(old)
    if info is None:
        return False
    if isinstance(data, Linked):
        data = data.path
    try:
        if isinstance(data, Path):
            other = data.stat()  # the same file (a page carried over from the last output) or a copy
            return os.path.samestat(info, other) or (
                info.st_size == other.st_size and filecmp.cmp(old, data, shallow=False)
            )
        return info.st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)  # no hard links here: copy, keeping the timestamp


def _link_over(source: Path, target: Path) -> None:
    info = _regular(target)
    if info is not None and os.path.samestat(source.lstat(), info):
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    _link_or_copy(source, temporary)
    os.replace(temporary, target)


def _clear_way(root: Path, target: Path, folders: set[Path]) -> None:
    """Make target's folder a real folder under root, and remove a folder where target goes."""
    real_folders(root, target.parent, folders)
    try:
        if stat.S_ISDIR(target.lstat().st_mode):
            shutil.rmtree(target)
    except FileNotFoundError:
        pass


def real_folders(root: Path, folder: Path, made: set[Path]) -> None:
    """Make every folder from root down to `folder` a real folder: a file or a symbolic link in
    the way (a page that became a folder, a link someone placed) is removed, never followed.
    `made` remembers folders already checked."""
    chain = []
    while folder != root and folder not in made:
        chain.append(folder)
        folder = folder.parent
    root.mkdir(parents=True, exist_ok=True)
    for step in reversed(chain):
        try:
            if not stat.S_ISDIR(step.lstat().st_mode):
                step.unlink()
                step.mkdir()
        except FileNotFoundError:
            step.mkdir()
        made.add(step)


def _remove_unwanted(root: Path, wanted: set[str]) -> None:
    base = str(root)
    for folder, folders, names in os.walk(base, topdown=False):
        prefix = folder[len(base) + 1 :].replace(os.sep, "/")
        kept = len(names)
        for name in names + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            if (f"{prefix}/{name}" if prefix else name) not in wanted:
                os.unlink(os.path.join(folder, name))
                kept -= name in names
        if folder != base and not kept and not os.listdir(folder):  # only folders that held nothing wanted
            os.rmdir(folder)


def compressed_copies(old: Path, data, unchanged: bool) -> dict:
    """suffix -> the old .gz/.br to carry over (a Path) when the file is unchanged and both are
    there; else the freshly compressed bytes (only the encodings that make it smaller)."""
    before = {suffix: old.with_name(old.name + suffix) for suffix in (".gz", ".br")}
    if unchanged and all(_regular(path) for path in before.values()):
        return before
    return compressed(_bytes(data))


def _keep_unchanged(old: Path, target: Path, data) -> bool:
    """Carry an unchanged file over by hard link, so its timestamp stays and rsync skips it."""
    if not same_content(old, data):
        return False
    try:
        _link_or_copy(old, target)
    except OSError:
        return False
    return True
