"""Stage 3: Markdown to HTML, Chinese-correct, with links resolved against the site."""

from __future__ import annotations

import html as html_lib
import multiprocessing
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, HTML_PLACEHOLDER_RE

from sitegen.markup.bounds import too_costly
from sitegen.markup.raw_html import allowed_attribute, apply_policy, unsafe_attributes
from sitegen.media.picture import picture_parts
from sitegen.settings import HtmlPolicy
from sitegen.text.cjk import cjk_pattern, cut_summary, reading_minutes
from sitegen.text.plain import html_to_text, visible
from sitegen.text.slugs import remembered_slugify

INLINE_TAGS = {
    "a",
    "em",
    "strong",
    "span",
    "sup",
    "sub",
    "abbr",
    "b",
    "i",
    "u",
    "small",
    "mark",
    "del",
    "ins",
    "q",
    "kbd",
    "s",
    "cite",
}
BARRIER_TAGS = {"code", "br", "img"}  # text does not flow across these
EXTERNAL_RE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class Link:
    """A reference found in the body, for `check`. kind: page, file, external, anchor, missing."""

    line: int
    href: str  # as the editor wrote it
    kind: str
    target: str  # output path for page/file, the URL for external, the fragment for anchor
    note: str = ""  # kind "slip", or a "missing" link with a likely fix: the whole message


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Body:
    html: str
    headings: tuple[Heading, ...]
    ids: frozenset[str]
    summary: str  # plain text
    reading_minutes: int
    links: tuple[Link, ...]
    cover: str | None = None  # output path of the cover image, None when absent or missing
    errors: tuple = ()  # (line, message): images without alt text, files that are not images
    warnings: tuple = ()  # (line, message): unsafe markup removed from the page


@dataclass(frozen=True)
class LinkContext:
    """What link resolution needs to know about the site, built once per build."""

    site_dir: Path
    base_path: str  # "/jdxc/"
    pages: dict  # source path ("content/articles/x.md") -> URL path ("articles/x/")
    files: (
        dict  # source ("content/articles/y/a.pdf") -> output path of every published file (content.published)
    )
    images: dict = field(default_factory=dict)  # output path -> images.ProcessedImage


class _Document:
    """Per-document state the tree processors fill in; replaced before every conversion."""

    def __init__(self, source: str, folder: str, body: str, body_line: int):
        self.source, self.folder, self.body, self.body_line = source, folder, body, body_line
        self.first_paragraph = ""
        self.links: list[Link] = []
        self.errors: list[tuple[int, str]] = []
        self.warnings: list[tuple[int, str]] = []
        self.raw_html: set[int] = set()  # htmlStash indexes of the editor's own HTML
        self.emptied: set[int] = set()  # of those, the ones sanitising emptied
        self.cursors: dict[str, int] = {}
        self.images_seen = 0
        self.eager_first = True

    def line_of(self, needle: str) -> int:
        """Line of the next occurrence of `needle`: links are met in document order."""
        index = self.body.find(needle, self.cursors.get(needle, 0))
        if index < 0:
            index = self.body.find(needle)
        else:
            self.cursors[needle] = index + len(needle)
        return self.body_line + (self.body.count("\n", 0, index) if index >= 0 else 0)


class CjkLineJoiner(Treeprocessor):
    """Editors hard-wrap Chinese; a newline between two Chinese characters must vanish."""

    def __init__(self, md, chinese: bool):
        super().__init__(md)
        self.cjk = cjk_pattern(chinese)

    def run(self, root):
        if any("\n" in (element.text or "") or "\n" in (element.tail or "") for element in root.iter()):
            self._visit_block(root)  # (most documents have no hard-wrapped line)

    def _visit_block(self, element) -> None:
        segments: list = []
        self._collect(element, segments)
        self._join(segments)

    def _collect(self, element, segments: list) -> None:
        if element.tag in ("pre", "script", "style"):
            segments.append(None)
            return
        if element.text:
            segments.append((element, "text"))
        for child in element:
            if child.tag in INLINE_TAGS:
                self._collect(child, segments)
            else:
                segments.append(None)
                if child.tag not in BARRIER_TAGS:
                    self._visit_block(child)
            if child.tail:
                segments.append((child, "tail"))

    def _join(self, segments: list) -> None:
        texts = [getattr(s[0], s[1]) if s else None for s in segments]
        for index, text in enumerate(texts):
            if text is None or "\n" not in text:
                continue
            before = texts[index - 1] if index > 0 else None
            after = texts[index + 1] if index + 1 < len(texts) else None

            def replace(match, text=text, before=before, after=after):
                prev = text[match.start() - 1] if match.start() > 0 else (before[-1:] if before else "")
                nxt = text[match.end()] if match.end() < len(text) else (after[:1] if after else "")
                return "" if prev and nxt and self.cjk.match(prev) and self.cjk.match(nxt) else match.group()

            joined = _LINE_BREAK.sub(replace, text)
            texts[index] = joined
            element, attr = segments[index]
            setattr(element, attr, type(text)(joined))  # keeps AtomicString where it was one


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


