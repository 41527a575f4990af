"""The published-file policy: which files of content/ reach readers, and where.

Only types the generator knows to be inert are published: images, documents, audio, video,
captions, archives. Types a browser would run in the site's origin (.html, .svg, .js, .xml
...) and unknown types are refused, unless `[files] allow` in site.toml lists them; an allowed
SVG must still hold no script, handler, foreign object or outside reference, so that it stays
inert even when opened on its own, and pages show it only as an <img>.
"""

from __future__ import annotations

import posixpath
import re
from xml.etree import ElementTree

from sitegen.content.files import MB, SiteFiles, SourceFile
from sitegen.errors import Diagnostics, Problem, error
from sitegen.types import TYPES

SAFE = frozenset(
    (
        ".jpg",
        ".jpeg",
        ".png",
        ".webp",
        ".gif",
        ".avif",  # images (rasters go through the image stage)
        ".pdf",
        ".txt",
        ".csv",
        ".rtf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".wps",
        ".et",
        ".dps",  # WPS Office
        ".mp3",
        ".ogg",
        ".oga",
        ".wav",
        ".m4a",
        ".aac",
        ".flac",
        ".mp4",
        ".webm",
        ".ogv",
        ".mov",
        ".vtt",
        ".srt",
        ".zip",
        ".7z",
        ".rar",
    )
)
SVG_FORBIDDEN = frozenset(
    (
        "script",
        "foreignobject",
        "iframe",
        "embed",
        "object",
        "handler",
        "listener",
        "set",
        "animate",
        "animatemotion",
        "animatetransform",
    )
)
_LOCAL_REF = re.compile(r"^(#|data:image/(png|jpeg|gif|webp);)", re.I)


def publish_files(
    walk: SiteFiles, content, allowed: tuple[str, ...], limit_mb: int, problems: Diagnostics
) -> SiteFiles:
    """Give every publishable file of content/ its bundle and output path; refuse what the policy
    does not allow. Files of an unpublished (draft) bundle keep output None."""
    owners = {item.bundle: item for item in content.items if item.bundle}
    bundles = set(content.bundles)
    outputs: dict[str, tuple[str | None, str | None]] = {}
    for record in walk.under("content"):
        rel = record.source[len("content/") :]
        kind = TYPES.in_folder(rel.split("/")[0]) if "/" in rel else None
        if rel.endswith(kind.suffixes if kind else (".md",)) or (kind and kind.read):
            # a type's own sources are read, not published; whole-file types (quizzes) hold nothing else
            continue
        problem = _refused(record, allowed, limit_mb)
        if problem is not None:
            problems.append(problem)
            continue
        bundle = next((folder for folder in _folders(record.source) if folder in bundles), None)
        if bundle is None:
            outputs[record.source] = (None, rel)
        else:
            owner = owners.get(bundle)
            outputs[record.source] = (
                bundle,
                owner.path + record.source[len(bundle) + 1 :] if owner else None,
            )
    return walk.with_outputs(outputs)


def _folders(source: str) -> list[str]:
    """The folders holding source, nearest first."""
    parts = source.split("/")
    return ["/".join(parts[:n]) for n in range(len(parts) - 1, 1, -1)]


def _refused(record: SourceFile, allowed: tuple[str, ...], limit_mb: int) -> Problem | None:
    suffix = posixpath.splitext(record.source)[1].lower()
    if suffix not in SAFE and suffix not in allowed:
        what = f"'{suffix}' files" if suffix else "files without a type suffix"
        return error(
            record.source,
            1,
            f"{what} are not published from content/: a browser could run them in the "
            "site's origin (or the type is unknown); remove the file, or list the type in site.toml "
            f'under [files] allow = ["{suffix or ".ext"}"] if every editor is trusted (see README)',
        )
    if record.size > limit_mb * MB and not record.source.startswith(
        "content/resources/"
    ):  # resources say it their way
        return error(
            record.source,
            1,
            f"the file is {record.size / MB:.1f} MB, more than max_attachment_mb = "
            f"{limit_mb} in site.toml: compress it, or publish it elsewhere and link to it",
        )
    if suffix == ".svg":
        with open(record.path, "rb") as handle:
            reason = svg_problem(handle.read())
        if reason:
            return error(
                record.source,
                1,
                f"this SVG {reason}: SVG images are published only when they cannot "
                "run scripts; remove it, or export the drawing again as a plain picture",
            )
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG could script or reach outside when opened on its own, or None."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I):
        return "declares a DOCTYPE or entities"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not well-formed XML ({exc})"
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if name in SVG_FORBIDDEN:
            return f"holds a <{name}> element"
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"holds an event handler ({local}=)"
            if local == "href" and not _LOCAL_REF.match(value.strip()):
                return f"refers to {value[:60]!r}"
            if "url(" in value.lower().replace(" ", "") and not re.fullmatch(
                r"\s*url\(\s*#[^)]*\)\s*", value
            ):
                return f"refers to {value[:60]!r} in {local}="
        if name == "style" and re.search(r"@import|url\(\s*['\"]?(?!#)", element.text or "", re.I):
            return "loads a stylesheet or image from elsewhere"
    return None
