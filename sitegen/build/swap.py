"""The atomic swap: a complete new tree takes the output's name in one step.

The swap is one rename exchange (Linux renameat2). Where the exchange is not available the old
tree is first renamed to `.<out>.old-<pid>-*`; a build killed between the two renames leaves it
there, and the next build (`recover_output`, run once per build) puts it back. Leftovers of dead
builds are removed on the way.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>building|old)-(?P<pid>\d+)-")


def staging_folder(out_dir: Path) -> Path:
    """A fresh folder beside the output (same file system, so the swap is a rename)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-{os.getpid()}-", dir=out_dir.parent))
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read the output
    return staging


def swap(new: Path, out: Path) -> Path | None:
    """Put `new` in place of `out`; return where the old tree now is (to delete), if any."""
    if not out.exists():
        os.rename(new, out)
        return None
    if exchange(new, out):
        return new
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    os.rename(out, retired / "tree")  # into a fresh folder: the name is unique and ours
    try:
        os.rename(new, out)
    except OSError:
        os.rename(retired / "tree", out)
        raise
    return retired


def exchange(a: Path, b: Path) -> bool:
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
        match = LEFTOVER.match(entry.name)
        if (
            match
            and match["name"] == out_dir.name
            and entry.is_dir()
            and not entry.is_symlink()
            and not running(int(match["pid"]))
        ):
            leftovers.append((match["kind"], entry))
    if not out_dir.exists():
        old = sorted(
            (e for kind, e in leftovers if kind == "old" and (e / "tree").is_dir()),
            key=lambda e: e.stat().st_mtime,
        )
        if old:
            os.rename(old[-1] / "tree", out_dir)
    for _, entry in leftovers:
        shutil.rmtree(entry, ignore_errors=True)


def running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # our own: a removal may be under way in the background
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
