"""The guide page in print: no site navigation, the teacher's record sheet, an A4 PDF."""
from __future__ import annotations

from .helpers import open_page, settle
from .pages import PAGES

GUIDE = PAGES["guide"]


def test_guide_print_hides_navigation_and_shows_record_sheet(page, site, artifacts):
    open_page(page, site, GUIDE)
    assert page.locator(".site-header nav").is_visible()          # on screen it is there
    page.emulate_media(media="print")
    nav = page.locator("header nav, .site-header nav, nav.site-nav")
    assert nav.count() >= 1
    for i in range(nav.count()):
        assert not nav.nth(i).is_visible(), f"header navigation #{i} is printed"
    record = page.locator("table.record")
    assert record.count() == 1 and record.is_visible()
    assert record.locator("tr").count() >= 3

    settle(page)
    target = artifacts / "guide-print.pdf"
    pdf = page.pdf(path=str(target), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
