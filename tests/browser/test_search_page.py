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
