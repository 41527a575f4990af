"""Raw HTML that editors write in Markdown, under the site's policy ([html] in site.toml).

Only the editor's own fragments pass through here (Python-Markdown keeps them in its
htmlStash); the markup the renderer makes itself is trusted. Sanitising uses nh3 (the Rust
ammonia allow-list sanitiser) and reports what it removed, so an editor learns why an embed
vanished. Markdown syntax can smuggle markup too (attr_list's `{: onclick=... }`, links to
`javascript:`); `unsafe_attributes` checks the element tree for that.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import nh3
from ada_url import URL

if TYPE_CHECKING:  # settings checks menu URLs with is_unsafe_url
    from xml.etree.ElementTree import Element

    from sitegen.settings import HtmlPolicy

TAGS = set(nh3.ALLOWED_TAGS) | {"picture", "source", "video", "audio", "track", "figure", "figcaption"}
GENERIC = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": GENERIC,
    "a": {"href", "hreflang", "target", "download"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "fetchpriority"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "preload", "loop", "muted"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "details": {"open"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_END_TAG = re.compile(r"^</([a-zA-Z][\w-]*)\s*>$")
_START_TAG = re.compile(r"^<([a-zA-Z][\w-]*)\b[^<>]*>$")
_ENTITY = re.compile(r"^&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$")
_IFRAME = re.compile(r"<iframe([^>]*)>.*?</iframe>", re.S)
MAX_NESTING = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "xlink:href",
}
_HIDDEN = re.compile(r"[\x00-\x20]+")  # browsers ignore these inside a URL scheme: "java\tscript:"


def apply_policy(fragment: str, policy: HtmlPolicy) -> tuple[str, list[str]]:
    """The fragment as it may appear on the page, and what was removed (for a warning)."""
    if policy.raw == "allow" or _ENTITY.match(fragment.strip()):
        return fragment, []
    if policy.raw == "escape":
        return html.escape(fragment, quote=False), []
    return sanitize(fragment, policy.iframe_hosts)


def sanitize(fragment: str, iframe_hosts: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    if _nesting(fragment) > MAX_NESTING:  # nh3's time grows with the square of the depth
        return "", [f"HTML nested more than {MAX_NESTING} levels deep (the whole block)"]
    tags = TAGS | ({"iframe"} if iframe_hosts else set())
    end = _END_TAG.match(fragment)
    if end:  # inline HTML arrives one tag at a time; a lone end tag is kept when its tag is
        return (fragment if end.group(1).lower() in tags else ""), []

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            return embed_url(value, iframe_hosts)
        return value

    cleaned = nh3.clean(
        fragment,
        tags=tags,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=keep,
        link_rel=None,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
    )
    # An iframe's content is raw text that nh3 passes on verbatim: drop it, and drop the whole
    # iframe when its host was not allowed (its src is gone), or that text would come alive.
    cleaned = _IFRAME.sub(lambda m: f"<iframe{m[1]}></iframe>" if " src=" in m[1] else "", cleaned)
    start = _START_TAG.match(fragment)
    if start and not fragment.endswith("/>"):  # a lone start tag: nh3 closed it, its end tag follows later
        closing = f"</{start.group(1).lower()}>"
        if cleaned.endswith(closing):
            cleaned = cleaned[: -len(closing)]
    return cleaned, removed_markup(fragment, cleaned)


def _nesting(fragment: str) -> int:
    """How deep the tags of a fragment nest, counted roughly and in linear time."""
    depth = deepest = 0
    for end, name, self_closing in _TAG.findall(fragment):
        if end:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


class _Markup(HTMLParser):
    """Start tags and attributes of a fragment, to tell what sanitising removed."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: Counter = Counter()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value or "")] += 1

    handle_startendtag = handle_starttag


def removed_markup(before: str, after: str) -> list[str]:
    old, new = _Markup(before), _Markup(after)
    removed = [f"<{tag}>" for tag in sorted(old.tags - new.tags)]
    for tag, name, value in sorted(old.attributes - new.attributes):
        if f"<{tag}>" not in removed:
            removed.append(f'{name}="{_short(value)}" on <{tag}>' if value else f"{name} on <{tag}>")
    return removed


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def browser_url(value: str, base: str | None = None) -> URL | None:
    """`value` parsed the way browsers parse it (the WHATWG URL standard, through ada): a
    backslash is a slash, tabs and newlines vanish, `evil.example\\@good` is evil.example.
    None when a browser would not load it at all."""
    try:
        return URL(value, base=base) if base else URL(value)
    except ValueError:
        return None


def embed_url(value: str, hosts: tuple[str, ...]) -> str | None:
    """The https URL of an allowed host, as browsers will load it; None for anything else.
    The serialised form goes on the page, so the page says exactly what was checked."""
    url = browser_url(html.unescape(value))
    if url is None or url.protocol != "https:" or url.username or url.password:
        return None
    return url.href if url.hostname in hosts else None


def is_unsafe_url(value: str) -> bool:
    text = html.unescape(value)
    url = browser_url(text, "https://site.invalid/")
    if url is not None and url.protocol in _SCRIPT_SCHEMES:
        return True
    scheme = _HIDDEN.sub("", text).lower().split(":", 1)  # stricter than browsers: "java\x01script:" too
    return len(scheme) == 2 and f"{scheme[0]}:" in _SCRIPT_SCHEMES and "/" not in scheme[0]


_SCRIPT_SCHEMES = {"javascript:", "vbscript:", "data:"}


def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Whether an attribute written with Markdown syntax (attr_list) may stay: the same
    allow-list as raw HTML, and no script URL."""
    lowered = name.lower()
    if lowered not in GENERIC and lowered not in ATTRIBUTES.get(tag, ()):
        return False
    return not (lowered in _URL_ATTRIBUTES and is_unsafe_url(value))


def unsafe_attributes(root) -> list[tuple[Element, str, str]]:
    """(element, attribute, value) that Markdown syntax put on the page but must not stay:
    event handlers, inline styles (the site's Content-Security-Policy refuses them) and
    script URLs. A data: URL stays on <img src> only."""
    found = []
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            lowered = name.lower()
            if lowered.startswith("on") or lowered == "style" or lowered == "srcdoc":
                found.append((element, name, value))
            elif lowered in _URL_ATTRIBUTES and is_unsafe_url(value):
                if not (
                    element.tag == "img"
                    and lowered == "src"
                    and value.strip().lower().startswith("data:image/")
                ):
                    found.append((element, name, value))
    return found
