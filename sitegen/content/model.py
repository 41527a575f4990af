"""Plain values shared by the stages and the content types: front matter, types, outputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.content.schema import When
from sitegen.figures.model import ChartFront, Stat


@dataclass(frozen=True, kw_only=True)
class CommonFront:
    """Fields every type accepts (CONTRACT section 2). Taxonomy fields come from site.toml."""

    title: str
    slug: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    date: When | None = None
    updated: When | None = None
    weight: int = 0
    aliases: tuple[str, ...] = ()
    cover: str | None = None
    cover_alt: str | None = None
    stats: tuple[Stat, ...] = ()  # figures shown large, and on the share card
    charts: tuple[ChartFront, ...] = ()  # drawn as SVG (sitegen/figures)


@dataclass(frozen=True)
class Output:
    """One file to produce: rendered from a template, or given as bytes or a file to copy."""

    path: str  # relative to the output folder
    template: str | None = None
    context: dict | None = None
    data: bytes | Path | None = None


def by_weight(item, now) -> tuple:
    return (-item.front.weight, item.front.title)


def by_date(item, now) -> tuple:
    moment = item.front.date
    return (as_moment(moment, now.tzinfo).timestamp() if moment is not None else 0.0, item.front.title)


def no_checks(items, settings, site_dir) -> list:
    return []


def no_outputs(site, items) -> list:
    return []


def no_helpers(site) -> dict:
    return {}


def no_now_key(items, now) -> object:
    return None


def no_links(item) -> list:
    return []


@dataclass(frozen=True)
class ContentType:
    """A registry entry. Everything type-specific the engine needs is here."""

    name: str  # the type as the contract names it: "article"
    folder: str  # first folder under content/
    front: type  # the front-matter dataclass
    url: str  # output URL pattern relative to the site root, "{slug}" is replaced
    template: str  # template for one item
    title: str  # the section's title shown to readers
    label: str = ""  # what one item is called, for search filters: "文章"
    listed: bool = True  # has a paginated list at <folder>/
    list_template: str = "list.html"
    in_feed: bool = False
    sort_key: Callable = by_weight  # (item, now) -> key for the section's order
    newest_first: bool = False  # reverse sort_key's order
    feed_date: Callable = field(default=lambda item: item.front.date)  # when the item happened
    check_all: Callable = (
        no_checks  # (every item, settings, the walk: files.SiteFiles) -> problems across items
    )
    extra_outputs: Callable = no_outputs  # (site view, items of this type) -> more Outputs
    helpers: Callable = no_helpers  # (site view) -> names every template can use
    helpers_read: tuple[str, ...] = ()  # sections the helpers read: pages using them depend on those
    now_key: Callable = no_now_key  # (items, now) -> what of "now" this type's pages show
    front_links: Callable = no_links  # item -> [(line, href)] of links written in the front matter
    scaffold: str = (
        ""  # front matter for `build.py new`: {title} {date} {datetime} {program} {order} {audience}
    )
    suffixes: tuple[str, ...] = (".md",)  # source files of this type; the first is what `new` writes
    read: Callable | None = (
        None  # (site_dir, source, kind, bundle, settings, problems, raw) -> Item; None: Markdown
    )

    def url_for(self, slug: str) -> str:
        return self.url.format(slug=slug)

    @property
    def list_path(self) -> str:
        return self.folder + "/"

    def __reduce__(self):
        # Types hold functions; the build cache stores them by name.
        return (type_named, (self.name,))


def type_named(name: str) -> ContentType:
    from sitegen.content.loading import HOME
    from sitegen.types import BY_NAME

    return HOME if name == HOME.name else BY_NAME[name]


def as_moment(when: When, zone, end_of_day: bool = False) -> dt.datetime:
    """A date becomes the start (or end) of that day in the site's zone, for comparisons."""
    if isinstance(when, dt.datetime):
        return when
    clock = dt.time(23, 59, 59) if end_of_day else dt.time()
    return dt.datetime.combine(when, clock, tzinfo=zone)
