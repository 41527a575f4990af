"""One `build` of a site at a time: a lock on `.cache/build.lock`.

The lock is a POSIX record lock (fcntl.lockf): the kernel drops it when its process ends, however
it ends, and the processes a build forks do not hold it. So a lock left by a killed build (its
process gone) is simply free, and the next build takes it over. The file says which process
holds the lock, for the message of a build that has to wait. Standard library only: the lock is
taken before the engine is imported.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".cache/build.lock"


class LockBusy(Exception):
    """Another build still held the lock when waiting ended; str() is the error message."""


@contextmanager
def build_lock(site_dir: Path, wait: float, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the site's build lock; wait up to `wait` seconds for another build to finish (telling
    `waiting` once, with a message line), then raise LockBusy."""
    path = site_dir / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except FileNotFoundError:  # no .cache/ yet (one that is a file stays an error naming it)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(fd):
            holder = _holder(fd)
            if time.monotonic() >= deadline:
                raise LockBusy(
                    f"{LOCK}:1: error: another build of this site is still running ({holder}); "
                    "try again when it has finished"
                )
            if not told:
                waiting(
                    f"{LOCK}:1: warning: another build of this site is running ({holder}); "
                    "waiting for it to finish"
                )
                told = True
            time.sleep(0.2)
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {started}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # EAGAIN or EACCES: another process holds it
        return False
    return True


def _holder(fd: int) -> str:
    """'process 1234, started 2026-12-02 01:00:00 UTC', as the holder wrote it."""
    pid, _, started = os.pread(fd, 200, 0).decode("utf-8", "replace").strip().partition(" ")
    return f"process {pid}, started {started}" if pid.isdigit() else "a process that has not said which"
