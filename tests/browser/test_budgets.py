"""Budgets for the article page: bytes, hosts, and reading without JavaScript."""
from __future__ import annotations

from .helpers import measure, open_page
from .pages import PAGES

ARTICLE = PAGES["article"]
TEXT_BUDGET = 30 * 1024   # gzip -9 bytes of HTML + CSS + JS (everything but images)


def test_article_text_weight_under_30_kb_gzipped(page, site, artifacts):
    resources = measure(page, site, "article", ARTICLE)
    text = [r for r in resources if r[0] != "image"]
    total = sum(r[3] for r in text)
    lines = [f"{kind:<11} {raw:>8,} {gz:>8,}  {url}" for kind, url, raw, gz in resources]
    report = (f"article {ARTICLE}: HTML+CSS+JS {total:,} bytes gzipped "
              f"(budget {TEXT_BUDGET:,})\n{'kind':<11} {'raw':>8} {'gzip':>8}  url\n"
              + "\n".join(lines) + "\n")
    (artifacts / "article-weight.txt").write_text(report, encoding="utf-8")
    print(report)
    assert any(r[0] == "document" for r in text) and any(r[0] == "stylesheet" for r in text)
    assert total < TEXT_BUDGET, report


def test_article_requests_stay_on_the_test_server(page, requests, site):
    open_page(page, site, ARTICLE)
    page.mouse.wheel(0, 20_000)          # bring lazy images into view too
    page.wait_for_load_state("networkidle")
    assert requests, "no request recorded"
    assert not requests.foreign(), [r.url for r in requests.foreign()]
    assert {r.host for r in requests if r.url.startswith("http")} == {site.host}


def test_article_main_text_visible_without_javascript(make_context, site):
    context = make_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(site.url(ARTICLE), wait_until="load")
    assert response.status == 200
    first = page.locator("main .prose p").first
    assert first.is_visible()
    assert "禁毒火炬传递活动" in first.inner_text()
    heading = page.locator("main h1")
    assert heading.is_visible() and heading.inner_text() == "禁毒火炬在县城两大广场传递"
    box = page.locator("main .prose").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200, box
