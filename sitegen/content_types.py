"""The registry of content types: each is one entry with its front matter, URL and templates.

Adding a type means adding a dataclass and a ContentType here, plus its templates and
fixtures; the engine reads everything else from this table.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .schema import When


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


@dataclass(frozen=True, kw_only=True)
class ArticleFront(CommonFront):
    date: When = field()  # required: a bare annotation would inherit the parent's default


@dataclass(frozen=True, kw_only=True)
class PageFront(CommonFront):
    pass


@dataclass(frozen=True)
class ContentType:
    name: str  # the type as the contract names it: "article"
    folder: str  # first folder under content/
    front: type  # the front-matter dataclass
    url: str  # output URL pattern relative to the site root, "{slug}" is replaced
    template: str  # template for one item
    title: str  # the section's title shown to readers
    listed: bool = True  # has a paginated list at <folder>/
    in_feed: bool = False
    sort_key: Callable = field(default=lambda item: (-item.front.weight, item.front.title))
    newest_first: bool = False

    def url_for(self, slug: str) -> str:
        return self.url.format(slug=slug)

    @property
    def list_path(self) -> str:
        return self.folder + "/"


def _date_key(item) -> tuple:
    moment = item.front.date
    stamp = moment.isoformat() if moment is not None else ""
    # Newest first: the list is reversed by the caller, so ties fall back on title order.
    return (stamp, item.front.title)


REGISTRY: tuple[ContentType, ...] = (
    ContentType("article", "articles", ArticleFront, "articles/{slug}/", "article.html", "新闻动态",
                in_feed=True, sort_key=_date_key, newest_first=True),
    ContentType("page", "pages", PageFront, "{slug}/", "page.html", "页面", listed=False),
)

BY_FOLDER = {t.folder: t for t in REGISTRY}
BY_NAME = {t.name: t for t in REGISTRY}


def as_date(moment: When | None) -> dt.date | None:
    if isinstance(moment, dt.datetime):
        return moment.date()
    return moment