class FirstParagraph(Treeprocessor):
    """The first paragraph's words, for the summary (after attr_list took its `{: ...}` away)."""

    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        first = next(root.iter("p"), None)
        if first is not None:
            self.state().first_paragraph = paragraph_text(first, self.md.htmlStash.rawHtmlBlocks)


class LinkResolver(Treeprocessor):
    """Site-root links get the base path; links to .md sources become page URLs."""

    def __init__(self, md, context: LinkContext, state):
        super().__init__(md)
        self.context = context
        self.state = state  # callable returning the current _Document

    def run(self, root):
        doc = self.state()
        for element in list(root.iter()):  # a copy: <img> grows into <picture> on the way
            attr = {"a": "href", "img": "src"}.get(element.tag)
            if attr and element.get(attr) is not None:
                original = element.get(attr)
                element.set(attr, self.resolve(original, doc, element.tag == "img"))
                if element.tag == "img":
                    self.check_image(element, original, doc)
        for paragraph in root.iter("p"):  # a paragraph of nothing but pictures is a gallery
            if (
                len(paragraph) > 1
                and all(child.tag == "img" and not (child.tail or "").strip() for child in paragraph)
                and not (paragraph.text or "").strip()
            ):
                paragraph.tag = "div"
                paragraph.set("class", "gallery")

    def check_image(self, element, original: str, doc: _Document) -> None:
        line = doc.line_of(original)
        doc.images_seen += 1
        if not (element.get("alt") or "").strip():
            doc.errors.append(
                (line, f"image '{original}' has no alt text: write ![what the picture shows]({original})")
            )
        link = doc.links[-1] if doc.links else None
        if link is None or link.href != original or link.kind != "file":
            return
        image = self.context.images.get(link.target)
        if image is not None:
            picture(element, image, self.context.base_path, eager=doc.images_seen == 1 and doc.eager_first)
        elif not link.target.lower().endswith((".svg", ".gif", ".jpg", ".jpeg", ".png", ".webp")):
            # (a raster file that failed to process is reported by the image stage)
            doc.errors.append((line, f"'{original}' is not an image (use .jpg, .png, .webp, .gif or .svg)"))

    def resolve(self, href: str, doc: _Document, is_image: bool) -> str:
        line = doc.line_of(href)
        slip = path_slip(href, is_image)
        if slip:
            doc.links.append(Link(line, href, "slip", href, slip))
            return href
        if href.startswith("#"):
            doc.links.append(Link(line, href, "anchor", href[1:]))
            return href
        if EXTERNAL_RE.match(href):
            doc.links.append(Link(line, href, "external", href))
            return href
        parts = urlsplit(href)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        base = self.context.base_path
        if href.startswith("/"):
            target = parts.path.lstrip("/")
            doc.links.append(
                Link(line, href, "page", target + ("#" + parts.fragment if parts.fragment else ""))
            )
            return base + target + suffix
        source = posixpath.normpath(posixpath.join(doc.folder, parts.path))
        if source.endswith(".md"):
            page = self.context.pages.get(source)
            if page is None:
                doc.links.append(Link(line, href, "missing", source))
                return href
            doc.links.append(
                Link(line, href, "page", page + ("#" + parts.fragment if parts.fragment else ""))
            )
            return base + page + suffix
        output = self.static_output(source)
        if output is None:
            doc.links.append(
                Link(line, href, "missing", source, case_slip(href, self.context.site_dir / source))
            )
            return href
        doc.links.append(Link(line, href, "file", output))
        return base + output + suffix

    def static_output(self, source: str) -> str | None:
        """Where a file from content/ is published (its record says), or None."""
        return self.context.files.get(source)


