"""The validators' list (issue 17): what the W3C checker, Lighthouse's SEO audit, feed and
iCalendar validators find."""
from __future__ import annotations

import datetime as dt
import re

from conftest import BASIC_TOML, NOW, ROOT, build, write_site

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


ARTICLE = """\
---
title: 新闻
date: 2024-05-01
---
正文有脚注[^1]，见[关于](/about/)。

![合影](photo.jpg)

[^1]: 脚注内容。
"""
FUTURE_EVENT = """\
---
title: 2025年国际禁毒日集中宣传
start: 2025-06-26T09:00:00+08:00
---
活动介绍。
"""


def _site(tmp_path, toml=BASIC_TOML):
    from PIL import Image
    site = write_site(tmp_path / "site", {"content/pages/about.md": PAGE,
                                          "content/articles/news/index.md": ARTICLE,
                                          "content/events/626.md": FUTURE_EVENT}, toml)
    Image.new("RGB", (1600, 900), (200, 50, 50)).save(site / "content/articles/news/photo.jpg")
    build(site, tmp_path / "out")
    return tmp_path / "out"


def test_meta_and_og_descriptions_are_never_empty(tmp_path):
    out = _site(tmp_path)  # BASIC_TOML has no description
    pages = [p for p in out.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # an alias page only forwards
        for pattern in (r'<meta name="description" content="([^"]*)"', r'<meta property="og:description" content="([^"]*)"'):
            found = re.search(pattern, html)
            assert found and found.group(1).strip(), f"{page.relative_to(out)}: empty {pattern[:30]}"


def test_feed_content_links_and_sources_are_absolute(tmp_path):
    from xml.etree import ElementTree
    out = _site(tmp_path)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.parse(out / "feed.xml").getroot().iter(atom + "entry")
    [content] = [e.find(atom + "content").text for e in entries if e.find(atom + "title").text == "新闻"]
    for name, value in re.findall(r'\b(href|src|srcset)="([^"]*)"', content):
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
        assert all(url.startswith("https://example.org/sub/") for url in urls), (name, value)
    assert 'href="https://example.org/sub/articles/news/#fn:1"' in content
    assert re.search(r'srcset="https://example.org/sub/[^" ]+ \d+w', content)


def test_feed_updated_and_dtstamp_are_never_after_now(tmp_path):
    out = _site(tmp_path)
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    stamps = re.findall(r"<(?:updated|published)>([^<]+)<", feed)
    now = NOW.isoformat()
    assert stamps and all(dt.datetime.fromisoformat(s) <= NOW for s in stamps), (stamps, now)
    ics = (out / "events/626/event.ics").read_text()
    stamp = re.search(r"DTSTAMP:(\d{8}T\d{6})Z", ics).group(1)
    assert dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(tzinfo=dt.timezone.utc) <= NOW


def test_ics_uids_carry_the_base_path_and_text_is_escaped(tmp_path):
    out = _site(tmp_path, BASIC_TOML.replace('title = "测试站"', 'title = "测试站, 第一; 版"'))
    calendar = (out / "events/calendar.ics").read_bytes().decode()
    assert "UID:626@example.org/sub\r\n" in calendar
    assert "X-WR-CALNAME:测试站\\, 第一\\; 版\r\n" in calendar


def test_the_published_stylesheet_is_minified(tmp_path):
    out = _site(tmp_path)
    [sheet] = (out / "assets/css").glob("site.*.css")
    css = sheet.read_text(encoding="utf-8")
    source = (ROOT / "assets/css/site.css").read_text(encoding="utf-8")
    assert "/*" not in css and "\n  " not in css and len(css) < 0.8 * len(source)
    assert "--accent:#0b5c3b" in css
