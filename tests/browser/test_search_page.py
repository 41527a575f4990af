"""The search page in the browser: Pagefind's script, index and WebAssembly load from the
site's own path, and a Chinese query finds pages."""
from __future__ import annotations

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