LOCAL_PATH = re.compile(r"^([A-Za-z]:[\\/]|file:|\\\\)", re.I)  # C:\..., D:/..., file:///..., \\server\...


def path_slip(href: str, is_image: bool) -> str | None:
    """The message for a path that only works on the editor's own computer, or uses backslashes."""
    if LOCAL_PATH.match(href):
        name = re.split(r"[\\/]", href.rstrip("\\/"))[-1] or href
        what = "picture" if is_image else "file"
        return (
            f"'{href}' is a file on your own computer, which readers cannot open: copy the {what} into the "
            f"article's folder and write its name, such as '{name}'"
        )
    if "\\" in href and not EXTERNAL_RE.match(href):
        return (
            f"'{href}' uses backslashes '\\': write '{href.replace(chr(92), '/')}' with forward slashes '/'"
        )
    return None


def case_slip(href: str, path: Path) -> str:
    """For a missing file whose name differs from an existing one only in capital letters: the fix.
    (Windows and macOS ignore the difference; the web server does not.)"""
    try:
        names = [entry.name for entry in path.parent.iterdir()] if path.parent.is_dir() else []
    except OSError:
        return ""
    match = next((name for name in names if name.lower() == path.name.lower() and name != path.name), None)
    if match is None:
        return ""
    fixed = href[: len(href) - len(path.name)] + match if href.endswith(path.name) else match
    return f"'{href}' points at nothing: did you mean '{fixed}'? (capital and small letters must match)"


def picture(img, image, base_path: str, eager: bool) -> None:
    """Turn <img> into <picture> with AVIF/WebP sources and a sized, lazy fallback."""
    parts = picture_parts(
        image, lambda path: base_path + path, img.get("alt", ""), eager, title=img.get("title")
    )
    img.attrib.clear()
    img.tag = "picture"
    for attributes in parts.sources:
        ElementTree.SubElement(img, "source", dict(attributes))
    ElementTree.SubElement(img, "img", dict(parts.img))


class _RawBlocks(Preprocessor):
    """Python-Markdown's raw HTML block stage, noting which stash entries it made."""

    def __init__(self, md, inner, state):
        super().__init__(md)
        self.inner, self.state = inner, state

    def run(self, lines):
        first = len(self.md.htmlStash.rawHtmlBlocks)
        lines = self.inner.run(lines)
        self.state().raw_html.update(range(first, len(self.md.htmlStash.rawHtmlBlocks)))
        return lines


class _RawInline(HtmlInlineProcessor):
    """Inline raw HTML (one tag at a time), noted like the blocks."""

    def __init__(self, pattern, md, state):
        super().__init__(pattern, md)
        self.state = state

    def handleMatch(self, m, data):  # type: ignore[override]  # the stubs give Pattern's one-argument form
        found = super().handleMatch(m, data)
        self.state().raw_html.add(self.md.htmlStash.html_counter - 1)
        return found


class RawHtmlPolicy(Postprocessor):
    """Apply the site's raw HTML policy to the editor's fragments before they are put back."""

    def __init__(self, md, policy: HtmlPolicy, state):
        super().__init__(md)
        self.policy, self.state = policy, state

    def run(self, text):
        doc = self.state()
        stash = self.md.htmlStash.rawHtmlBlocks
        for index in sorted(doc.raw_html):  # once: the table of contents runs postprocessors too
            fragment = str(stash[index])
            local = [url for url in _HTML_URL.findall(fragment) if path_slip(url, True)]
            for url in local:
                doc.links.append(
                    Link(doc.line_of(url), url, "slip", url, path_slip(url, "<img" in fragment) or "")
                )
            stash[index], removed = apply_policy(fragment, self.policy)
            removed = [entry for entry in removed if not any(url[:37] in entry for url in local)]
            if not stash[index].strip():
                doc.emptied.add(index)
            if removed:
                line = doc.line_of(fragment.strip().split("\n", 1)[0][:60])
                doc.warnings.append(
                    (
                        line,
                        "unsafe HTML removed: "
                        + ", ".join(removed)
                        + " (raw HTML is sanitised; iframes only from site.toml [html] iframe_hosts)",
                    )
                )
        doc.raw_html.clear()
        for index in doc.emptied:  # no empty paragraph where a whole block was removed
            text = re.sub(rf"<p>\s*{re.escape(HTML_PLACEHOLDER % index)}\s*</p>\n?", "", text)
        return text


