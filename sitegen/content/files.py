"""One walk of the site, and one record per source file (in the shape of MkDocs' `File`).

The walk looks at every file a build may read (site.toml, content/, templates/, assets/,
data/) once, with lstat first: only regular files are read (hashed, in pieces); a symbolic
link that leads outside the site or into one of its hidden folders (.git, .cache), a FIFO, a
socket, a device or a link loop is an error and is never opened; a file over its kind's size
limit is an error. Hidden names (".git", ".DS_Store") are skipped: never read, never published.
Everything else asks the records: the loader for its sources, the image stage for digests and
sizes, links, attachments and resources for "where does this file publish, at what URL".

Standard library only: the no-change check (build/record.py, build/state.py) walks with it before the
engine loads, and hands the walk on to the build.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen.errors import Problem, error

INPUTS = ("site.toml", "content", "templates", "assets", "data")
MB = 1024 * 1024
SOURCE_SUFFIXES = (".md", ".yaml", ".yml")  # content sources: front matter and Markdown, quizzes
# Largest file of each kind the build reads whole (attachments: max_attachment_mb in site.toml).
LIMITS = {"site.toml": 1 * MB, "content": 2 * MB, "templates": 1 * MB, "data": 10 * MB, "assets": 20 * MB}
LIMIT_NAMES = {
    "site.toml": "site.toml",
    "content": "a Markdown or YAML source",
    "templates": "a template",
    "data": "a data file",
    "assets": "an asset",
}


@dataclass(frozen=True)
class SourceFile:
    """One regular file of the site: where it is, what it holds, and where it publishes."""

    source: str  # relative to the site folder, "/" separators: "content/articles/a/photo.jpg"
    path: str  # what to open: the file, or the target of a link that stays inside the site
    size: int
    digest: str  # SHA-256 of the bytes
    bundle: str | None = None  # folder of the bundle that holds it, "content/articles/a"
    output: str | None = None  # relative to the output folder; None while unknown or not published
    stamp: tuple = field(default=(), compare=False)  # (inode, size, mtime, ctime) it was hashed at

    def url(self, base_path: str) -> str:
        if self.output is None:
            raise ValueError(f"{self.source} is not published")
        return base_path + self.output


@dataclass(frozen=True)
class SiteFiles:
    """Every file the walk found (source -> record), and what it refused."""

    root: Path
    files: dict = field(default_factory=dict)
    problems: tuple = ()
    linked: bool = False  # a symbolic link was met: a change may show under two names

    def under(self, folder: str) -> list[SourceFile]:
        prefix = folder.rstrip("/") + "/"
        return [record for source, record in self.files.items() if source.startswith(prefix)]

    def get(self, source: str) -> SourceFile | None:
        return self.files.get(source)

    def beside(self, folder: str, ref: str) -> SourceFile | None:
        """The file `ref` names relative to `folder` (an item's folder), when it is one of the
        site's files inside that folder."""
        source = posixpath.normpath(posixpath.join(folder, ref))
        return self.files.get(source) if source.startswith(folder.rstrip("/") + "/") else None

    def digests(self) -> dict[str, str]:
        """Absolute path (as the no-change check names files) -> SHA-256."""
        digests = {str(self.root / source): record.digest for source, record in self.files.items()}
        digests.update(
            (str(self.root / p.path), f"refused: {p.message}") for p in self.problems
        )  # a change too
        return digests

    def with_outputs(self, outputs: dict) -> SiteFiles:
        """A new walk whose records know their bundle and output: source -> (bundle, output)."""
        files = {
            source: replace(record, bundle=outputs[source][0], output=outputs[source][1])
            if source in outputs
            else record
            for source, record in self.files.items()
        }
        return replace(self, files=files)


def walk_site(
    site_dir: Path, previous: SiteFiles | None = None, changed: frozenset[str] | None = None
) -> SiteFiles:
    """`previous`: an earlier walk of this site (the dev server's): a file whose inode, size and
    times are unchanged keeps its digest unread. The command line always reads every file.
    `changed`: the absolute paths the dev server's watcher saw change since `previous`; when
    they are all files `previous` holds, only they are looked at again."""
    site_real = os.path.realpath(site_dir)
    if previous is not None and changed is not None:
        again = _walk_changed(site_dir, site_real, previous, changed)
        if again is not None:
            return again
    files: dict[str, SourceFile] = {}
    problems: list[Problem] = []
    visited: set[str] = set()
    links: list[str] = []
    known = previous.files if previous is not None else {}
    for name in INPUTS:
        _visit(site_dir, site_real, name, name, files, problems, visited, known, links)
    # Folder by folder, names in order ("a/x.md" before "a-b.md"), as a reader of the tree sees it.
    return SiteFiles(
        site_dir,
        dict(sorted(files.items(), key=lambda pair: pair[0].split("/"))),
        tuple(problems),
        bool(links),
    )


def _walk_changed(site_dir: Path, site_real: str, previous: SiteFiles, changed: frozenset[str]):
    """`previous` with the records of the `changed` files made again, or None when a whole walk
    is needed: a file is new, gone or no longer a regular file, the earlier walk met a symbolic
    link (a file may show under two names) or refused something (a change may have mended it)."""
    if previous.problems or previous.linked:
        return None
    files = dict(previous.files)
    problems: list[Problem] = []
    root = str(site_dir) + os.sep
    for path in changed:
        rel = path.removeprefix(root).replace(os.sep, "/")
        before = files.get(rel)
        if not path.startswith(root) or before is None:
            return None
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None
        except OSError:
            return None
        del files[rel]  # made again below, or refused (too large) with a problem
        links: list[str] = []
        _visit(site_dir, site_real, rel, rel.split("/")[0], files, problems, set(), previous.files, links)
        if links:  # it became a link after all, since lstat
            return None
    in_order = {source: files[source] for source in previous.files if source in files}
    return SiteFiles(site_dir, in_order, tuple(problems))


def _visit(
    site_dir: Path,
    site_real: str,
    rel: str,
    kind: str,
    files: dict,
    problems: list,
    visited: set,
    known: dict,
    links: list,
) -> None:
    path = os.path.join(site_dir, rel)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        problems.append(error(rel, 1, f"cannot be read: {exc.strerror}"))
        return
    real = path
    if stat.S_ISLNK(info.st_mode):
        links.append(rel)
        real = os.path.realpath(path)
        inside = os.path.relpath(real, site_real)
        if inside == ".." or inside.startswith(".." + os.sep) or os.path.isabs(inside):
            problems.append(
                error(
                    rel,
                    1,
                    f"this symbolic link leads outside the site (to {os.readlink(path)}); "
                    "copy the file into the site instead",
                )
            )
            return
        if any(part.startswith(".") for part in Path(inside).parts):
            problems.append(
                error(
                    rel,
                    1,
                    f"this symbolic link leads into the hidden folder {inside}, which is never published",
                )
            )
            return
        try:
            info = os.stat(path)
        except OSError as exc:
            reason = "a loop of symbolic links" if exc.errno == 40 else "nothing"
            problems.append(error(rel, 1, f"this symbolic link leads to {reason} ({os.readlink(path)})"))
            return
    if stat.S_ISDIR(info.st_mode):
        key = os.path.realpath(real)
        if key in visited:
            problems.append(error(rel, 1, "this symbolic link leads back into a folder above it (a loop)"))
            return
        visited.add(key)
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            problems.append(error(rel, 1, f"the folder cannot be read: {exc.strerror}"))
            return
        for name in names:
            if not name.startswith(".") and name != "__pycache__":
                _visit(site_dir, site_real, f"{rel}/{name}", kind, files, problems, visited, known, links)
        return
    if not stat.S_ISREG(info.st_mode):
        problems.append(
            error(
                rel,
                1,
                f"this is {_special(info.st_mode)}, not a regular file: the build reads only "
                "regular files; remove it",
            )
        )
        return
    limit = LIMITS[kind] if kind != "content" or rel.endswith(SOURCE_SUFFIXES) else None
    if limit is not None and info.st_size > limit:
        problems.append(
            error(
                rel,
                1,
                f"the file is {info.st_size / MB:.1f} MB; {LIMIT_NAMES[kind]} may be at most "
                f"{limit // MB} MB: split it up",
            )
        )
        return
    record = _record(rel, real, info, known.get(rel), problems)
    if record is not None:
        files[rel] = record


def _record(rel: str, real: str, info: os.stat_result, before: SourceFile | None, problems: list):
    """The file's record; its digest is read again only when its inode, size or times changed."""
    stamp = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    if before is not None and before.stamp == stamp and before.path == real:
        return SourceFile(rel, real, info.st_size, before.digest, stamp=stamp)
    try:
        digest = _digest(real)
    except OSError as exc:
        problems.append(error(rel, 1, f"cannot be read: {exc.strerror}"))
        return None
    return SourceFile(rel, real, info.st_size, digest, stamp=stamp)


def _special(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


def _digest(path: str) -> str:
    hasher = hashlib.sha256()
    # O_NONBLOCK: should the file have become a FIFO since lstat, opening it does not wait.
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(0, "not a regular file")
        for chunk in iter(lambda: handle.read(MB), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def human_size(size: float) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
