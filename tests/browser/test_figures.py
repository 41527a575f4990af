"""Stats and charts in Chromium: the data table folded on screen but read by screen readers,
unfolded by its toggle, printed; the charts printed in grey."""
from __future__ import annotations

from .helpers import in_colour, open_page, settle
from .pages import PAGES

FIGURES = PAGES["figures"]


def test_data_table_is_folded_but_in_the_accessibility_tree(page, site):
    open_page(page, site, FIGURES)
    table = page.locator(".chart-table table").first
    box = table.bounding_box()
    assert box is None or box["width"] <= 1 or box["height"] <= 1 or page.evaluate(
        "e => getComputedStyle(e.parentElement).clipPath", table.element_handle()) != "none"
    tree = page.locator("figure.chart").first.aria_snapshot()
    assert "公交车驾驶员" in tree and "370" in tree, tree  # the folded table is still read
    page.locator(".chart-toggle summary").first.click()
    assert table.bounding_box()["width"] > 100


def test_charts_print_in_grey_with_their_tables(page, site, artifacts):
    open_page(page, site, FIGURES)
    page.emulate_media(media="print")
    fills = page.evaluate("""() => [...document.querySelectorAll('.chart-svg .fill, .chart-svg text')]
        .map(e => getComputedStyle(e).fill)""")
    assert fills
    assert not in_colour(fills), f"printed in colour: {in_colour(fills)}"
    assert page.locator(".chart-table table").first.is_visible()
    assert not page.locator(".chart-toggle").first.is_visible()
    settle(page)
    page.screenshot(path=str(artifacts / "screenshots" / "figures-print.png"), full_page=True)