_HTML_URL = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", re.I)


class UnsafeAttributes(Treeprocessor):
    """Markdown syntax may not add event handlers, inline styles or script URLs."""

    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        doc = self.state()
        for element, name, value in unsafe_attributes(root):
            del element.attrib[name]
            doc.warnings.append(
                (
                    doc.line_of(value),
                    f'{name}="{value[:40]}" removed from <{element.tag}>: '
                    "event handlers, style attributes and javascript: links are not allowed",
                )
            )


ATTRIBUTE_REFUSED = (
    "not allowed in an attribute list (the same allow-list as raw HTML: class, id, title, lang ...)"
)


class _AllowListedAttributes(AttrListTreeprocessor):
    """attr_list (`{: .note #id }`) through the raw HTML allow-list: what it may not add is
    taken back and reported, so `{ onfocus=... autofocus }` never reaches the page."""

    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, doc):
        if "{" in self.state().body:  # every attribute list is written with one
            super().run(doc)

    def assign_attrs(self, elem, attrs_string: str, *, strict: bool = False) -> str:
        before = dict(elem.attrib)
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        for name, value in list(elem.attrib.items()):
            value = value or ""  # a bare `{ flag }` is None
            if (name not in before or before[name] != elem.get(name)) and not allowed_attribute(
                elem.tag, name, value
            ):
                if name in before:
                    elem.set(name, before[name])
                else:
                    del elem.attrib[name]
                doc = self.state()
                doc.warnings.append(
                    (
                        doc.line_of(attrs_string),
                        f'{name}="{value[:40]}" on <{elem.tag}> removed: ' + ATTRIBUTE_REFUSED,
                    )
                )
        return remainder


class _AllowListedFencedCode(FencedBlockPreprocessor):
    """Fenced code's `{ .lang key=value }` goes onto <code> as attributes: the same allow-list."""

    def __init__(self, md, config, state):
        super().__init__(md, config)
        self.state = state
        self.FENCED_BLOCK_RE = _Remembering(FencedBlockPreprocessor.FENCED_BLOCK_RE)  # type: ignore[misc, assignment]

    def handle_attrs(self, attrs):
        id_, classes, config = super().handle_attrs(attrs)
        refused = [name for name, value in config.items() if not allowed_attribute("code", name, str(value))]
        if refused:
            doc = self.state()
            fence = self.FENCED_BLOCK_RE.last.group(0)  # type: ignore[attr-defined]  # see _Remembering
            line = doc.line_of(fence.split("\n", 1)[0])  # the opening fence
            for name in refused:
                doc.warnings.append(
                    (line, f'{name}="{str(config.pop(name))[:40]}" on <code> removed: ' + ATTRIBUTE_REFUSED)
                )
        return id_, classes, config


class _Remembering:
    """A compiled pattern that keeps its last match (the fence whose attributes are read)."""

    def __init__(self, pattern):
        self.pattern, self.last = pattern, None

    def search(self, text, pos=0):
        self.last = self.pattern.search(text, pos)
        return self.last


class _Unescape(markdown.treeprocessors.UnescapeTreeprocessor):
    """Puts back the characters escaped with a backslash: none when the source has no backslash
    (Python-Markdown removes the marker characters from the source first)."""

    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        if "\\" in self.state().body:
            super().run(root)


