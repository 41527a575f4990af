"""Stage 6: render the planned outputs through Jinja (autoescape, StrictUndefined)."""
from __future__ import annotations

import datetime as dt
import posixpath
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from sitegen.media.assets import Assets, theme_dir
from sitegen.content.collections import Collections, Term
from sitegen.errors import Problem, error
from sitegen.content.loading import Content, Item
from sitegen.build.cache import BuildCache, Rendered, digest
from sitegen.build.fingerprints import site_key, template_keys, value_key
from sitegen.media.images import ImageSet, ProcessedImage
from sitegen.markup.markdown import Body
from sitegen.types import REGISTRY
from sitegen.content.model import Output
from sitegen.settings import Settings

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
    files: dict = field(default_factory=dict)  # source -> its record (content.files.SourceFile), published files
    reads: list = field(default_factory=list)  # bodies read by the template being rendered

    def url(self, path: str) -> str:
        """Site-relative path to a URL that works under the base path."""
        return self.settings.base_path + path.lstrip("/")

    def absolute_url(self, path: str) -> str:
        return self.settings.base_url + path.lstrip("/")

    def asset(self, name: str) -> str:
        return self.url(self.assets.url(name))

    def body(self, item: Item) -> Body:
        self.reads.append((item.source, self.body_keys.get(item.source)))
        return self.bodies[item.source]

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
        return Attachment(record.url(self.settings.base_path), human_size(record.size),
                          suffix.lstrip(".").upper() or "文件")

    def image(self, output_path: str | None) -> ProcessedImage | None:
        """The processed image published at `output_path`, for <picture> in templates."""
        return self.images.by_output().get(output_path) if output_path else None

    def srcset(self, image: ProcessedImage, fmt: str) -> str:
        return image.srcset(fmt, self.url)

    def qr(self, path: str) -> str:
        """URL of the QR code image published for a page (see qr.py)."""
        return self.url(path + "qr.svg")

    def terms(self, item: Item, taxonomy: str) -> list[Term]:
        return [self.collections.term_of[(taxonomy, name)] for name in item.terms.get(taxonomy, ())]


@dataclass(frozen=True)
class Attachment:
    url: str
    size: str  # "1.2 MB"
    format: str  # "PDF"


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def cn_range(start: Any, end: Any, zone) -> str:
    """2023年6月1日至30日; 2023年6月12日 9:00-11:30; repeats only what changes."""
    if isinstance(start, dt.datetime):
        start = start.astimezone(zone)
    if isinstance(end, dt.datetime):
        end = end.astimezone(zone)
    first = cn_date(start)
    if end is None or end == start:
        return first
    timed = isinstance(start, dt.datetime)
    if timed and isinstance(end, dt.datetime) and end.date() == start.date():
        return f"{first}-{end.hour}:{end.minute:02d}"
    if end.year != start.year:
        return f"{first}至{cn_date(end)}"
    rest = f"{end.month}月{end.day}日" if (end.month != start.month or timed) else f"{end.day}日"
    if isinstance(end, dt.datetime):
        rest += f" {end.hour}:{end.minute:02d}"
    return f"{first}至{rest}"


def cn_date(value: Any, zone=None) -> str:
    """2023年6月26日, with the time as 9:00 when there is one."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if zone is not None:
            value = value.astimezone(zone)
        return f"{value.year}年{value.month}月{value.day}日 {value.hour}:{value.minute:02d}"
    return f"{value.year}年{value.month}月{value.day}日"


def iso_datetime(value: Any, zone) -> str:
    """RFC 3339 for feeds and sitemaps; a bare date is midnight in the site's zone."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    return value.astimezone(zone).isoformat()


