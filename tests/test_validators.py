"""The validators' list (issue 17): what the W3C checker, Lighthouse's SEO audit, feed and
iCalendar validators find."""
from __future__ import annotations

from conftest import BASIC_TOML, build, write_site

PAGE = """\
---
title: 关于本站
---
本站介绍。
"""


def test_404_is_not_indexed_and_links_only_to_built_lists(tmp_path):
    site = write_site(tmp_path / "site", {"content/pages/about.md": PAGE}, BASIC_TOML)
    build(site, tmp_path / "out", check_only=True)
    build(site, tmp_path / "out")
    html = (tmp_path / "out/404.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert "articles/" not in html  # no articles: no link to a list that is not built
