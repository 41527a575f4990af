"""Making the theme one's own: theme/NAME block overrides, record numbers, footer links,
site stylesheets and one accent colour for every tint."""
from __future__ import annotations

import re

from conftest import BASIC_TOML, build, errors_of, write_site

from sitegen.theme import Palette, contrast_with_white, hex_rgb

ARTICLE = """\
---
title: 一篇新闻
date: 2024-05-01
summary: 摘要。
---
正文第一段。
"""


def _page(out, path="articles/yi-pian-xin-wen/index.html") -> str:
    return (out / path).read_text(encoding="utf-8")


def test_site_base_extends_the_theme_and_overrides_only_the_footer(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/articles/yi-pian-xin-wen.md": ARTICLE,
        "templates/base.html": '{% extends "theme/base.html" %}\n'
                               '{% block footer %}<footer class="county">县委宣传部</footer>{% endblock %}\n',
    })
    build(site, tmp_path / "out")
    html = _page(tmp_path / "out")
    assert '<footer class="county">县委宣传部</footer>' in html
    assert 'class="site-footer"' not in html
    assert 'class="site-header"' in html and "正文第一段" in html  # the rest is the theme's


def test_a_site_partial_replaces_the_theme_footer_inside_the_theme_base(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/articles/yi-pian-xin-wen.md": ARTICLE,
        "templates/partials/footer.html": '{% include "theme/partials/footer.html" %}<p class="extra">联系电话 12345</p>\n',
    })
    build(site, tmp_path / "out")
    html = _page(tmp_path / "out")
    assert 'class="site-footer"' in html and '<p class="extra">联系电话 12345</p>' in html


def test_a_template_that_extends_its_own_name_is_a_clear_error(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/articles/yi-pian-xin-wen.md": ARTICLE,
        "templates/base.html": '{% extends "base.html" %}\n',
    })
    errors = errors_of(site)
    assert errors and all(e.startswith("templates/base.html:1: error: template extends or includes itself") for e in errors)
    assert 'write {% extends "theme/base.html" %}' in errors[0]


def test_icp_police_record_and_footer_links_show_in_every_footer(tmp_path):
    toml = BASIC_TOML.replace('base_url = "https://example.org/sub/"\n', 'base_url = "https://example.org/sub/"\n'
                              'icp = "京ICP备12345678号-1"\npolice_record = "京公网安备 11010502030000号"\n'
                              '[[footer_links]]\ntitle = "网站地图"\nurl = "/sitemap.xml"\n'
                              '[[footer_links]]\ntitle = "中国禁毒网"\nurl = "http://www.nncc626.com/"\n')
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE}, toml)
    build(site, tmp_path / "out")
    for path in ("index.html", "articles/yi-pian-xin-wen/index.html", "404.html", "search/index.html"):
        html = _page(tmp_path / "out", path)
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">京ICP备12345678号-1</a>' in html, path
        assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030000"' in html, path
        assert '<a href="/sub/sitemap.xml">网站地图</a>' in html and '<a href="http://www.nncc626.com/">' in html, path


def test_extra_css_is_hashed_and_linked_after_the_theme(tmp_path):
    toml = BASIC_TOML.replace("[taxonomies.tags]", 'extra_css = ["css/county.css"]\n[taxonomies.tags]', 1)
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE,
                                          "assets/css/county.css": ".site-title { letter-spacing: 0.1em; }\n"}, toml)
    build(site, tmp_path / "out")
    html = _page(tmp_path / "out")
    links = re.findall(r'<link rel="stylesheet" href="/sub/assets/css/([\w.]+)">', html)
    assert len(links) == 2 and links[0].startswith("site.") and re.fullmatch(r"county\.[0-9a-f]{10}\.css", links[1])
    assert (tmp_path / "out/assets/css" / links[1]).read_text() == ".site-title{letter-spacing:0.1em}"  # minified too


def test_extra_css_that_is_missing_is_an_error_at_its_line(tmp_path):
    toml = BASIC_TOML.replace("[taxonomies.tags]", 'extra_css = ["css/nope.css"]\n[taxonomies.tags]', 1)
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE}, toml)
    assert errors_of(site) == ["site.toml:4: error: extra_css: no file assets/css/nope.css"]