class _SiteExtension(Extension):
    def __init__(self, context: LinkContext, chinese: bool, state, policy: HtmlPolicy):
        super().__init__()
        self.context, self.chinese, self.state, self.policy = context, chinese, state, policy

    def extendMarkdown(self, md):
        # After inline parsing (20), before prettify (10) and the table of contents (5).
        md.treeprocessors.register(CjkLineJoiner(md, self.chinese), "cjk_join", 16)
        md.treeprocessors.register(LinkResolver(md, self.context, self.state), "site_links", 15)
        md.treeprocessors.register(FirstParagraph(md, self.state), "first_paragraph", 7)
        md.treeprocessors.register(_Unescape(md, self.state), "unescape", 0)
        if self.policy.raw != "allow":
            md.preprocessors.register(
                _RawBlocks(md, md.preprocessors["html_block"], self.state), "html_block", 20
            )
            md.inlinePatterns.register(
                _RawInline(md.inlinePatterns["html"].pattern, md, self.state), "html", 90
            )
            md.inlinePatterns.register(
                _RawInline(md.inlinePatterns["entity"].pattern, md, self.state), "entity", 80
            )
            md.treeprocessors.register(UnsafeAttributes(md, self.state), "unsafe_attributes", 2)
            md.treeprocessors.register(_AllowListedAttributes(md, self.state), "attr_list", 8)
            md.preprocessors.register(
                _AllowListedFencedCode(md, md.preprocessors["fenced_code_block"].config, self.state),
                "fenced_code_block",
                25,
            )
            md.postprocessors.register(RawHtmlPolicy(md, self.policy, self.state), "raw_html_policy", 35)


class _PatternList(list):
    """The inline patterns as a plain list: Python-Markdown's Registry re-checks its sort order
    on every lookup, and the inline processor looks a pattern up ~700 times per article."""


# Text every match of a built-in inline pattern contains: without it the pattern cannot match,
# so trying it (a regular expression and ~10 Python calls, ~700 times per article) is skipped.
PATTERN_TRIGGERS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}


class _QuickInlineProcessor(markdown.treeprocessors.InlineProcessor):
    """Python-Markdown's inline processor, trying on each text only the patterns whose trigger
    text it holds. A match only puts a placeholder where it was, so a trigger absent at the
    start stays absent: which patterns to try is decided once per text, not once per try."""

    def __init__(self, md):
        super().__init__(md)
        self.inlinePatterns = _PatternList(md.inlinePatterns)  # type: ignore[assignment]
        names = {id(md.inlinePatterns[item.name]): item.name for item in md.inlinePatterns._priority}
        self.triggers = [PATTERN_TRIGGERS.get(names[id(pattern)]) for pattern in self.inlinePatterns]
        self.trigger_texts = tuple(sorted({text for texts in self.triggers if texts for text in texts}))
        self.tried: dict[tuple, tuple[int, ...]] = {}  # (triggers present, first index) -> patterns to try

    def _to_try(self, data: str, first: int) -> tuple[int, ...]:
        key = (tuple(map(data.__contains__, self.trigger_texts)), first)
        if key not in self.tried:
            present = {text for text, found in zip(self.trigger_texts, key[0], strict=True) if found}
            self.tried[key] = tuple(
                index
                for index, triggers in enumerate(self.triggers[first:], first)
                if triggers is None or not present.isdisjoint(triggers)
            )
        return self.tried[key]

    def _InlineProcessor__handleInline(self, data, patternIndex=0):
        """The original's loop: each pattern is applied until it stops matching, then the next."""
        if isinstance(data, markdown.util.AtomicString):
            return data
        start = 0
        for index in self._to_try(data, patternIndex):
            matched = True
            while matched:
                data, matched, start = self._InlineProcessor__applyPattern(  # type: ignore[attr-defined]
                    self.inlinePatterns[index], data, index, start
                )
        return data


class _TocWhereAsked(TocTreeprocessor):
    """The toc extension looks for its `[TOC]` marker in every element, and builds and serialises a
    table of contents for every document; the site reads only the headings (toc_tokens), and
    the marker can only be found where the source holds it, so both are done only there."""

    def __init__(self, md, config, state):
        super().__init__(md, config)
        self.state = state

    def asked(self) -> bool:
        return bool(self.marker) and self.marker in self.state().body

    def build_toc_div(self, toc_list):
        # An empty one is still serialised and post-processed: the raw HTML policy runs there
        # in a document without headings, which decides the order of its findings.
        return super().build_toc_div(toc_list) if self.asked() else ElementTree.Element("div")

    def replace_marker(self, root, elem):
        if self.asked():
            super().replace_marker(root, elem)


