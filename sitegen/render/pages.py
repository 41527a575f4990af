"""Stage 6: render the planned outputs through Jinja (autoescape, StrictUndefined)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from sitegen.build.cache import BuildCache, PageStore, digest
from sitegen.build.dependencies import (
    EVERYTHING,
    Recorder,
    helpers_with_reads,
    section_keys,
    site_key,
    template_keys,
    value_key,
)
from sitegen.content.collections import Collections, TermRef
from sitegen.content.files import human_size
from sitegen.content.loading import Content
from sitegen.content.model import Output, as_moment
from sitegen.content.reading import Item
from sitegen.errors import Diagnostics, Problem, error
from sitegen.figures.model import number
from sitegen.markup.markdown import Body
from sitegen.media.assets import Assets, theme_dir
from sitegen.media.images import ImageSet, ProcessedImage
from sitegen.media.picture import SIZES, picture_parts
from sitegen.outputs.absolute import absolute_urls
from sitegen.settings import Settings
from sitegen.text.dates import cn_date, cn_day, cn_range, iso_datetime, not_after

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class SiteView:
    """What every template sees as `site`."""

    settings: Settings
    content: Content
    bodies: dict  # source -> Body
    collections: Collections
    assets: Assets
    now: dt.datetime
    site_dir: Path
    images: ImageSet
    word_groups: list  # search aliases, see search.py
    drafts: bool = False
    body_keys: dict = field(default_factory=dict)  # source -> digest of its Body
    file_sizes: tuple = ()  # (source, bytes) of every file published from content/: pages show sizes
    files: dict = field(
        default_factory=dict
    )  # source -> its record (content.files.SourceFile), published files
    recorder: Recorder = field(
        default_factory=lambda: Recorder({})
    )  # the bodies and addresses each page asks for
    charts: dict = field(default_factory=dict)  # source -> its DrawnCharts (sitegen/figures)
    cards: dict = field(default_factory=dict)  # page path -> its share card's path (media/cards.py)

    def url(self, path: str) -> str:
        """Site-relative path to a URL that works under the base path."""
        return self.settings.base_path + path.lstrip("/")

    def absolute_url(self, path: str) -> str:
        return self.settings.base_url + path.lstrip("/")

    def card(self, page: str) -> str:
        """The share card of a page: its own, else the home page's; "" when cards are off."""
        return self.cards.get(page) or self.cards.get("", "")

    def asset(self, name: str) -> str:
        return self.url(self.assets.url(name))

    def scheduled(self, item: Item) -> bool:
        """Dated after "now": in a --drafts build (the preview), its page says when it will appear."""
        return (
            self.drafts
            and item.front.date is not None
            and as_moment(item.front.date, self.now.tzinfo) > self.now
        )

    def body(self, item: Item) -> Body:
        self.recorder.body(item.source)
        return self.bodies[item.source]

    def address(self, source: str) -> str | None:
        """The URL path of the item read from `source`, when it is published; the page asking
        depends on that address only, not on every item."""
        return self.recorder.address(source)

    def published(self, item: Item, ref: str):
        """The record of a file beside the item (in its folder or below), when it is published."""
        source = posixpath.normpath(posixpath.join(item.folder, ref))
        if "\0" in ref or "\\" in ref or not source.startswith(item.folder + "/"):
            return None
        return self.files.get(source)

    def attachment(self, item: Item, ref: str) -> Attachment | None:
        """A file beside the item (its bundle): URL, size and format for a download link."""
        record = self.published(item, ref)
        if record is None:
            return None
        suffix = posixpath.splitext(record.source)[1]
        return Attachment(
            record.url(self.settings.base_path), human_size(record.size), suffix.lstrip(".").upper() or "文件"
        )

    def image(self, output_path: str | None) -> ProcessedImage | None:
        """The processed image published at `output_path`, for <picture> in templates."""
        return self.images.by_output().get(output_path) if output_path else None

    def srcset(self, image: ProcessedImage, fmt: str) -> str:
        return image.srcset(fmt, self.url)

    def picture(self, image: ProcessedImage, alt: str, eager: bool = False, sizes: str = SIZES) -> Markup:
        """The same <picture> Markdown writes (media/picture.py); an eager one is fetched first."""
        return Markup(picture_parts(image, self.url, alt, eager, sizes, priority=eager).html())

    def link(self, url: str) -> str:
        """A link as written in settings or front matter: a path of the site ("/about/") gets
        the base path, an address of another host stays as it is. Every template link to such
        a value goes through here."""
        return self.url(url) if url.startswith("/") else url

    def qr(self, path: str) -> str:
        """URL of the QR code image published for a page (see qr.py)."""
        return self.url(path + "qr.svg")

    def terms(self, item: Item, taxonomy: str) -> list[TermRef]:
        return [self.collections.term_of[(taxonomy, name)].ref for name in item.terms.get(taxonomy, ())]


