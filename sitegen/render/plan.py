"""Stage 7: plan every output file: pages, lists, feeds, sitemap, redirects, copies."""
from __future__ import annotations

from pathlib import Path

from sitegen.types import REGISTRY
from sitegen.errors import Problem, error
from sitegen.content.model import Output, as_moment
from sitegen.render.pages import SiteView


def plan_outputs(site: SiteView, site_dir: Path, published: list[tuple[str, str]]) -> tuple[list[Output], list[Problem]]:
    """`published`: (source, output path) of the files copied from content/ (loading.published_files)."""
    settings, content, collections = site.settings, site.content, site.collections
    outputs: list[Output] = []
    latest = collections.sections.get("article", ())[:settings.home_latest]
    outputs.append(Output("index.html", "home.html", {"intro": content.home, "latest": latest}))

    for item in content.items:
        previous, following = collections.neighbours.get(item.source, (None, None))
        outputs.append(Output(item.output, item.kind.template,
                              {"item": item, "body": site.body(item), "previous": previous, "following": following,
                               "charts": site.charts.get(item.source, ())}))
    for source, path in published:
        if source not in site.images.by_source:  # raster images come out of the image stage
            outputs.append(Output(path, data=site_dir / source))
    outputs += site.images.outputs()

    for listing in collections.lists:
        template = listing.kind.list_template if listing.kind else "list.html"
        outputs.append(Output(listing.path + "index.html", template, {"listing": listing}))
    for taxonomy in settings.taxonomies:
        outputs.append(Output(f"{taxonomy.name}/index.html", "taxonomy.html",
                              {"taxonomy": taxonomy, "terms": collections.terms.get(taxonomy.name, ())}))

    for kind in REGISTRY:
        outputs += kind.extra_outputs(site, collections.sections[kind.name])
    feed_items = sorted((i for i in content.items if i.kind.in_feed),
                        key=lambda i: (as_moment(i.kind.feed_date(i), site.now.tzinfo).timestamp(), i.source),
                        reverse=True)
    outputs.append(Output("feed.xml", "feed.xml", {"entries": feed_items[:settings.feed_size]}))
    outputs.append(Output("404.html", "404.html", {}))
    if settings.search:
        filters = [["type", "类型"]] + [[t.name, t.title] for t in settings.taxonomies if t.name in ("venues", "audiences")]
        config = {"pagefind": site.url("pagefind/pagefind.js"), "groups": site.word_groups, "filters": filters}
        outputs.append(Output("search/index.html", "search.html", {"search_config": config}))
    outputs.append(Output("robots.txt", "robots.txt", {}))

    pages = [o.path for o in outputs if o.path.endswith(".html") and o.path != "404.html"]
    outputs.append(Output("sitemap.xml", "sitemap.xml", {"paths": sorted(pages), "dated": _lastmod(content)}))
    outputs += [Output(path, data=data) for path, data in site.assets.files.items()]

    problems = []
    item_outputs = {item.output: item for item in content.items}
    seen: set = set()
    for output in outputs:  # a page whose slug takes a generated page's place
        if output.path in seen and output.path in item_outputs:
            item = item_outputs[output.path]
            problems.append(error(item.source, item.line_of("slug"),
                                  f"this page's address /{item.path} is already used by a page the site generates; choose another slug"))
        seen.add(output.path)
    taken = {o.path: o for o in outputs}
    for item in content.items:
        for index, alias in enumerate(item.front.aliases):
            path = alias.strip("/") + "/index.html"
            if path in taken:
                problems.append(error(item.source, item.line_of("aliases", index),
                                      f"alias '{alias}' clashes with an existing page ({path})"))
                continue
            taken[path] = Output(path, "alias.html", {"target": item})
            outputs.append(taken[path])
    return outputs, problems


def _lastmod(content) -> dict:
    dated = {}
    for item in content.items:
        moment = item.front.updated or item.front.date
        if moment is not None:
            dated[item.output] = moment
    return dated