def test_accent_derives_the_palette_stylesheet(tmp_path):
    toml = BASIC_TOML.replace("[taxonomies.tags]", 'accent = "#1d4e89"\n[taxonomies.tags]', 1)
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE}, toml)
    build(site, tmp_path / "out")
    sheet = re.search(r'href="/sub/(assets/css/accent\.[0-9a-f]{10}\.css)"', _page(tmp_path / "out")).group(1)
    css = (tmp_path / "out" / sheet).read_text()
    palette = Palette.from_accent("#1d4e89")
    assert f"--accent:#1d4e89;--accent-soft:{palette.soft};--accent-strong:{palette.strong}" in css
    assert f"html.high-contrast{{--accent:{palette.strong}" in css


def test_palette_tints_are_light_and_the_strong_shade_darker():
    palette = Palette.from_accent("#0b5c3b")
    assert palette.soft == "#e7efeb"  # 90 % of the way to white
    assert contrast_with_white(hex_rgb(palette.strong)) > contrast_with_white(hex_rgb(palette.accent)) > 4.5


def test_an_accent_too_light_for_white_text_is_refused(tmp_path):
    toml = BASIC_TOML.replace("[taxonomies.tags]", 'accent = "#88cc88"\n[taxonomies.tags]', 1)
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE}, toml)
    [message] = errors_of(site)
    assert message.startswith("site.toml:4: error: accent #88cc88 is too light for the white text drawn on it")


def test_no_theme_settings_publish_no_palette_sheet(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE})
    build(site, tmp_path / "out")
    assert not list((tmp_path / "out/assets/css").glob("accent.*"))
    assert 'class="records"' not in _page(tmp_path / "out")


def test_share_cards_are_drawn_in_the_accent(tmp_path):
    from PIL import Image
    toml = BASIC_TOML.replace("[taxonomies.tags]", 'accent = "#8a1c1c"\n[taxonomies.tags]', 1)
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE}, toml)
    build(site, tmp_path / "out")
    with Image.open(tmp_path / "out/articles/yi-pian-xin-wen/og.png") as card:
        pixel = card.convert("RGB").getpixel((1100, 20))  # a corner without text
    assert all(abs(a - b) <= 6 for a, b in zip(pixel, (0x8a, 0x1c, 0x1c))), pixel


def test_the_examples_of_docs_theme_md_build(tmp_path):
    """The three ways to restyle, as docs/theme.md shows them, work as written."""
    from conftest import ROOT
    doc = (ROOT / "docs/theme.md").read_text(encoding="utf-8")
    toml_block, css_block, jinja_block = (re.search(rf"```{lang}\n(.*?)```", doc, re.S).group(1)
                                          for lang in ("toml", "css", "jinja"))
    toml = BASIC_TOML.replace("[taxonomies.tags]", toml_block.split("[[footer_links]]")[0] + "[taxonomies.tags]", 1)
    toml += "[[footer_links]]" + toml_block.split("[[footer_links]]")[1]
    site = write_site(tmp_path / "site", {"content/articles/yi-pian-xin-wen.md": ARTICLE,
                                          "assets/css/county.css": css_block, "templates/base.html": jinja_block}, toml)
    build(site, tmp_path / "out")
    html = _page(tmp_path / "out")
    assert '<meta name="theme-color" content="#1d4e89">' in html
    assert "承办：某县融媒体中心" in html and 'class="site-footer"' in html  # super() kept the theme's footer
    assert "某ICP备12345678号-1" in html and re.search(r"css/county\.[0-9a-f]{10}\.css", html)


def test_the_theme_stylesheet_names_its_accent_once():
    """Every tint, chip and badge goes through var(--accent…), so `accent` reaches them all."""
    from conftest import ROOT
    css = (ROOT / "assets/css/site.css").read_text(encoding="utf-8").lower()
    assert css.count("#0b5c3b") == 1 and "--accent: #0b5c3b" in css

