"""The record of the last successful build, so that a no-change build does nothing.

`build` records what went into its last successful run (every input file's bytes, the engine,
the options) and what it wrote (every output file's size and time). When the next run finds all
of it unchanged, and "now" has not crossed anything the pages show (the date, or a timed post,
event or deadline), the output on disk is exactly what a full build would write, so the command
stops there. This module imports only the standard library: it runs before the engine loads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

VERSION = 1
ENGINE_DIR = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class LastBuild:
    inputs: str  # digest of the engine, the options and every input file's bytes
    outputs: str  # digest of every output file's path, size and modification time
    zone: str  # the site's time zone, for "the same day"
    now: str  # ISO 8601
    moments: tuple[float, ...]  # every timed moment in the content, as POSIX timestamps
    summary: str  # the summary line the build printed
    warnings: tuple[str, ...]


def record_path(site_dir: Path) -> Path:
    return site_dir / ".cache" / "build" / "last-build.json"


def file_digests(site_dir: Path, walk=None) -> dict[str, str]:
    """path -> SHA-256 of the bytes of every file a build reads. The site's own files come from
    its one walk (content/files.py: lstat first, nothing unsafe opened), which the build reuses."""
    from sitegen.content.files import walk_site  # standard library only, like this module

    digests = (walk_site(site_dir) if walk is None else walk).digests()
    for root in _engine_roots(site_dir):
        digests.update(tree_digests(root))
    return digests


def tree_digests(root: Path) -> dict[str, str]:
    """path -> SHA-256 of every file under `root` (the engine's, the theme's)."""
    digests = {}
    for path in _files_under(str(root)):
        try:
            with open(path, "rb") as handle:
                digests[path] = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            digests[path] = "unreadable"
    return digests


def input_digest(site_dir: Path, options: dict, files: dict[str, str] | None = None) -> str:
    """Everything a build reads, hashed: bytes, not timestamps, so a touched file is no change."""
    hasher = hashlib.sha256(repr((VERSION, sys.version, sorted(options.items()))).encode())
    for path, file_digest in (file_digests(site_dir) if files is None else files).items():
        hasher.update(f"{path}\0{file_digest}\0".encode("utf-8", "surrogateescape"))
    # Installed library versions (Markdown, Jinja …) change output too: their folder names say them.
    for folder in sorted({Path(p) for p in sys.path if p.endswith("site-packages")}):
        try:
            hasher.update(" ".join(sorted(os.listdir(folder))).encode())
        except OSError:
            pass
    return hasher.hexdigest()


def output_digest(out_dir: Path) -> str | None:
    """Path, size and modification time of every file in the output; None when there is none."""
    if not out_dir.is_dir():
        return None
    hasher = hashlib.sha256()
    _hash_tree(str(out_dir), "", hasher)
    return hasher.hexdigest()


def _hash_tree(folder: str, prefix: str, hasher) -> None:
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _hash_tree(entry.path, prefix + entry.name + "/", hasher)
        else:
            info = entry.stat(follow_symlinks=False)
            hasher.update(
                f"{prefix}{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode(
                    "utf-8", "surrogateescape"
                )
            )


def timed_moments(fronts, zone) -> tuple[float, ...]:
    """Every date-with-time in these front matters (dataclasses, lists, dicts, nested)."""
    found: set[float] = set()

    def walk(value) -> None:
        if isinstance(value, dt.datetime):
            found.add((value if value.tzinfo else value.replace(tzinfo=zone)).timestamp())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))
        elif isinstance(value, (list, tuple, set, frozenset)):
            for element in value:
                walk(element)
        elif isinstance(value, dict):
            for element in value.values():
                walk(element)

    for front in fronts:
        walk(front)
    return tuple(sorted(found))


def last_build(site_dir: Path) -> LastBuild | None:
    """The record of the last successful build; None when there is none or it cannot be read."""
    try:
        saved = json.loads(record_path(site_dir).read_text("utf-8"))
        last = LastBuild(
            **{**saved, "moments": tuple(saved["moments"]), "warnings": tuple(saved["warnings"])}
        )
        ZoneInfo(last.zone), dt.datetime.fromisoformat(last.now)  # both must be readable
        return last
    except Exception:  # noqa: BLE001 - a record we cannot read means: build in full
        return None


def unchanged(site_dir: Path, out_dir: Path, inputs: str, now: dt.datetime) -> LastBuild | None:
    """The last build, when building again now would write exactly what is already there."""
    last = last_build(site_dir)
    if last is None:
        return None
    zone, before = ZoneInfo(last.zone), dt.datetime.fromisoformat(last.now)
    if last.inputs != inputs or before.astimezone(zone).date() != now.astimezone(zone).date():
        return None
    low, high = sorted((before.timestamp(), now.timestamp()))
    if any(low <= moment <= high for moment in last.moments):
        return None
    if output_digest(out_dir) != last.outputs:
        return None
    return last


def intact_output(site_dir: Path, out_dir: Path) -> bool:
    """out_dir still holds exactly what the last recorded build wrote."""
    last = last_build(site_dir)
    return last is not None and output_digest(out_dir) == last.outputs


def save(site_dir: Path, last: LastBuild) -> None:
    path = record_path(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"last-build.{os.getpid()}.tmp")
    staging.write_text(json.dumps(dataclasses.asdict(last), ensure_ascii=False), "utf-8")
    os.replace(staging, path)


def forget(site_dir: Path) -> None:
    """Called before a full build: a record must never outlive the output it describes."""
    record_path(site_dir).unlink(missing_ok=True)


def _engine_roots(site_dir: Path) -> list[Path]:
    theme = ENGINE_DIR.parent
    roots = [ENGINE_DIR]
    if theme.resolve() != site_dir.resolve():
        roots += [theme / "templates", theme / "assets"]
    return roots


def _files_under(root: str) -> list[str]:
    """Every file under root (or root itself), in a stable order; strings, as pathlib is slow here."""
    if os.path.isfile(root):
        return [root]
    found = []
    for folder, folders, files in os.walk(root):
        folders.sort()
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [os.path.join(folder, name) for name in sorted(files)]
    return found
