"""The search page in the browser: Pagefind's script, index and WebAssembly load from the
site's own path, and a Chinese query finds pages."""
from __future__ import annotations

import pytest

from urllib.parse import urlsplit

from .helpers import open_page, settle
from .pages import PAGES


def test_chinese_query_lists_results_from_this_site(make_context, site, artifacts):
    context = make_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    open_page(page, site, PAGES["search"] + "?q=%E4%BA%94%E4%B8%AA%E4%B8%80")   # 五个一
    results = page.locator("#search-results li")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() >= 3
    hrefs = page.eval_on_selector_all("#search-results a[href]", "links => links.map(a => a.href)")
    assert hrefs and all(urlsplit(h).path.startswith("/jdxc/") for h in hrefs), hrefs
    assert "五个一" in page.locator("#search-results").inner_text()
    assert not context.requests.failed, context.requests.failed
    assert not context.requests.foreign(), [r.url for r in context.requests.foreign()]
    settle(page)
    page.screenshot(path=str(artifacts / "screenshots" / "search-results-375.png"), full_page=True)


def test_search_page_without_javascript_points_to_the_sections(make_context, site):
    page = make_context(java_script_enabled=False).new_page()
    page.goto(site.url(PAGES["search"]), wait_until="load")
    help_box = page.locator("#search-help")
    assert help_box.is_visible()
    assert help_box.locator("a").count() >= 3


def search(page, site, query: str, extra: str = "") -> list[str]:
    """Run a query on the search page; return the result titles in order."""
    from urllib.parse import quote

    open_page(page, site, PAGES["search"] + "?q=" + quote(query) + extra)
    page.wait_for_function("document.querySelector('#search-results li')"
                           " || document.getElementById('search-status').textContent.includes('没有')", timeout=15_000)
    return page.eval_on_selector_all("#search-results h2 a", "links => links.map(a => a.textContent)")


NEW_DRUGS = "警惕“电子烟”“奶油气弹”背后的新型毒品"


def test_a_word_inside_a_sentence_is_found(page, site):
    # 寄递 appears only inside longer words and sentences (寄递物流从业人员, 寄递企业 ...).
    titles = search(page, site, "寄递")
    assert "县禁毒宣讲团走进寄递物流企业开展禁毒培训" in titles[:3]


def test_drug_names_and_aliases_are_found_whole(page, site):
    for name in ("依托咪酯", "笑气", "合成大麻素", "电子烟", "太空油", "奶油气弹"):
        titles = search(page, site, name)
        assert titles and titles[0] == NEW_DRUGS, (name, titles[:3])


def test_a_filter_narrows_the_results(page, site):
    everything = search(page, site, "禁毒")
    guides = search(page, site, "禁毒", "&type=%E6%B4%BB%E5%8A%A8%E6%8C%87%E5%8D%97")  # type=活动指南
    assert 0 < len(guides) < len(everything)
    assert page.locator("input[name=type][value=活动指南]").is_checked()


def test_html_in_the_query_is_shown_as_text(page, site):
    search(page, site, "<img src=x onerror=alert(1)>禁毒")
    status = page.locator("#search-status")
    assert "<img src=x onerror=alert(1)>" in status.inner_text()
    assert page.locator("#search-status img, #search-results img").count() == 0


# --------------------------------------------------------------------------- a sharded site
# 72 generated articles indexed in shards of about 8 (SHARD_PAGES lowered for the test), so the
# browser merges 16 Pagefind indexes; only 3 articles have a venue, so most shards know no venues.

SHARDED_ARTICLES = 72
WORKERS = 40  # articles that mention 宣传员: more than one page of results (30)
AT_SCHOOL = (3, 20, 41)  # the articles with venues: [学校]


@pytest.fixture(scope="module")
def sharded(tmp_path_factory, _chromium_available):
    import functools
    import http.server
    import threading

    import sitegen.outputs.search
    from conftest import build, write_site

    from .conftest import _Handler, Site

    root = tmp_path_factory.mktemp("sharded")
    files = {}
    for n in range(SHARDED_ARTICLES):
        venue = "venues: [学校]\n" if n in AT_SCHOOL else ""
        words = "志愿宣传员走进社区讲解禁毒知识。" if n < WORKERS else "社区开展禁毒知识讲座。"
        extra = "注音符号ㄅㄆㄇㄈ也能搜到。" if n == 7 else ""
        files[f"content/articles/a{n:02d}.md"] = (
            f"---\ntitle: 第{n}期禁毒简报\ndate: 2023-06-{n % 28 + 1:02d}\n{venue}---\n本期简报：{words}{extra}\n"
        )
    site = write_site(root / "site", files)
    out = root / "public"
    served: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(out), served=served))
    host = f"127.0.0.1:{server.server_address[1]}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitegen.outputs.search, "SHARD_PAGES", 8)
        build(site, out, base_url=f"http://{host}/jdxc/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(out=out, host=host, base=f"http://{host}/jdxc/", served=served)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sharded_page(browser, sharded):
    from .conftest import new_context

    context = new_context(browser, sharded)
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    assert not context.requests.failed, context.requests.failed
    context.close()


def test_the_sharded_index_is_merged_in_the_browser(sharded_page, sharded):
    import json

    page = (sharded.out / "search/index.html").read_text()
    config = json.loads(page.split('<script id="search-config" type="application/json">')[1].split("</script>")[0])
    assert len(config["shards"]) >= 8
    titles = search(sharded_page, sharded, "宣传员")
    assert sharded_page.locator("#search-status").inner_text().startswith(f"找到 {WORKERS} 个结果")
    assert len(titles) == 30, "one page of results first"
    more = sharded_page.locator("#search-more")
    assert more.is_visible() and "还有 10 个" in more.inner_text()
    more.click()
    sharded_page.wait_for_function(f"document.querySelectorAll('#search-results li').length === {WORKERS}")
    assert more.is_hidden()
    titles = sharded_page.eval_on_selector_all("#search-results h2 a", "links => links.map(a => a.textContent)")
    assert sorted(titles) == sorted(f"第{n}期禁毒简报" for n in range(WORKERS)), "every result once, from every shard"
    # The results lead to the pages themselves.
    statuses = sharded_page.evaluate(
        "async () => Promise.all([...document.querySelectorAll('#search-results h2 a')].slice(0, 5)"
        ".map(async (a) => (await fetch(a.href)).status))")
    assert statuses == [200] * 5
    assert not sharded_page.console_errors


def test_a_filter_works_across_shards_that_do_not_know_it(sharded_page, sharded):
    titles = search(sharded_page, sharded, "禁毒", "&venues=%E5%AD%A6%E6%A0%A1")  # venues=学校
    assert sorted(titles) == sorted(f"第{n}期禁毒简报" for n in AT_SCHOOL)
    label = sharded_page.locator("input[name=venues][value=学校]")
    assert label.is_checked()
    assert "（3）" in label.locator("xpath=..").inner_text(), "the count adds up over the shards"


def test_the_excerpt_starts_after_the_title(sharded_page, sharded):
    search(sharded_page, sharded, "简报")
    first = sharded_page.locator("#search-results li").first
    title = first.locator("h2").inner_text()
    excerpt = first.locator("p.excerpt").inner_text()
    assert excerpt.startswith("本期简报"), excerpt
    assert title not in excerpt and "¦" not in excerpt


def test_every_chinese_range_of_the_engine_is_searched_whole(sharded_page, sharded):
    # Bopomofo (U+3100-312F) was missing from the copy of the ranges search.js used to keep.
    assert search(sharded_page, sharded, "ㄆㄇ") == ["第7期禁毒简报"]