@dataclass(frozen=True)
class Attachment:
    url: str
    size: str  # "1.2 MB"
    format: str  # "PDF"


def make_environment(site_dir: Path, settings: Settings, compiled: bool = True) -> jinja2.Environment:
    """`compiled`: keep compiled templates in .cache/templates/ (not for `check`, which writes nothing)."""
    env = jinja2.Environment(
        loader=template_loader(site_dir),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates keyed by their source's checksum: saves ~0.15 s of every rebuild.
        bytecode_cache=_bytecode_cache(site_dir / ".cache" / "templates") if compiled else None,
    )
    zone = settings.zone
    env.filters["cn_date"] = lambda value: cn_date(value, zone)
    env.filters["cn_day"] = lambda value: cn_day(value, zone)
    env.filters["iso"] = lambda value: iso_datetime(value, zone)
    env.filters["machine"] = lambda value: (
        iso_datetime(value, zone) if isinstance(value, dt.datetime) else value.isoformat()
    )
    env.filters["not_after"] = lambda value, now: not_after(value, now, zone)
    env.filters["absolute_html"] = absolute_urls  # a str: the feed escapes it into XML text
    env.filters["figure"] = number
    env.globals["cn_range"] = lambda start, end=None: cn_range(start, end, zone)
    return env