class _Toc(TocExtension):
    def __init__(self, state, **config):
        super().__init__(**config)
        self.state = state

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(_TocWhereAsked(md, self.getConfigs(), self.state), "toc", 5)


class _InOrder(markdown.util.Registry):
    """A registry that keeps its items in order until it changes: Python-Markdown's makes a new
    list every time it is read (the block parser reads it ~30 times per article)."""

    def __init__(self, registry: markdown.util.Registry):
        super().__init__()
        self._in_order: list | None = None
        # (a copy: reading an item sorts them in place; their order decides between equal priorities)
        entries = list(registry._priority)  # type: ignore[attr-defined]  # no public way to list names
        for entry in entries:
            self.register(registry[entry.name], entry.name, entry.priority)

    def register(self, item, name: str, priority: float) -> None:
        self._in_order = None
        super().register(item, name, priority)

    def deregister(self, name: str, strict: bool = True) -> None:
        self._in_order = None
        super().deregister(name, strict)

    def __iter__(self):
        if self._in_order is None:
            self._in_order = list(super().__iter__())
        return iter(self._in_order)


class _Markdown(markdown.Markdown):
    """Python-Markdown asks ~250 times per article whether a tag is block level, each time
    searching its list of 60 names; the answers are kept for the document."""

    def __init__(self, **options):
        self._block_level: dict = {}
        super().__init__(**options)

    def reset(self):
        self._block_level = {}  # the list of names is public: it may change between documents
        return super().reset()

    def is_block_level(self, tag) -> bool:
        answer = self._block_level.get(tag)
        if answer is None:
            answer = self._block_level[tag] = super().is_block_level(tag)
        return answer


class MarkdownRenderer:
    """One configured Markdown instance, reset between documents (cheap to reuse).

    `slugs` remembers heading slugs between builds (see slugs.remembered_slugify); what this
    renderer adds to it is also kept in `learned`, for worker processes to hand back."""

    def __init__(
        self,
        context: LinkContext,
        chinese: bool = True,
        html_policy: HtmlPolicy | None = None,
        slugs: dict | None = None,
    ):
        self._doc = _Document("", "", "", 1)
        self._files = LinkResolver(None, context, lambda: self._doc)
        self.slugs = {} if slugs is None else slugs
        self.learned: dict = {}
        self._md = _Markdown(
            extensions=[
                # align= rather than style=: the site's Content-Security-Policy refuses inline styles
                TableExtension(use_align_attribute=True),
                "fenced_code",
                "attr_list",
                "sane_lists",
                FootnoteExtension(BACKLINK_TITLE="返回正文第 %d 处", BACKLINK_TEXT="↩︎"),
                _Toc(lambda: self._doc, slugify=self._heading_slug, toc_depth="2-4"),
                _SiteExtension(context, chinese, lambda: self._doc, html_policy or HtmlPolicy()),
            ],
            output_format="html",
        )
        self._md.treeprocessors.register(_QuickInlineProcessor(self._md), "inline", 20)
        md = self._md
        md.preprocessors = _InOrder(md.preprocessors)
        md.parser.blockprocessors = _InOrder(md.parser.blockprocessors)
        md.treeprocessors = _InOrder(md.treeprocessors)
        md.postprocessors = _InOrder(md.postprocessors)

    def warm_up(self) -> None:
        """Load the pinyin dictionaries once, before forking, rather than once per worker."""
        remembered_slugify("禁毒", {})

    def _heading_slug(self, value: str, separator: str) -> str:
        key = (value, "section")
        if key not in self.slugs:
            self.learned[key] = remembered_slugify(value, self.slugs, fallback="section")
        return self.slugs[key]

    def render(
        self,
        body: str,
        source: str,
        folder: str,
        body_line: int,
        summary: str | None,
        cover: str | None = None,
    ) -> Body:
        self._doc = _Document(source, folder, body, body_line)
        self._doc.eager_first = cover is None  # with a cover, the cover is the image above the fold
        self._md.reset()
        costly = too_costly(body)
        if costly is not None:  # refused before Python-Markdown spends minutes on it
            return Body(
                "", (), frozenset(), summary or "", 1, (), errors=((body_line + costly[0], costly[1]),)
            )
        try:
            html = self._md.convert(body)
        except RecursionError:  # hundreds of nested quotes or lists: say so instead of crashing
            return Body(
                "",
                (),
                frozenset(),
                summary or "",
                1,
                (),
                errors=(
                    (
                        body_line,
                        "the text is nested too deeply (hundreds of '>' or list levels) to render; "
                        "simplify it",
                    ),
                ),
            )
        headings = tuple(_flatten(self._md.toc_tokens))  # type: ignore[attr-defined]  # set by the toc extension
        ids = element_ids(html)
        text = html_to_text(html)
        return Body(
            html=html,
            headings=headings,
            ids=ids,
            summary=summary if summary is not None else cut_summary(self._doc.first_paragraph),
            reading_minutes=reading_minutes(text),
            links=tuple(self._doc.links),
            cover=self.local_file(cover, folder) if cover else None,
            errors=tuple(self._doc.errors),
            warnings=tuple(self._doc.warnings),
        )

    def local_file(self, ref: str, folder: str) -> str | None:
        """Output path of a file named relative to `folder` (or to the site root with '/')."""
        if "\0" in ref or "\\" in ref:
            return None
        source = posixpath.normpath(ref.lstrip("/") if ref.startswith("/") else posixpath.join(folder, ref))
        if source == ".." or source.startswith("../"):
            return None  # outside the site
        if ref.startswith("/") and not source.startswith("content/"):
            return source if (self._files.context.site_dir / source).is_file() else None
        return self._files.static_output(source)


