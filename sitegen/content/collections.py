"""Stage 4: sections, pagination, taxonomies, neighbours and the home page, from metadata."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.lists import ListPage, Term, TermRef, paginate  # noqa: F401  (re-exported)
from sitegen.content.loading import Content
from sitegen.content.model import ContentType, as_moment
from sitegen.content.reading import Item
from sitegen.errors import Diagnostics, warning
from sitegen.settings import MenuLink, Settings, Taxonomy
from sitegen.text.slugs import remembered_slugify
from sitegen.types import TYPES


@dataclass(frozen=True)
class Collections:
    sections: dict  # type name -> tuple of items in list order
    lists: tuple[ListPage, ...]
    terms: dict  # taxonomy name -> tuple[Term, ...] sorted by count, then name
    term_of: dict  # (taxonomy name, term) -> Term
    neighbours: dict  # source -> (previous item, next item) within its section
    menu: tuple[MenuLink, ...]


def ordered(kind: ContentType, items, now) -> tuple[Item, ...]:
    result = sorted(items, key=lambda item: kind.sort_key(item, now))
    return tuple(reversed(result)) if kind.newest_first else tuple(result)


def build_collections(content: Content, settings: Settings, now, slugs: dict | None = None) -> Collections:
    """`slugs` remembers term slugs between builds (see slugs.remembered_slugify)."""
    slugs = {} if slugs is None else slugs
    sections = {kind.name: ordered(kind, [i for i in content.items if i.kind is kind], now) for kind in TYPES}
    lists: list[ListPage] = []
    neighbours = {}
    for kind in TYPES:
        items = sections[kind.name]
        if kind.listed and items:
            lists += paginate(kind.title, kind.list_path, items, settings.page_size, kind=kind)
        for index, item in enumerate(items):
            neighbours[item.source] = (
                items[index - 1] if index > 0 else None,
                items[index + 1] if index + 1 < len(items) else None,
            )

    by_date = sorted(content.items, key=lambda i: (_stamp(i, now), i.front.title), reverse=True)
    terms: dict[str, tuple[Term, ...]] = {}
    term_of = {}
    for taxonomy in settings.taxonomies:
        grouped: dict[str, list[Item]] = {}
        for item in by_date:
            for name in item.terms.get(taxonomy.name, ()):
                grouped.setdefault(name, []).append(item)
        found = []
        used_slugs: set[str] = set()
        for name in sorted(grouped, key=_term_order(taxonomy)):
            slug = remembered_slugify(name, slugs, fallback="term")
            while slug in used_slugs:  # two terms with the same pinyin
                slug += "-2"
            used_slugs.add(slug)
            term = Term(taxonomy, name, slug, tuple(grouped[name]))
            found.append(term)
            term_of[(taxonomy.name, name)] = term
            lists += paginate(
                f"{taxonomy.title}：{name}", term.path, term.items, settings.page_size, term=term.ref
            )
        terms[taxonomy.name] = tuple(found)
    return Collections(
        sections,
        tuple(lists),
        terms,
        term_of,
        neighbours,
        settings.menu if settings.menu is not None else _default_menu(sections, content),
    )


def check_slug_clashes(collections: Collections, slugs: dict, problems: Diagnostics) -> None:
    """A warning for each term whose address had to be changed because another term of its
    taxonomy transliterates the same: often a typo of a homophone (进度 for 禁毒)."""
    for name, terms in collections.terms.items():
        by_slug = {term.slug: term for term in terms}
        for term in terms:
            base = remembered_slugify(term.name, slugs, fallback="term")
            other = by_slug.get(base)
            if other is None or other is term:
                continue
            first = term.items[-1]  # the oldest item with the term: where it came in
            problems.append(
                warning(
                    first.source,
                    first.line_of(name),
                    f"term '{term.name}' of '{name}' has the same address as the term '{other.name}' "
                    f"({name}/{base}/), so it is published at {name}/{term.slug}/: if one of them "
                    "is a typo, correct it",
                )
            )


def _stamp(item: Item, now) -> float:
    return as_moment(item.front.date, now.tzinfo).timestamp() if item.front.date is not None else 0.0


def _term_order(taxonomy: Taxonomy):
    """Closed taxonomies keep the order of site.toml; open ones sort by pinyin."""
    if taxonomy.terms is not None:
        return lambda name: (
            taxonomy.terms.index(name) if name in taxonomy.terms else len(taxonomy.terms),
            name,
        )
    return lambda name: name.encode("gb18030", "replace")  # pinyin order for common hanzi


def _default_menu(sections: dict, content: Content) -> tuple[MenuLink, ...]:
    links = [MenuLink("首页", "/")]
    for kind in TYPES:
        if kind.listed and sections[kind.name]:
            links.append(MenuLink(kind.title, "/" + kind.list_path))
    for kind in TYPES:
        if kind.in_menu:
            links += [MenuLink(item.front.title, "/" + item.path) for item in sections[kind.name]]
    return tuple(links)
