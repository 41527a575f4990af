"""Feed content with absolute links: feed readers resolve neither `srcset` nor `#fn:1`
against xml:base reliably, so every href, src, srcset and poster is made absolute."""

from __future__ import annotations

import re
from urllib.parse import urljoin

_ATTRIBUTE = re.compile(r'\b(href|src|poster|srcset)="([^"]*)"')


def absolute_urls(html: str, page_url: str) -> str:
    """`html` as published on the page at `page_url`, with every link and source absolute."""

    def replace(match: re.Match) -> str:
        name, value = match.groups()
        if name == "srcset":
            value = ", ".join(
                _absolute_candidate(part.strip(), page_url) for part in value.split(",") if part.strip()
            )
        else:
            value = urljoin(page_url, value)
        return f'{name}="{value}"'

    return _ATTRIBUTE.sub(replace, html)


def _absolute_candidate(candidate: str, page_url: str) -> str:
    url, _, descriptor = candidate.partition(" ")
    return f"{urljoin(page_url, url)} {descriptor.strip()}".rstrip()