def render_bodies(renderer: MarkdownRenderer, jobs: dict, workers: int = 1) -> dict:
    """Render many bodies: jobs maps source -> the arguments of MarkdownRenderer.render.
    Many jobs go to forked worker processes, each with its copy of the renderer; the heading
    slugs they learn come back into the renderer's memo."""
    if workers < 2 or len(jobs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return {source: renderer.render(*args) for source, args in jobs.items()}
    renderer.warm_up()
    bodies = {}
    with multiprocessing.get_context("fork").Pool(workers, _adopt_renderer, (renderer,)) as pool:
        for source, body, learned in pool.imap_unordered(_render_job, jobs.items(), chunksize=8):
            bodies[source] = body
            renderer.slugs.update(learned)
    return {source: bodies[source] for source in jobs}  # the order of the jobs, not of completion


PARALLEL_FROM = 48  # fewer documents render faster than worker processes start
_worker_renderer: list = []  # the worker process's own renderer, set once when it starts


def _adopt_renderer(renderer: MarkdownRenderer) -> None:
    _worker_renderer.append(renderer)


def _render_job(job):
    source, args = job
    renderer = _worker_renderer[0]
    renderer.learned = {}
    return source, renderer.render(*args), renderer.learned


_ID = re.compile(r'id="([^"]+)"')  # found by its literal start: far quicker than with a leading \b
_WORD_CHARACTER = re.compile(r"\w")


def element_ids(html: str) -> frozenset[str]:
    """Every `id="..."` of the HTML that starts a word (as r'\bid="([^"]+)"' finds them)."""
    ids, start = set(), 0
    while match := _ID.search(html, start):
        if match.start() and _WORD_CHARACTER.match(html, match.start() - 1):
            start = match.start() + 1  # "xid=" is no id; one may still start inside it
            continue
        ids.add(match.group(1))
        start = match.end()
    return frozenset(ids)


def _flatten(tokens) -> list[Heading]:
    out = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], html_to_text(token["name"])))
        out.extend(_flatten(token["children"]))
    return out


def paragraph_text(element, stash) -> str:
    """The words of a paragraph of the tree, for the summary. Its text is raw except for code
    spans (escaped), and the editor's inline HTML and entities are still stash placeholders:
    an entity becomes its character, a tag nothing (a <br> a space)."""

    def unstash(match) -> str:
        fragment = str(stash[int(match.group(1))]) if int(match.group(1)) < len(stash) else ""
        if fragment.startswith("&"):
            return html_lib.unescape(fragment)
        return " " if fragment.lower().startswith("<br") else html_to_text(fragment)

    text = HTML_PLACEHOLDER_RE.sub(unstash, html_lib.unescape("".join(element.itertext())))
    return visible(text)