def make_environment(site_dir: Path, settings: Settings) -> jinja2.Environment:
    folders = [str(site_dir / "templates"), str(theme_dir() / "templates")]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([f for f in dict.fromkeys(folders) if Path(f).is_dir()]),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates keyed by their source's checksum: saves ~0.15 s of every rebuild.
        bytecode_cache=_bytecode_cache(site_dir / ".cache" / "templates"),
    )
    zone = settings.zone
    env.filters["cn_date"] = lambda value: cn_date(value, zone)
    env.filters["cn_day"] = lambda value: cn_date(value.astimezone(zone).date() if isinstance(value, dt.datetime) else value)
    env.filters["iso"] = lambda value: iso_datetime(value, zone)
    env.filters["machine"] = lambda value: iso_datetime(value, zone) if isinstance(value, dt.datetime) else value.isoformat()
    env.globals["cn_range"] = lambda start, end=None: cn_range(start, end, zone)
    return env


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


def render_outputs(env: jinja2.Environment, site: SiteView, outputs: list[Output], site_dir: Path,
                   cache: BuildCache, progress=None, previous_output: Path | None = None) -> tuple[dict, list[Problem]]:
    """Render every planned output; a page whose inputs are unchanged comes from the cache, or,
    when the cache was saved without its bytes, from `previous_output` (the folder the last
    build wrote, known to be untouched since)."""
    files: dict[str, bytes | Path] = {}
    problems: list[Problem] = []
    reported: set = set()
    helpers = {}
    for kind in REGISTRY:
        helpers.update(kind.helpers(site))
    templates = template_keys(env, cache.templates)
    # id -> key, shared by every page of this build; a body is known by its cache key.
    memo: dict = {id(body): ("body", site.body_keys.get(source)) for source, body in site.bodies.items()}
    for item in site.content.items:  # an item's metadata digest changes only when its file does
        loaded = cache.items.get(item.source, (None,))[0]
        known = cache.item_keys.get(item.source)
        if known is None or known[0] != loaded or loaded is None:
            known = cache.item_keys[item.source] = (loaded, ("item", digest(value_key(item))))
        memo[id(item)] = known[1]
    shared = site_key(site, memo)
    for number, output in enumerate(outputs, 1):
        if progress is not None and number % 200 == 0:
            progress("渲染页面", number, len(outputs))
        if output.template is None:
            files[output.path] = output.data
            continue
        key = digest(shared, templates.get(output.template), value_key(output.context, memo))
        before = cache.renders.get(output.path)
        if before is not None and before.key == key and all(site.body_keys.get(s) == k for s, k in before.reads):
            if before.data is not None:
                files[output.path] = before.data
                continue
            if previous_output is not None and (previous_output / output.path).is_file():
                files[output.path] = previous_output / output.path  # what the last build wrote
                continue
        site.reads.clear()
        try:
            text = env.get_template(output.template).render(site=site, **helpers, **(output.context or {}))
        except Exception as exc:  # any template failure becomes a path:line error
            problem = template_problem(exc, output, site_dir)
            if (problem.path, problem.line) not in reported:  # one broken template fails many pages
                reported.add((problem.path, problem.line))
                problems.append(problem)
            continue
        data = text.encode("utf-8")
        files[output.path] = data
        cache.renders[output.path] = Rendered(key, tuple(dict.fromkeys(site.reads)), data)
        cache.pages_rendered += 1
    return files, problems


def template_problem(exc: Exception, output: Output, site_dir: Path) -> Problem:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(_display(exc.filename, site_dir), exc.lineno or 1, f"template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return error("templates/" + output.template, 1, f"template not found: {exc.name}")
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".txt"))]
    if frames:
        frame = frames[-1]
        return error(_display(frame.filename, site_dir), frame.lineno or 1,
                     f"{type(exc).__name__}: {exc} (while rendering {output.path})")
    return error("templates/" + output.template, 1, f"{type(exc).__name__}: {exc} (while rendering {output.path})")


def _display(filename: str | None, site_dir: Path) -> str:
    if not filename:
        return "templates"
    path = Path(filename).resolve()
    for root in (site_dir.resolve(), theme_dir()):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)
