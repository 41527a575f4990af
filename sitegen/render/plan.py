"""Stage 7: plan every output file: pages, lists, feeds, sitemap, redirects, copies."""

from __future__ import annotations

from pathlib import Path

from sitegen.content.model import CardText, Output, as_moment
from sitegen.errors import Diagnostics
from sitegen.media.cards import CardSpec, card_name
from sitegen.render.clashes import clashes
from sitegen.render.pages import SiteView
from sitegen.types import TYPES


def plan_outputs(
    site: SiteView, site_dir: Path, published: list, problems: Diagnostics, search_config: dict | None = None
) -> list[Output]:
    """`published`: the records of the files copied from content/ (content.published);
    `search_config`: what the search page tells its script (outputs/search.py), None: no page."""
    settings, content, collections = site.settings, site.content, site.collections
    outputs: list[Output] = []
    on_home = [item for kind in TYPES if kind.on_home for item in collections.sections[kind.name]]
    latest = tuple(on_home[: settings.home_latest])
    outputs.append(Output("index.html", "home.html", {"intro": content.home, "latest": latest}))

    for item in content.items:
        previous, following = collections.neighbours.get(item.source, (None, None))
        outputs.append(
            Output(
                item.output,
                item.kind.template,
                {
                    "item": item,
                    "body": site.body(item),
                    "previous": previous,
                    "following": following,
                    "charts": site.charts.get(item.source, ()),
                },
            )
        )
    for record in published:
        if record.source not in site.images.by_source:  # raster images come out of the image stage
            outputs.append(Output(record.output, data=Path(record.path)))
    outputs += site.images.outputs()

    for listing in collections.lists:
        template = listing.kind.list_template if listing.kind else "list.html"
        outputs.append(Output(listing.path + "index.html", template, {"listing": listing}))
    for taxonomy in settings.taxonomies:
        outputs.append(
            Output(
                f"{taxonomy.name}/index.html",
                "taxonomy.html",
                {"taxonomy": taxonomy, "terms": collections.terms.get(taxonomy.name, ())},
            )
        )

    for kind in TYPES:
        items = collections.sections[kind.name]
        pages = kind.extra_pages(site, items)
        outputs += [Output(page.path + "index.html", page.template, page.context) for page in pages]
        outputs += kind.extra_outputs(site, items)
    feed_items = sorted(
        (i for i in content.items if i.kind.in_feed),
        key=lambda i: (as_moment(i.kind.feed_date(i), site.now.tzinfo).timestamp(), i.source),
        reverse=True,
    )
    outputs.append(Output("feed.xml", "feed.xml", {"entries": feed_items[: settings.feed_size]}))
    outputs.append(Output("404.html", "404.html", {}))
    if search_config is not None:
        outputs.append(Output("search/index.html", "search.html", {"search_config": search_config}))
    outputs.append(Output("robots.txt", "robots.txt", {}))

    pages = [o.path for o in outputs if o.path.endswith(".html") and o.path != "404.html"]
    outputs.append(Output("sitemap.xml", "sitemap.xml", {"paths": sorted(pages), "dated": _lastmod(content)}))
    outputs += [Output(path, data=data) for path, data in site.assets.files.items()]

    for item in content.items:
        for index, alias in enumerate(item.front.aliases):
            outputs.append(
                Output(alias.strip("/") + "/index.html", "alias.html", {"target": item, "index": index})
            )
    sources = {str(Path(record.path)): record.source for record in published}
    problems += clashes(outputs, sources, {t.name for t in settings.taxonomies})
    return outputs


def _lastmod(content) -> dict:
    dated = {}
    for item in content.items:
        moment = item.front.updated or item.front.date
        if moment is not None:
            dated[item.output] = moment
    return dated


def card_specs(site) -> list[CardSpec]:
    """The home page's card, and a card for each page of the types in `share_cards` that its type
    gives one (`ContentType.card`, and the pages types add): which pages and what text is the type's
    choice, the drawing is media/cards.py's. The other pages share the home page's card."""
    name = site.settings.title
    types = site.settings.share_cards
    by_output = site.images.by_output()
    colour = site.settings.palette.rgb

    def spec(path: str, text: CardText) -> CardSpec:
        image = by_output.get(text.cover) if text.cover else None
        cover = str(site.site_dir / image.source) if image else None
        cover_digest = site.files[image.source].digest if image else ""
        return CardSpec(
            path + card_name(image is not None),
            text.title,
            name,
            text.label,
            cover,
            colour,
            text.figure,
            cover_digest,
        )

    specs = [spec("", CardText(site.settings.description or name, site.settings.organization or "首页"))]
    for item in site.content.items:
        text = item.kind.card(site, item) if item.kind.name in types else None
        if text is not None:
            specs.append(spec(item.path, text))
    for kind in TYPES:
        if kind.name in types:
            for page in kind.extra_pages(site, site.collections.sections[kind.name]):
                specs.append(spec(page.path, CardText(page.title, kind.title)))
    return specs
