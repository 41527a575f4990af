"""Stage 9: write the site into a fresh folder beside the output, then swap it in.

A failed or interrupted build therefore never touches the last good output.
"""
from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
from pathlib import Path

from .errors import Problem, error


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


def write_site(files: dict, out_dir: Path) -> list[Problem]:
    """Write `files` (path -> bytes or a Path to copy) as the new content of out_dir."""
    out_dir = out_dir.resolve()
    staging = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        for rel in sorted(files):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if not _keep_unchanged(out_dir / rel, target, files[rel]):
                data = files[rel]
                if isinstance(data, Path):
                    shutil.copyfile(data, target)
                else:
                    target.write_bytes(data)
        if out_dir.exists():
            os.rename(out_dir, retired)
        os.rename(staging, out_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out_dir.exists():
            os.rename(retired, out_dir)
        return [error(str(out_dir), 1, f"could not write the site: {exc.strerror or exc}")]
    shutil.rmtree(retired, ignore_errors=True)
    return []


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
