"""Where a build may write, and what it may never delete.

Checked once per build, before anything is written: the output folder is not a system folder,
not the site or a folder holding it, and every file already in it was written by this
generator (the record of the last write says so), or is kept. Symbolic links in the output are
never followed: the writer replaces them with real files and folders.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sitegen.build.atomic import atomic_write
from sitegen.errors import Problem, error

# Folders whose contents belong to the system: no output anywhere inside them.
SYSTEM = tuple(
    map(
        Path,
        (
            "/etc",
            "/usr",
            "/boot",
            "/proc",
            "/sys",
            "/dev",
            "/bin",
            "/sbin",
            "/lib",
            "/lib32",
            "/lib64",
            "/libx32",
            "/run",
            "/snap",
        ),
    )
)
# Folders shared by many programs: neither they nor their direct children (/var/www, /srv/www).
SHARED = tuple(map(Path, ("/var", "/srv")))


def unsafe_output(out_dir: Path, site_dir: Path) -> str | None:
    """Refuse output folders whose replacement would destroy the site or the system."""
    out, site = out_dir.resolve(), site_dir.resolve()
    for path in dict.fromkeys((Path(os.path.abspath(out_dir)), out)):  # as written and as it really is
        if path == Path(path.anchor) or path.parent == Path(path.anchor) or path == Path.home().resolve():
            return (
                f"refusing to write the site into {path}: "
                f"choose a folder of its own, such as {site / 'public'}"
            )
        for system in SYSTEM:
            if path.is_relative_to(system):
                return f"refusing to write the site into {path}: {system} belongs to the system"
        for shared in SHARED:
            if path.parent == shared:
                return (
                    f"refusing to write the site into {path}: other programs keep files there; "
                    f"use a folder of its own, such as {path / 'jdxc'}"
                )
    protected = [site] + [
        site / name for name in ("content", "templates", "assets", "data", ".git", ".cache")
    ]
    for folder in protected:
        if out == folder or folder.is_relative_to(out):
            return f"the output folder {out} would replace {folder}; choose another --out"
    for folder in protected[1:]:
        if out.is_relative_to(folder):
            return f"the output folder {out} may not be inside {folder}"
    if out.exists() and not out.is_dir():
        return f"the output path {out} exists and is not a folder"
    return None


def record_path(site_dir: Path, out_dir: Path) -> Path:
    """The list of files the last build wrote into out_dir (in the site's .cache)."""
    name = hashlib.sha256(str(out_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return site_dir / ".cache" / "build" / "outputs" / f"{name}.json"


def read_record(path: Path) -> set[str] | None:
    try:
        saved = json.loads(path.read_text("utf-8"))
        return set(saved) if isinstance(saved, list) and all(isinstance(p, str) for p in saved) else None
    except (OSError, ValueError):
        return None


def write_record(path: Path, written) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(sorted(written), ensure_ascii=False).encode("utf-8"))


def files_in(out_dir: Path) -> tuple[list[str], list[str]]:
    """(regular files, everything else such as symbolic links) under out_dir, as relative paths;
    links to folders are listed, not followed. Told apart by the folder listing's own file types:
    no file is looked at on its own (2,600 of them after every build of 1,000 articles)."""
    regular: list[str] = []
    other: list[str] = []

    def visit(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:  # a folder that cannot be read is left as it is, as it always was
            return
        for entry in listed:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, rel + "/")
            else:
                (regular if entry.is_file(follow_symlinks=False) else other).append(rel)

    visit(str(out_dir), "")
    return sorted(regular), sorted(other)


def foreign_files(
    out_dir: Path, recorded: set[str] | None, trusted: bool, writing: set[str]
) -> tuple[list[str], list[Problem]]:
    """Files in out_dir this generator did not write: kept where they are (returned), or an error
    when the build would replace one. `recorded` is the last write's list; `trusted` says the
    folder is exactly what the last build wrote (its record predates the list)."""
    if not out_dir.is_dir():
        return [], []
    present, _links = files_in(out_dir)  # links are never kept: the writer replaces them
    if recorded is None:
        if trusted or not present:
            return [], []
        return [], [
            error(
                str(out_dir),
                1,
                f"the output folder holds {len(present)} files this generator did not "
                f"write (such as {present[0]}); empty it or choose another --out (if it is the output of "
                f"an earlier build whose .cache/ was deleted, delete the folder and build again)",
            )
        ]
    foreign = [rel for rel in present if rel not in recorded]
    folders = {rel.rsplit("/", 1)[0] for rel in writing if "/" in rel}
    folders |= {part for folder in folders for part in _parents(folder)}
    clashes = [
        rel for rel in foreign if rel in writing or rel in folders or any(p in writing for p in _parents(rel))
    ]
    problems = [
        error(
            str(out_dir / rel),
            1,
            f"this file was not written by the generator, and the build would "
            f"replace it with the generated {rel}; move it out of the output folder",
        )
        for rel in clashes
    ]
    clashing = set(clashes)
    return [rel for rel in foreign if rel not in clashing], problems


def _parents(rel: str) -> list[str]:
    """ "a/b/c" -> ["a", "a/b"]."""
    parts = rel.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts))]
