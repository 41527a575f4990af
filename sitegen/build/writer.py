"""Stage 9: write the site into a fresh folder beside the output, then swap it in.

A failed or interrupted build therefore never touches the last good output: the new tree is
complete before it takes the output's name, and the swap is one atomic rename exchange
(Linux renameat2). Where the exchange is not available the old tree is first renamed to
`.<out>.old-<pid>-*`; a build killed between the two renames leaves it there, and the next
build (or `recover_output`) puts it back. Leftovers of dead builds are removed on the way.
"""
from __future__ import annotations

import ctypes
import errno
import filecmp
import hashlib
import os
import re
import shutil
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from sitegen.build.cache import stored_file
from sitegen.outputs.compress import compressed, compressible
from sitegen.errors import Problem, error

_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>building|old)-(?P<pid>\d+)-")


def unsafe_output(out_dir: Path, site_dir: Path) -> str | None:
    """Refuse output folders whose replacement would destroy the site or the system."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == Path(out.anchor) or out == Path.home().resolve():
        return f"refusing to write the site into {out}"
    protected = [site] + [site / name for name in ("content", "templates", "assets", ".git", ".cache")]
    for folder in protected:
        if out == folder or folder.is_relative_to(out):
            return f"the output folder {out} would replace {folder}; choose another --out"
    for folder in protected[1:]:
        if out.is_relative_to(folder):
            return f"the output folder {out} may not be inside {folder}"
    if out.exists() and not out.is_dir():
        return f"the output path {out} exists and is not a folder"
    return None


def spare_folder(site_dir: Path, out_dir: Path) -> Path:
    """Where the tree replaced by the last build of out_dir waits to be reused (see write_site)."""
    name = hashlib.sha256(str(out_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return site_dir / ".cache" / "spare-output" / name


def _inside(rel: str) -> bool:
    """An output path that stays inside the output folder."""
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and "\\" not in rel and "\0" not in rel \
        and all(part not in ("", ".", "..") for part in parts)


def write_site(files: dict, out_dir: Path, compress: bool = False, spare: Path | None = None,
               linkable: Path | None = None) -> list[Problem]:
    """Write `files` (path -> bytes or a Path to copy) as the new content of out_dir; with
    `compress`, also .gz and .br beside each text file. Files under `linkable` (the site's
    .cache: images, cards and pages stored by content, written whole and never changed in
    place) and pages from the page store are hard-linked instead of copied, so an unchanged
    one is recognised by its inode on the next build, without reading it.

    `spare` (in the site's .cache) keeps the tree the previous build replaced. Brought up to date
    file by file and exchanged with the output, it spares a rebuild that changed one page from
    making and deleting thousands of folders (5,000 articles: ~2.5 s). Without it, or on another
    file system than the output, a fresh staging folder is made beside the output."""
    out_dir = out_dir.resolve()
    outside = sorted(rel for rel in files if not _inside(rel))
    if outside:
        return [error(str(out_dir), 1, f"refusing to write {outside[0]!r}: it is not a path inside the output folder")]
    files = {rel: _linked(data, linkable) for rel, data in files.items()}
    staging = None
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover_output(out_dir)
        spare = spare if spare is not None and _spare_usable(spare, out_dir) else None
        if spare is not None and out_dir.is_dir():
            staging = spare
            _update_tree(files, out_dir, staging, compress)
        else:
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-{os.getpid()}-", dir=out_dir.parent))
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read the output
            _fill_tree(files, out_dir, staging, compress)
        retired = _swap(staging, out_dir)
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        reason = exc.strerror or str(exc)
        return [error(str(out_dir), 1, f"could not write the site: {reason} ({exc.filename or out_dir}); "
                                       "the previous output is unchanged")]
    if retired is not None and retired != spare:
        if spare is not None:
            _keep_as_spare(retired, spare)
        else:  # the old tree: delete it beside the rest of the run, not in its way
            threading.Thread(target=shutil.rmtree, args=(retired,), kwargs={"ignore_errors": True},
                             name="remove-old-output").start()
    return []


@dataclass(frozen=True)
class _Link:
    """A file to hard-link into the output (falling back to a copy)."""

    path: Path


def _linked(data, linkable: Path | None):
    stored = stored_file(data)
    if stored is not None:
        return _Link(stored)
    if isinstance(data, Path) and linkable is not None and data.is_relative_to(linkable):
        return _Link(data)
    return data


def _spare_usable(spare: Path, out_dir: Path) -> bool:
    """A spare is only useful where a rename can move it into the output's place."""
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        return spare.parent.stat().st_dev == out_dir.parent.stat().st_dev
    except OSError:
        return False


def _keep_as_spare(retired: Path, spare: Path) -> None:
    shutil.rmtree(spare, ignore_errors=True)
    tree = retired / "tree" if (retired / "tree").is_dir() else retired  # see _swap
    try:
        os.rename(tree, spare)
    except OSError:
        shutil.rmtree(spare, ignore_errors=True)
    shutil.rmtree(retired, ignore_errors=True)


def _fill_tree(files: dict, out_dir: Path, staging: Path, compress: bool) -> None:
    for rel in sorted(files):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        kept = _keep_unchanged(out_dir / rel, target, files[rel])
        if not kept:
            data = files[rel]
            if isinstance(data, _Link):
                _link_over(data.path, target)
            elif isinstance(data, Path):
                shutil.copyfile(data, target)
            else:
                target.write_bytes(data)
        if compress and compressible(rel):
            for suffix, copy in _compressed_copies(out_dir / rel, files[rel], kept).items():
                packed = target.with_name(target.name + suffix)
                if isinstance(copy, Path):
                    os.link(copy, packed)
                else:
                    packed.write_bytes(copy)


def _update_tree(files: dict, out_dir: Path, spare: Path, compress: bool) -> None:
    """Make `spare` hold exactly `files`: unchanged files become links to the output's (most
    already are), changed ones are written beside their name and renamed over it, and anything
    else (deleted pages, what an interrupted build left) is removed."""
    wanted: set[str] = set()
    for rel in sorted(files):
        target, old, data = spare / rel, out_dir / rel, files[rel]
        same = _same_content(old, data)
        if same:
            _link_over(old, target)
        elif isinstance(data, _Link):
            _link_over(data.path, target)
        else:
            _write_over(target, _bytes(data))
        wanted.add(rel)
        if compress and compressible(rel):
            for suffix, copy in _compressed_copies(old, data, same).items():
                packed = target.with_name(target.name + suffix)
                if isinstance(copy, Path):
                    _link_over(copy, packed)
                else:
                    _write_over(packed, copy)
                wanted.add(rel + suffix)
    _remove_unwanted(spare, wanted)


def _bytes(data) -> bytes:
    if isinstance(data, _Link):
        return data.path.read_bytes()
    return data.read_bytes() if isinstance(data, Path) else data


def _same_content(old: Path, data) -> bool:
    try:
        info = old.lstat()
        if not stat.S_ISREG(info.st_mode):
            return False
        if isinstance(data, _Link):
            data = data.path
        if isinstance(data, Path):
            other = data.stat()  # the same file (a page carried over from the last output) or a copy
            return os.path.samestat(info, other) or (
                info.st_size == other.st_size and filecmp.cmp(old, data, shallow=False))
        return info.st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _link_over(source: Path, target: Path) -> None:
    try:
        if os.path.samestat(source.stat(), target.lstat()):
            return
    except FileNotFoundError:
        pass
    _clear_way(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copy2(source, temporary)  # no hard links here: copy, keeping the timestamp
    os.replace(temporary, target)


def _write_over(target: Path, data: bytes) -> None:
    _clear_way(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)  # never into a file the output shares by hard link


def _clear_way(target: Path) -> None:
    """Make target's folder exist, removing files or folders in the way (a page that became a
    folder, or the reverse)."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in reversed([folder, *folder.parents]):
            if parent.is_file() or parent.is_symlink():
                parent.unlink()
        folder.mkdir(parents=True, exist_ok=True)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)


def _remove_unwanted(root: Path, wanted: set[str]) -> None:
    base = str(root)
    for folder, folders, names in os.walk(base, topdown=False):
        prefix = folder[len(base) + 1:].replace(os.sep, "/")
        kept = len(names)
        for name in names:
            if (f"{prefix}/{name}" if prefix else name) not in wanted:
                os.unlink(os.path.join(folder, name))
                kept -= 1
        if folder != base and not kept and not os.listdir(folder):  # only folders that held nothing wanted
            os.rmdir(folder)


def _compressed_copies(old: Path, data, unchanged: bool) -> dict:
    """suffix -> the old .gz/.br to carry over (a Path) when the file is unchanged and both are
    there; else the freshly compressed bytes (only the encodings that make it smaller)."""
    before = {suffix: old.with_name(old.name + suffix) for suffix in (".gz", ".br")}
    if unchanged and all(path.is_file() for path in before.values()):
        return before
    return compressed(_bytes(data))


def _swap(new: Path, out: Path) -> Path | None:
    """Put `new` in place of `out`; return where the old tree now is (to delete), if any."""
    if not out.exists():
        os.rename(new, out)
        return None
    if _exchange(new, out):
        return new
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    os.rename(out, retired / "tree")  # into a fresh folder: the name is unique and ours
    try:
        os.rename(new, out)
    except OSError:
        os.rename(retired / "tree", out)
        raise
    return retired


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def recover_output(out_dir: Path) -> None:
    """Undo what an interrupted build left beside out_dir: put back an old tree when the
    output is missing, and remove staging and old trees of builds that are no longer running."""
    out_dir = out_dir.resolve()
    if not out_dir.parent.is_dir():
        return
    leftovers = []
    for entry in out_dir.parent.iterdir():
        match = _LEFTOVER.match(entry.name)
        if match and match["name"] == out_dir.name and entry.is_dir() and not _running(int(match["pid"])):
            leftovers.append((match["kind"], entry))
    if not out_dir.exists():
        old = sorted((e for kind, e in leftovers if kind == "old" and (e / "tree").is_dir()),
                     key=lambda e: e.stat().st_mtime)
        if old:
            os.rename(old[-1] / "tree", out_dir)
    for _, entry in leftovers:
        shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # our own: a removal may be under way in the background
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _keep_unchanged(old: Path, target: Path, data) -> bool:
    """Carry an unchanged file over by hard link, so its timestamp stays and rsync skips it."""
    if not _same_content(old, data):
        return False
    try:
        os.link(old, target)
    except OSError:
        try:
            shutil.copy2(old, target)  # another file system: copy, keeping the timestamp
        except OSError:
            return False
    return True


def sync_folder(files: dict, out_dir: Path, written: dict) -> list[str]:
    """Make out_dir hold exactly `files`, writing only what changed since `written` (path ->
    digest, updated in place). For the dev server, which serves the folder while it changes."""
    changed = []
    for rel, data in files.items():
        if isinstance(data, Path):  # copies (images, attachments): their source's identity will do
            info = data.stat()
            stamp = f"{data}:{info.st_mtime_ns}:{info.st_size}"
        else:
            stamp = hashlib.sha256(data).hexdigest()
        target = out_dir / rel
        if written.get(rel) == stamp and target.is_file():
            continue
        raw = _bytes(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.tmp")
        staging.write_bytes(raw)
        os.replace(staging, target)  # a request never sees half a file
        written[rel] = stamp
        changed.append(rel)
    for rel in [r for r in written if r not in files]:
        (out_dir / rel).unlink(missing_ok=True)
        del written[rel]
    return changed
