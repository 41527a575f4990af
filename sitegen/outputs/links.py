"""Stage 8: links and anchors. Broken ones are warnings of `build` and errors of `check`."""

from __future__ import annotations

import html
import re
from collections.abc import Set as AbstractSet
from urllib.parse import unquote

from sitegen.content.loading import Content
from sitegen.errors import Diagnostics, error, warning
from sitegen.markup.markdown import EXTERNAL_RE, Link
from sitegen.markup.raw_html import is_unsafe_url


def check_links(content: Content, bodies: dict, files: set, strict: bool, problems: Diagnostics) -> list[str]:
    """The sorted list of external links (listed, never fetched); problems go to `problems`."""
    report = error if strict else warning
    ids_by_output = {item.output: bodies[item.source].ids for item in content.items}
    external: set[str] = set()
    for item in content.items:
        body = bodies[item.source]
        written = [
            Link(line, href, "external" if EXTERNAL_RE.match(href) else "page", href.lstrip("/"))
            for line, href in item.kind.front_links(item)
        ]
        for link in written:  # front matter URLs become hrefs as written
            if is_unsafe_url(link.href):
                problems.append(
                    error(
                        item.source,
                        link.line,
                        f"'{link.href[:40]}' is not a link a page may carry: "
                        "use http(s)://, mailto:, tel: or a path of the site",
                    )
                )
        for link in list(body.links) + written:
            if link.kind == "external":
                if link.href.startswith(("http://", "https://")):
                    external.add(link.href)
                continue
            if link.kind == "slip":
                problems.append(report(item.source, link.line, link.note))
                continue
            if link.kind == "missing":
                problems.append(
                    report(
                        item.source,
                        link.line,
                        link.note or f"'{link.href}' points at nothing: {link.target} does not exist",
                    )
                )
                continue
            if link.kind == "anchor":
                if link.target not in body.ids:
                    problems.append(
                        report(item.source, link.line, f"anchor '{link.href}' is not on this page")
                    )
                continue
            path, _, fragment = link.target.partition("#")
            output = _output_for(path, files)
            if output is None:
                problems.append(
                    report(
                        item.source, link.line, f"'{link.href}' points at nothing: no page or file /{path}"
                    )
                )
            elif fragment and output in ids_by_output and fragment not in ids_by_output[output]:
                problems.append(
                    report(
                        item.source,
                        link.line,
                        f"'{link.href}': no heading or anchor '#{fragment}' on that page",
                    )
                )
    return sorted(external)


def _output_for(path: str, files: AbstractSet[str]) -> str | None:
    candidates = [path] if path and not path.endswith("/") else []
    candidates += [path + "index.html" if path.endswith("/") or not path else path + "/index.html"]
    return next((c for c in candidates if c in files), None)


_HREF = re.compile(r'\b(?:href|src)="([^"]*)"')


def check_template_links(
    files: dict, outputs: list, bodies: dict, base_path: str, problems: Diagnostics
) -> None:
    """Links the templates made (menu, breadcrumbs, footer, lists) must reach a page or file
    of this build; links written in Markdown are left to check_links, which knows their lines.
    Run by `check` (and --strict): every page's HTML is read once more."""
    written = {href for body in bodies.values() for href in _HREF.findall(body.html)}
    seen: set = set()
    for output in outputs:
        data = files.get(output.path)
        if output.template is None or not output.path.endswith(".html") or not isinstance(data, bytes):
            continue
        for href in set(_HREF.findall(data.decode("utf-8"))) - written:
            href = html.unescape(href)
            if not href.startswith(base_path) or href.startswith("//") or (output.template, href) in seen:
                continue
            target = unquote(href[len(base_path) :].split("#")[0].split("?")[0])
            if _output_for(target, files.keys()) is None:
                seen.add((output.template, href))
                problems.append(
                    error(
                        "templates/" + output.template,
                        1,
                        f"{output.path} links to {href}, which is not built (made by this template or one "
                        "it uses)",
                    )
                )
