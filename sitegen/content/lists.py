"""Paginated lists and taxonomy terms: the values list pages show, and `paginate`, which the
content types use for lists of their own. Knows no registry of types."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sitegen.content.model import ContentType
from sitegen.content.reading import Item
from sitegen.settings import Taxonomy


@dataclass(frozen=True)
class TermRef:
    """A term as a link shows it. Pages that only link to a term (an item's tags, a term list's
    title) get this, so they do not depend on the other items of that term."""

    taxonomy: Taxonomy
    name: str
    slug: str

    @property
    def path(self) -> str:
        return f"{self.taxonomy.name}/{self.slug}/"


@dataclass(frozen=True)
class Term(TermRef):
    items: tuple[Item, ...] = ()  # newest first

    @property
    def ref(self) -> TermRef:
        return TermRef(self.taxonomy, self.name, self.slug)


@dataclass(frozen=True)
class ListPage:
    """One page of a paginated list (a section or a term)."""

    title: str
    path: str  # this page's URL path, "articles/page/2/"
    first_path: str  # page 1's URL path
    items: tuple[Item, ...]
    number: int
    count: int  # number of pages
    kind: ContentType | None = None
    term: TermRef | None = None

    def page_path(self, number: int) -> str:
        return self.first_path if number == 1 else f"{self.first_path}page/{number}/"

    @property
    def prev_path(self) -> str | None:
        return self.page_path(self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return self.page_path(self.number + 1) if self.number < self.count else None


def paginate(title: str, first_path: str, items: tuple, size: int, **extra) -> list[ListPage]:
    count = max(1, math.ceil(len(items) / size))
    pages = []
    for number in range(1, count + 1):
        path = first_path if number == 1 else f"{first_path}page/{number}/"
        pages.append(
            ListPage(
                title, path, first_path, items[(number - 1) * size : number * size], number, count, **extra
            )
        )
    return pages