def template_loader(site_dir: Path) -> jinja2.BaseLoader:
    """A site's templates override the theme's by name; `theme/NAME` is always the built-in
    one, so a site's base.html can extend the theme's and override only some blocks."""
    theme = jinja2.FileSystemLoader(str(theme_dir() / "templates"))
    folders = (
        [theme]
        if (site_dir / "templates").resolve() == theme_dir() / "templates"
        else [jinja2.FileSystemLoader(str(site_dir / "templates")), theme]
    )
    return jinja2.ChoiceLoader([jinja2.PrefixLoader({"theme": theme}), *folders])


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only site folder: compile every time
        return None
    return _BytecodeCache(str(folder))


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Like the cache of builds, compiled templates only save time: a full disk is no error."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def render_outputs(
    env: jinja2.Environment,
    site: SiteView,
    outputs: list[Output],
    site_dir: Path,
    cache: BuildCache,
    store: PageStore | None,
    problems: Diagnostics,
    progress=None,
    page_keys: dict | None = None,
    template_stamps: dict | None = None,
) -> dict:
    """Render every planned output; a page whose dependencies are unchanged is taken from the
    page store, where every rendered page is kept by the digest of its bytes. Without a store
    (`check`, which writes nothing) every page is rendered and none is remembered. `page_keys`:
    output path -> (inputs, context, its types, key) of the last build, kept by the dev server's state and
    brought up to date here: a page whose context holds the same objects has the same key.
    `template_stamps`: the dev server's too, see dependencies.template_keys."""
    files: dict[str, bytes | Path] = {}
    reported: set = set()
    helpers, helper_reads = helpers_with_reads(site)
    templates = template_keys(env, helper_reads, cache.templates, template_stamps)
    # id -> key, shared by every page of this build; a body is known by its cache key.
    memo: dict = {id(body): ("body", site.body_keys.get(source)) for source, body in site.bodies.items()}
    for item in site.content.items:  # an item's metadata digest changes only when its file does
        loaded = cache.loaded.get(item.source)
        memo[id(item)] = cache.remembered(
            cache.item_keys,
            item.source,
            loaded.key if loaded else None,
            lambda item=item: ("item", digest(value_key(item))),
        )
    shared = site_key(site, memo)
    sections = section_keys(site, memo)
    template_inputs: dict[str, tuple] = {}  # template -> what of its page keys is not the context
    page_keys = {} if page_keys is None else page_keys
    last_keys = dict(page_keys)
    page_keys.clear()  # this build's outputs only
    recorder = site.recorder
    for count, output in enumerate(outputs, 1):
        if progress is not None and count % 200 == 0:
            progress("渲染页面", count, len(outputs))
        if output.template is None:
            files[output.path] = output.data  # type: ignore[assignment]  # such outputs carry their data
            continue
        if output.template not in template_inputs:
            reads = templates.reads.get(output.template, frozenset({EVERYTHING}))
            template_inputs[output.template] = (
                shared,
                templates.sources.get(output.template),
                sorted((name, sections.get(name)) for name in reads),
            )
        inputs = template_inputs[output.template]
        context = output.context or {}
        # Equal values of the same types have equal value keys (made of what they compare); a
        # tuple compares its items by identity first, so the very objects of the last build (items
        # and bodies are never changed in place) cost no comparison at all.
        values, kinds = tuple(context.items()), tuple(map(type, context.values()))
        known = last_keys.get(output.path)
        if known is not None and known[0] == inputs and known[1] == values and known[2] == kinds:
            key = known[3]  # the dev server: what the last build's page was made of, so its key
        else:
            key = digest(*inputs[:2], value_key(output.context, memo), inputs[2])
        page_keys[output.path] = (inputs, values, kinds, key)
        before = cache.pages.get(output.path) if store is not None else None
        if (
            store is not None
            and before is not None
            and before.key == key
            and recorder.still_current(before.reads)
        ):
            stored = store.get(before)
            if stored is not None:
                files[output.path] = stored
                continue
        recorder.start()
        try:
            text = env.get_template(output.template).render(site=site, **helpers, **(output.context or {}))
        except Exception as exc:  # any template failure becomes a path:line error
            problem = template_problem(exc, output, site_dir)
            if (problem.path, problem.line) not in reported:  # one broken template fails many pages
                reported.add((problem.path, problem.line))
                problems.append(problem)
            continue
        data = text.encode("utf-8")
        cache.pages_rendered += 1
        if store is None:
            files[output.path] = data
            continue
        try:
            page, files[output.path] = store.put(data, before)
        except OSError:  # a full or read-only .cache: the page is written, only not kept
            files[output.path] = data
            continue
        cache.pages[output.path] = dataclasses.replace(page, key=key, reads=recorder.recorded())
    return files


def template_problem(exc: Exception, output: Output, site_dir: Path) -> Problem:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(
            _display(exc.filename, site_dir), exc.lineno or 1, f"template syntax error: {exc.message}"
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return error(f"templates/{output.template}", 1, f"template not found: {exc.name}")
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))
    ]
    if isinstance(exc, RecursionError) and frames:
        name = _display(frames[-1].filename, site_dir)
        theme_name = "theme/" + name.removeprefix("templates/")
        return error(
            name,
            frames[-1].lineno or 1,
            f"template extends or includes itself; to build on the "
            f'built-in one, write {{% extends "{theme_name}" %}}',
        )
    if frames:
        frame = frames[-1]
        return error(
            _display(frame.filename, site_dir),
            frame.lineno or 1,
            f"{type(exc).__name__}: {exc} (while rendering {output.path})",
        )
    return error(
        f"templates/{output.template}", 1, f"{type(exc).__name__}: {exc} (while rendering {output.path})"
    )


def _display(filename: str | None, site_dir: Path) -> str:
    if not filename:
        return "templates"
    path = Path(filename).resolve()
    for root in (site_dir.resolve(), theme_dir()):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)
