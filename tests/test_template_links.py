"""Templates without twins: links resolved once (site.link) and checked by `check`, one item
layout, one <picture> builder, one Chinese date function."""
from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from conftest import BASIC_TOML, build, errors_of, write_site

from sitegen.markup.markdown import picture
from sitegen.media.picture import picture_parts
from sitegen.text.dates import cn_date, cn_day

ARTICLE = """\
---
title: 一篇新闻
date: 2024-05-01
---
正文。
"""
MENU = """
[[menu]]
title = "首页"
url = "/"
[[menu]]
title = "中国禁毒网"
url = "https://www.nncc626.com/"
"""


def test_an_external_menu_url_stays_external_on_every_page(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/a.md": ARTICLE}, BASIC_TOML.replace("[taxonomies.tags]", MENU + "[taxonomies.tags]", 1))
    build(site, tmp_path / "out")
    for path in ("index.html", "search/index.html", "articles/a/index.html"):
        html = (tmp_path / "out" / path).read_text(encoding="utf-8")
        assert '<a href="https://www.nncc626.com/">中国禁毒网</a>' in html, path
        assert "/sub/https:" not in html, path


def test_a_programme_without_guides_does_not_link_to_an_unbuilt_guide_list(tmp_path):
    toml = BASIC_TOML + '[programs.empty]\ntitle = "空项目"\n'
    site = write_site(tmp_path / "site", {"content/articles/a.md": ARTICLE}, toml)
    build(site, tmp_path / "out", check_only=True)  # check finds no template link to a missing page
    build(site, tmp_path / "out")
    assert not (tmp_path / "out/guides/index.html").exists()
    html = (tmp_path / "out/guides/empty/index.html").read_text(encoding="utf-8")
    assert 'href="/sub/guides/"' not in html and "<li>活动指南</li>" in html


def test_check_reports_a_template_link_to_a_page_that_is_not_built(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": ARTICLE,
        "templates/base.html": '{% extends "theme/base.html" %}{% block scripts %}'
                               '<a href="{{ site.url(\'events/\') }}">活动</a>{% endblock %}',
    })
    errors = errors_of(site, check_only=True)
    assert "templates/article.html:1: error: articles/a/index.html links to /sub/events/, which is not built " \
           "(made by this template or one it uses)" in errors
    build(site, tmp_path / "out")  # a plain build is not slowed down by the extra check


def test_item_pages_share_one_layout(tmp_path):
    from conftest import ROOT
    for name in ("article", "guide", "event", "campaign", "resource", "quiz", "page"):
        source = (ROOT / "templates" / f"{name}.html").read_text(encoding="utf-8")
        assert source.startswith('{% extends "item.html" %}'), name
        assert "canonical_path" not in source and "og_page" not in source, name


class _Image:
    output, width, height = "articles/a/photo.jpg", 800, 600

    def formats(self):
        return ["avif", "webp", "jpeg"]

    def srcset(self, fmt, url):
        return f"{url('articles/a/photo-400.' + fmt)} 400w, {url('articles/a/photo-800.' + fmt)} 800w"


def test_markdown_and_templates_write_the_same_picture():
    img = ElementTree.Element("img", {"src": "photo.jpg", "alt": "合影"})
    picture(img, _Image(), "/sub/", eager=False)
    from_markdown = ElementTree.tostring(img, encoding="unicode", method="html").replace("\n", "")
    from_template = picture_parts(_Image(), lambda p: "/sub/" + p, "合影").html().replace("\n", "")
    assert from_markdown == from_template
    assert '<source type="image/avif" srcset="/sub/articles/a/photo-400.avif 400w' in from_template
    eager = picture_parts(_Image(), lambda p: "/sub/" + p, "合影", eager=True, priority=True).html()
    assert 'fetchpriority="high"' in eager and "loading=" not in eager


def test_one_chinese_date_function_for_days_and_moments():
    moment = dt.datetime(2023, 6, 25, 17, 30, tzinfo=dt.timezone.utc)
    shanghai = ZoneInfo("Asia/Shanghai")
    assert cn_day(moment, shanghai) == "2023年6月26日"  # the day in the site's zone
    assert cn_date(moment, shanghai) == "2023年6月26日 1:30"
    assert cn_day(dt.date(2024, 1, 5)) == "2024年1月5日"
