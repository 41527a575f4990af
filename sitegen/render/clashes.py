"""Every output path has one owner: a clash (two outputs at one path, or a file where another
output needs a folder, as with an alias '/index.html') is an error that names both sides.
A content file, an alias or a taxonomy therefore never replaces a page the generator writes."""

from __future__ import annotations

from sitegen.content.model import Output
from sitegen.errors import Problem, error


def owner(output: Output, sources: dict, taxonomies: set) -> tuple[tuple[str, int] | None, str]:
    """(where to report it: (path, line) of what asked for it, or None; what it is, in words)."""
    context = output.context or {}
    if output.template == "alias.html":
        item = context["target"]
        return (
            item.source,
            item.line_of("aliases", context["index"]),
        ), f"the alias '{item.front.aliases[context['index']]}' of {item.source}"
    if "item" in context and output.template == context["item"].kind.template:
        item = context["item"]
        return (item.source, item.line_of("slug")), f"the page of {item.source}"
    if output.data is not None and str(output.data) in sources:
        source = sources[str(output.data)]
        return (source, 1), f"the file {source}"
    listing = context.get("listing")
    if output.path.split("/")[0] in taxonomies and (
        output.template == "taxonomy.html" or getattr(listing, "term", None) is not None
    ):
        name = output.path.split("/")[0]
        return ("site.toml", 1), f"the pages of the taxonomy '{name}' ([taxonomies.{name}] in site.toml)"
    return None, f"the generated page {output.path}"


def clashes(outputs: list[Output], sources: dict, taxonomies: set) -> list[Problem]:
    """`sources`: file path -> source, for the files copied from content/."""
    first: dict[str, Output] = {}
    pairs = []
    for output in outputs:
        if output.path in first:
            pairs.append((first[output.path], output, output.path))
        else:
            first[output.path] = output
    for output in outputs:  # a file where a folder must be: "index.html" and "index.html/index.html"
        parts = output.path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in first:
                pairs.append((first[folder], output, folder))
    problems = []
    for one, other, path in pairs:
        (where_one, what_one), (where_other, what_other) = (
            owner(one, sources, taxonomies),
            owner(other, sources, taxonomies),
        )
        if where_one is None and where_other is None:
            where_other = ("site.toml", 1)
        for where, mine, theirs in ((where_one, what_one, what_other), (where_other, what_other, what_one)):
            if where is not None:
                problems.append(
                    error(
                        where[0],
                        where[1],
                        f"{mine} and {theirs} are both published at /{path}; give one of them another name",
                    )
                )
    return problems
