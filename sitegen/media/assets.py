"""Stage 5: theme and site assets. CSS and JS get content-hash names for cache busting."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import rcssmin

from sitegen.content.files import SiteFiles

HASHED_SUFFIXES = (".css", ".js")
DIGEST_CHARS = 10  # of the SHA-256 in a hashed name
# A published name with the digest of its bytes ("assets/css/site.2d2f4c5370.css"): what it holds
# never changes, so a browser may keep it (the dev server says so; a web server may too).
FINGERPRINTED = re.compile(
    rf"^assets/(?:.+/)?[^/]+\.[0-9a-f]{{{DIGEST_CHARS}}}(?:{'|'.join(map(re.escape, HASHED_SUFFIXES))})$"
)
_CSS_REF = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass(frozen=True)
class Assets:
    urls: dict  # logical path "css/site.css" -> published path "assets/css/site.1a2b3c4d.css"
    files: dict  # published path -> bytes (hashed, possibly rewritten) or Path (copied as is)

    def url(self, name: str) -> str:
        return self.urls[name.lstrip("/")]


def theme_dir() -> Path:
    """The built-in theme is the project's own templates/ and assets/."""
    return Path(__file__).resolve().parent.parent.parent


def collect_assets(walk: SiteFiles, generated: dict[str, bytes] | None = None) -> Assets:
    """Theme files, then the site's (which win; from the one walk of the site, content/files.py),
    then `generated` ones (the accent's palette)."""
    sources: dict[str, Path | bytes] = {}
    root = theme_dir() / "assets"
    for path in sorted(root.rglob("*")) if root.is_dir() else ():
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            sources[path.relative_to(root).as_posix()] = path
    for record in walk.under("assets"):  # the site's files win
        sources[record.source.removeprefix("assets/")] = Path(record.path)
    sources.update(generated or {})
    urls: dict[str, str] = {}
    files: dict[str, bytes | Path] = {}

    def publish(name: str, stack: tuple = ()) -> str:
        if name in urls:
            return urls[name]
        path = sources[name]
        if not name.endswith(HASHED_SUFFIXES) or name in stack:
            urls[name] = f"assets/{name}"
            files[urls[name]] = path
            return urls[name]
        data = path if isinstance(path, bytes) else path.read_bytes()
        if name.endswith(".css"):
            css = _rewrite_css(
                data.decode("utf-8"),
                name,
                lambda ref: publish(ref, stack + (name,)) if ref in sources else None,
            )
            data = rcssmin.cssmin(css).encode("utf-8")  # a kept minifier, not a regex of our own
        digest = hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]
        stem, suffix = posixpath.splitext(name)
        urls[name] = f"assets/{stem}.{digest}{suffix}"
        files[urls[name]] = data
        return urls[name]

    for name in sources:
        publish(name)
    return Assets(urls, files)


def _rewrite_css(css: str, name: str, publish) -> str:
    """Point url() and @import at the hashed names of other stylesheets and scripts."""
    folder = posixpath.dirname(name)

    def replace(match: re.Match) -> str:
        ref = match.group(2) or match.group(4)
        if re.match(r"^([a-z]+:|/|#)", ref, re.I):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, ref.split("?")[0].split("#")[0]))
        if not target.endswith(HASHED_SUFFIXES):
            return match.group(0)
        published = publish(target)
        if published is None:
            return match.group(0)
        relative = posixpath.relpath(published[len("assets/") :], folder or ".")
        return match.group(0).replace(ref, relative)

    return _CSS_REF.sub(replace, css)
