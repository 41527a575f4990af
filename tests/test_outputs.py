"""Outputs: feed, sitemap, robots, redirects, hashed assets, and links under a base path."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser

from conftest import build, copy_site
from sitegen.content.files import walk_site
from sitegen.media.assets import collect_assets

GOLDEN_SITE = Path(__file__).parent / "golden/news/site"


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)


def internal_refs_resolve(out: Path, base_path: str) -> list[str]:
    """Every href/src under base_path must name a file of the output; return the broken ones."""
    broken = []
    for page in out.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            if ref.startswith(("http:", "https:", "mailto:", "#")):
                continue
            assert ref.startswith(base_path), f"{page}: {ref} escapes the base path"
            path = ref[len(base_path):].split("#")[0].split("?")[0]
            target = out / path
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(out)} -> {ref}")
    return broken


def test_every_internal_link_works_under_a_base_path(tmp_path):
    build(copy_site(GOLDEN_SITE, tmp_path / "site"), tmp_path / "out")
    assert internal_refs_resolve(tmp_path / "out", "/jdxc/") == []


def test_every_internal_link_works_at_the_root(tmp_path):
    build(copy_site(GOLDEN_SITE, tmp_path / "site"), tmp_path / "out", base_url="https://cdn.example.org/")
    assert internal_refs_resolve(tmp_path / "out", "/") == []
    assert 'href="/articles/launch/"' in (tmp_path / "out/index.html").read_text()


def test_feed_is_valid_atom(tmp_path):
    build(copy_site(GOLDEN_SITE, tmp_path / "site"), tmp_path / "out")
    feed = feedparser.parse((tmp_path / "out/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "金秋县禁毒宣传"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["寄递物流从业人员禁毒培训", "禁毒课走进校园", "全民禁毒宣传月启动"]
    assert feed.entries[0].link == "https://example.gov.cn/jdxc/articles/ji-di-wu-liu-pei-xun/"
    assert "未完成的稿件" not in titles  # drafts stay out


def test_sitemap_and_robots(tmp_path):
    build(copy_site(GOLDEN_SITE, tmp_path / "site"), tmp_path / "out")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(tmp_path / "out/sitemap.xml").getroot()
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert "https://example.gov.cn/jdxc/" in locs
    assert "https://example.gov.cn/jdxc/articles/launch/" in locs
    assert not any("news/2023" in loc for loc in locs), "redirect pages are not in the sitemap"
    assert "404" not in " ".join(locs)
    robots = (tmp_path / "out/robots.txt").read_text()
    assert "Sitemap: https://example.gov.cn/jdxc/sitemap.xml" in robots


def test_alias_redirects_to_the_new_page(tmp_path):
    build(copy_site(GOLDEN_SITE, tmp_path / "site"), tmp_path / "out")
    page = (tmp_path / "out/news/2023/launch/index.html").read_text()
    assert 'content="0; url=/jdxc/articles/launch/"' in page
    assert '<link rel="canonical" href="https://example.gov.cn/jdxc/articles/launch/">' in page


def test_css_and_js_get_content_hash_names_and_references_are_rewritten(tmp_path):
    site = tmp_path / "site"
    (site / "assets/css").mkdir(parents=True)
    (site / "assets/css/extra.css").write_text("body{color:red}")
    (site / "assets/css/site.css").write_text('@import "extra.css";\nbody{background:url(../img/bg.png)}')
    (site / "assets/img").mkdir()
    (site / "assets/img/bg.png").write_bytes(b"png")
    assets = collect_assets(walk_site(site))
    extra = assets.url("css/extra.css")
    assert re.fullmatch(r"assets/css/extra\.[0-9a-f]{10}\.css", extra)
    main_css = assets.files[assets.url("css/site.css")].decode()
    assert f'@import "{extra.split("/")[-1]}"' in main_css
    assert "url(../img/bg.png)" in main_css
    assert assets.url("img/bg.png") == "assets/img/bg.png"
    (site / "assets/css/extra.css").write_text("body{color:blue}")
    changed = collect_assets(walk_site(site))
    assert changed.url("css/extra.css") != extra
    assert changed.url("css/site.css") != assets.url("css/site.css"), "a changed import changes its importer"


def test_two_builds_are_byte_identical(tmp_path):
    build(copy_site(GOLDEN_SITE, tmp_path / "site"), tmp_path / "a")
    build(copy_site(GOLDEN_SITE, tmp_path / "site"), tmp_path / "b")
    files_a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    files_b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert files_a == files_b


def test_a_template_error_leaves_the_previous_output_untouched(tmp_path):
    import shutil
    from sitegen.errors import BuildFailed
    site = tmp_path / "site"
    shutil.copytree(GOLDEN_SITE, site)
    out = tmp_path / "out"
    build(site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (site / "templates").mkdir()
    (site / "templates/page.html").write_text('{% extends "base.html" %}{% block main %}{{ nope }}{% endblock %}')
    try:
        build(site, out)
    except BuildFailed as failed:
        assert [str(p) for p in failed.problems] == [
            "templates/page.html:1: error: UndefinedError: 'nope' is undefined (while rendering about/index.html)"]
    else:
        raise AssertionError("the build should fail")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
