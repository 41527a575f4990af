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
import tempfile
import threading
from pathlib import Path

from .compress import compressed, compressible
from .errors import Problem, error

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


def _inside(rel: str) -> bool:
    """An output path that stays inside the output folder."""
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and "\\" not in rel and "\0" not in rel \
        and all(part not in ("", ".", "..") for part in parts)


def write_site(files: dict, out_dir: Path, compress: bool = False) -> list[Problem]:
    """Write `files` (path -> bytes or a Path to copy) as the new content of out_dir; with
    `compress`, also .gz and .br beside each text file."""
    out_dir = out_dir.resolve()
    outside = sorted(rel for rel in files if not _inside(rel))
    if outside:
        return [error(str(out_dir), 1, f"refusing to write {outside[0]!r}: it is not a path inside the output folder")]
    staging = None
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover_output(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-{os.getpid()}-", dir=out_dir.parent))
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read the output
        for rel in sorted(files):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            kept = _keep_unchanged(out_dir / rel, target, files[rel])
            if not kept:
                data = files[rel]
                if isinstance(data, Path):
                    shutil.copyfile(data, target)
                else:
                    target.write_bytes(data)
            if compress and compressible(rel):
                _write_compressed(out_dir / rel, target, files[rel], kept)
        retired = _swap(staging, out_dir)
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        reason = exc.strerror or str(exc)
        return [error(str(out_dir), 1, f"could not write the site: {reason} ({exc.filename or out_dir}); "
                                       "the previous output is unchanged")]
    if retired is not None:  # the old tree: delete it beside the rest of the run, not in its way
        threading.Thread(target=shutil.rmtree, args=(retired,), kwargs={"ignore_errors": True},
                         name="remove-old-output").start()
    return []


def _write_compressed(old: Path, target: Path, data, kept: bool) -> None:
    """Carry over the old .gz/.br of an unchanged file; else compress afresh."""
    suffixes = (".gz", ".br")
    if kept and all(old.with_name(old.name + s).is_file() for s in suffixes):
        for suffix in suffixes:
            os.link(old.with_name(old.name + suffix), target.with_name(target.name + suffix))
        return
    raw = data.read_bytes() if isinstance(data, Path) else data
    for suffix, packed in compressed(raw).items():
        target.with_name(target.name + suffix).write_bytes(packed)


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
    try:
        if not old.is_file() or old.is_symlink():
            return False
        size = data.stat().st_size if isinstance(data, Path) else len(data)
        if old.stat().st_size != size:
            return False
        same = filecmp.cmp(old, data, shallow=False) if isinstance(data, Path) else old.read_bytes() == data
        if not same:
            return False
        try:
            os.link(old, target)
        except OSError:
            shutil.copy2(old, target)  # another file system: copy, keeping the timestamp
        return True
    except OSError:
        return False


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
        raw = data.read_bytes() if isinstance(data, Path) else data
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
