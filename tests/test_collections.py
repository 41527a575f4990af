"""Collections through whole builds: section order, pagination, taxonomy pages, neighbours
and the home page."""
from __future__ import annotations

import re

import pytest

from conftest import BASIC_TOML, build

TOML = BASIC_TOML.replace('base_url = "https://example.org/sub/"\n',
                          'base_url = "https://example.org/sub/"\npage_size = 2\nhome_latest = 3\n'
                          'share_cards = false\nsearch = false\n')


def article(title: str, date: str, *fields: str) -> str:
    return "---\n" + f"title: {title}\ndate: {date}\n" + "".join(f + "\n" for f in fields) + "---\n" + f"{title}的正文。\n"


FIVE = {f"content/articles/a{i}.md": article(f"文章{i}", f"2024-0{i}-01", "venues: [学校]", "tags: [禁毒]")
        for i in (3, 1, 5, 2, 4)}


@pytest.fixture
def five(site_factory):
    return build(site_factory(FIVE, TOML)).files


def page(files, path: str) -> str:
    html = files[path].decode()
    return html[html.index("<main"):html.index("</main>")]


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h[23] class="card-title"><a href="[^"]*">([^<]*)</a>', html)


def test_section_list_is_newest_first(five):
    assert card_titles(page(five, "articles/index.html")) == ["文章5", "文章4"]
    assert card_titles(page(five, "articles/page/2/index.html")) == ["文章3", "文章2"]
    assert card_titles(page(five, "articles/page/3/index.html")) == ["文章1"]


def test_pagination_pages_exist_and_stop(five):
    lists = sorted(path for path in five if path.startswith("articles/page/"))
    assert lists == ["articles/page/2/index.html", "articles/page/3/index.html"]
    assert "articles/page/1/index.html" not in five


def test_pagination_links(five):
    first, second, last = (page(five, p) for p in (
        "articles/index.html", "articles/page/2/index.html", "articles/page/3/index.html"))
    assert '<a rel="next" href="/sub/articles/page/2/">' in first and 'rel="prev"' not in first
    assert '<a rel="prev" href="/sub/articles/">' in second
    assert '<a rel="next" href="/sub/articles/page/3/">' in second
    assert '<a rel="prev" href="/sub/articles/page/2/">' in last and 'rel="next"' not in last
    assert "第 2 页，共 3 页" in second


def test_one_page_has_no_pager(site_factory):
    files = build(site_factory({"content/articles/a.md": article("甲", "2024-01-01")}, TOML)).files
    assert "articles/page/2/index.html" not in files
    assert 'class="pager"' not in page(files, "articles/index.html")


def test_term_pages_use_pinyin_slugs_and_paginate(five):
    assert card_titles(page(five, "venues/xue-xiao/index.html")) == ["文章5", "文章4"]
    assert card_titles(page(five, "venues/xue-xiao/page/3/index.html")) == ["文章1"]
    assert "<h1>宣传阵地：学校</h1>" in page(five, "venues/xue-xiao/index.html")
    assert "tags/jin-du/index.html" in five
    assert not [path for path in five if re.search(r"[^\x00-\x7f]", path)]


def test_taxonomy_index_pages(five):
    venues = page(five, "venues/index.html")
    assert '<a href="/sub/venues/xue-xiao/">学校 <span class="count">（5）</span></a>' in venues
    assert "<h1>宣传阵地</h1>" in venues
    assert "暂无内容" in page(five, "audiences/index.html")  # declared but unused


def test_closed_taxonomy_terms_keep_the_order_of_site_toml(site_factory):
    files = build(site_factory({
        "content/articles/a.md": article("甲", "2024-01-01", "venues: [网络, 学校]"),
        "content/articles/b.md": article("乙", "2024-01-02", "venues: [网络]"),
    }, TOML)).files
    venues = page(files, "venues/index.html")
    assert re.findall(r'href="/sub/venues/([^/]+)/"', venues) == ["xue-xiao", "wang-luo"]


def test_terms_with_the_same_pinyin_get_distinct_slugs(site_factory):
    files = build(site_factory({
        "content/articles/a.md": article("甲", "2024-01-01", "tags: [禁毒]"),
        "content/articles/b.md": article("乙", "2024-01-02", "tags: [禁 毒]"),
    }, TOML)).files
    assert "tags/jin-du/index.html" in files and "tags/jin-du-2/index.html" in files


def test_previous_and_next_between_articles(five):
    middle = page(five, "articles/a3/index.html")
    assert '<p>较新：<a href="/sub/articles/a4/">文章4</a></p>' in middle
    assert '<p>较早：<a href="/sub/articles/a2/">文章2</a></p>' in middle
    newest, oldest = page(five, "articles/a5/index.html"), page(five, "articles/a1/index.html")
    assert "较新：" not in newest and '较早：<a href="/sub/articles/a4/">' in newest
    assert "较早：" not in oldest and '较新：<a href="/sub/articles/a2/">' in oldest


def test_article_links_to_its_term_pages(five):
    html = page(five, "articles/a3/index.html")
    assert '<a href="/sub/venues/xue-xiao/">学校</a>' in html
    assert '<a href="/sub/tags/jin-du/">禁毒</a>' in html


def test_home_page_shows_the_latest_articles(five):
    home = page(five, "index.html")
    assert card_titles(home) == ["文章5", "文章4", "文章3"]  # home_latest = 3
    assert '<a href="/sub/articles/">全部新闻动态</a>' in home


def test_drafts_are_not_in_lists_terms_or_neighbours(site_factory):
    files = build(site_factory({
        "content/articles/a.md": article("甲", "2024-01-01", "venues: [学校]"),
        "content/articles/b.md": article("草稿", "2024-01-02", "venues: [学校]", "draft: true"),
        "content/articles/c.md": article("丙", "2024-01-03", "venues: [学校]"),
    }, TOML)).files
    assert card_titles(page(files, "articles/index.html")) == ["丙", "甲"]
    assert card_titles(page(files, "venues/xue-xiao/index.html")) == ["丙", "甲"]
    assert '较早：<a href="/sub/articles/a/">' in page(files, "articles/c/index.html")


def test_time_of_day_orders_articles_of_the_same_day(site_factory):
    files = build(site_factory({
        "content/articles/a.md": article("上午", "2024-03-01T09:00:00+08:00"),
        "content/articles/b.md": article("下午", "2024-03-01T15:00:00+08:00"),
        "content/articles/c.md": article("前一天", "2024-02-29"),
    }, TOML)).files
    assert card_titles(page(files, "articles/index.html")) == ["下午", "上午"]


def test_order_compares_moments_across_utc_offsets(site_factory):
    files = build(site_factory({
        "content/articles/a.md": article("东八区", "2024-03-01T01:00:00+08:00"),  # 2024-02-29 17:00 UTC
        "content/articles/b.md": article("世界时", "2024-02-29T20:00:00+00:00"),  # 2024-02-29 20:00 UTC
    }, TOML)).files
    assert card_titles(page(files, "articles/index.html")) == ["世界时", "东八区"]
