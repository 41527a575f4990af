"""Plain values shared by the stages and the content types: front matter, types, outputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.content.schema import When
from sitegen.errors import Diagnostics
from sitegen.figures.model import ChartFront, Stat, number


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


@dataclass(frozen=True)
class CheckContext:
    """What a type's check may look up about the rest of the site: it is handed only its own items."""

    settings: Any  # settings.Settings
    site_dir: Path
    sources: frozenset[str]  # every content file read, of every type
    slugs: dict[str, tuple[str, ...]]  # type name -> the sorted slugs of its items
    walk: Any  # files.SiteFiles: the one walk of the site, for files beside the items

    def slugs_of(self, type_name: str) -> tuple[str, ...]:
        return self.slugs.get(type_name, ())


@dataclass(frozen=True)
class ExtraPage:
    """A page a type adds beside its items' own (a guides programme): planned, searched and given
    a share card like them."""

    path: str  # "guides/school/"
    template: str
    context: dict
    title: str
    text: str = ""  # what search finds it by, beside its title


@dataclass(frozen=True)
class CardText:
    """What a page's share card says. How it is drawn is media/cards.py's business."""

    title: str
    label: str  # the section, "新闻动态"
    cover: str | None = None  # output path of the processed image behind the text
    figure: str = ""  # a figure shown large: "1,850名 出租车和网约车司机完成毒品检测"


def no_checks(items, context: CheckContext, problems: Diagnostics) -> None:
    pass


def general_clash(item, other) -> str:
    return ""


def no_outputs(site, items) -> list:
    return []


def no_helpers(site) -> dict:
    return {}


def no_now_key(items, now) -> object:
    return None


def no_links(item) -> list:
    return []


def no_text(item) -> list:
    return []


def no_fields(site_dir, settings) -> tuple:
    return "", {}


def item_card(site, item) -> CardText | None:
    """Every item gets a card: its title, its section, its cover and its first figure."""
    stats = item.front.stats
    figure = f"{number(stats[0].value)}{stats[0].unit} {stats[0].label}" if stats else ""
    return CardText(item.front.title, item.kind.title, site.body(item).cover, figure)


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
    on_home: bool = False  # its first items (in the section's order) are the home page's latest
    in_menu: bool = False  # each item gets a link in the default menu, after the sections' links
    cards_by_default: bool = False  # its pages get share cards when site.toml does not say share_cards
    list_template: str = "list.html"
    in_feed: bool = False
    sort_key: Callable = by_weight  # (item, now) -> key for the section's order
    newest_first: bool = False  # reverse sort_key's order
    feed_date: Callable = field(default=lambda item: item.front.date)  # when the item happened
    check: Callable = no_checks  # (its own items, CheckContext, Diagnostics): adds problems across them
    slug_clash: Callable = general_clash  # (item, another of its type at that path) -> message; "": the usual
    extra_outputs: Callable = no_outputs  # (site view, items of this type) -> more Outputs
    extra_pages: Callable = no_outputs  # (site view, items of this type) -> [ExtraPage]
    search_text: Callable = no_text  # item -> its fields search finds it by, beside title, summary and body
    card: Callable = item_card  # (site view, item) -> CardText of its share card, or None for none
    helpers: Callable = no_helpers  # (site view) -> names every template can use
    helpers_read: tuple[str, ...] = ()  # sections the helpers read: pages using them depend on those
    now_key: Callable = no_now_key  # (items, now) -> what of "now" this type's pages show
    front_links: Callable = no_links  # item -> [(line, href)] of links written in the front matter
    scaffold: str = ""  # front matter for `build.py new`: {title} {date} {datetime} {taxonomies}, new_fields'
    new_fields: Callable = no_fields  # (site folder, settings) -> (sub-folder, {name: value}) or a Problem
    suffixes: tuple[str, ...] = (".md",)  # source files of this type; the first is what `new` writes
    read: Callable | None = (
        None  # (site_dir, source, kind, bundle, settings, problems, raw) -> Item; None: Markdown
    )

    def url_for(self, slug: str) -> str:
        return self.url.format(slug=slug)

    def __reduce__(self):
        # A type holds functions: the build cache stores it by its name, found in the registry again
        # (one call per type stored, where a pickler's persistent_id is asked about every object).
        return (registered_type, (self.name,))

    @property
    def list_path(self) -> str:
        return self.folder + "/"


def registered_type(name: str) -> ContentType:
    """The registered type of that name, for the build cache; an error for one that is not
    registered now (a plugin's, saved while it was), so that cache is not used."""
    from sitegen.types import TYPES  # the registry imports this module

    kind = TYPES.named(name)
    if kind is None:
        raise LookupError(f"no content type '{name}'")
    return kind


def as_moment(when: When, zone, end_of_day: bool = False) -> dt.datetime:
    """A date becomes the start (or end) of that day in the site's zone, for comparisons."""
    if isinstance(when, dt.datetime):
        return when
    clock = dt.time(23, 59, 59) if end_of_day else dt.time()
    return dt.datetime.combine(when, clock, tzinfo=zone)
