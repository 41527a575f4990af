"""The events calendar in Chromium: axe finds nothing at any level; the grid needs no script; at
320 px it fits, its days stay legible and the month's events read as a list below it; the build's
"today" is marked in words as well as by its outline; it prints in grey."""
from __future__ import annotations

import pytest

from .helpers import OVERFLOW_JS, describe_violations, in_colour, open_page, run_axe, settle
from .pages import PAGES

JUNE = PAGES["calendar"]  # 2023-06: the propaganda month, several events a day
TODAY = "/jdxc/events/calendar/2024-07/"  # the harness builds with --now 2024-07-01


@pytest.mark.parametrize("path", [JUNE, TODAY], ids=["busy-month", "current-month"])
def test_axe_finds_nothing_at_any_level(page, site, axe_source, path):
    open_page(page, site, path)
    violations = run_axe(page, axe_source, "calendar " + path.split("/")[-2], path)
    assert not violations, describe_violations(violations)


def test_events_stand_in_their_days_without_javascript(make_context, site, artifacts):
    page = make_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}).new_page()
    open_page(page, site, JUNE)
    assert page.locator("table.month-grid caption").inner_text().startswith("2023年6月")
    headers = page.locator("table.month-grid thead th").all_inner_texts()
    assert headers == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    first = page.locator('td:has(time[datetime="2023-06-01"])')
    assert first.locator(".day-events a").first.is_visible()
    assert "9:00-11:30" in first.inner_text()  # the launch ceremony, with its time
    link = first.locator('a[href$="/events/2023-propaganda-month-launch/"]')
    assert link.is_visible() and link.bounding_box()["width"] > 20
    rally = page.locator('td:has(time[datetime="2023-06-26"]) .day-events a')
    assert rally.count() >= 1
    assert page.locator('a[rel="next"]').get_attribute("href").endswith("/events/calendar/2023-07/")
    assert page.locator('a[rel="prev"]').get_attribute("href").endswith("/events/calendar/2023-05/")
    settle(page)
    page.screenshot(path=str(artifacts / "screenshots" / "calendar-1280.png"), full_page=True)


def test_at_320px_the_grid_fits_and_the_events_read_as_a_list(make_context, site, artifacts):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    open_page(page, site, JUNE)
    settle(page)
    assert page.evaluate(OVERFLOW_JS)["scrollWidth"] <= 320
    grid = page.locator("table.month-grid")
    assert grid.bounding_box()["width"] <= 300
    sizes = page.evaluate("""() => [...document.querySelectorAll('.month-grid th, .month-grid .day-number')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 14, sizes  # legible days, not a thumbnail
    assert not page.locator(".month-grid .day-events").first.is_visible()  # no 40 px columns of titles
    marked = page.evaluate("""() => [...document.querySelectorAll('.month-grid td.busy .day-number')]
        .map(e => getComputedStyle(e, '::after').height)""")
    assert marked and all(float(h.rstrip("px")) > 2 for h in marked)  # a bar under each busy day
    agenda = page.locator("main ul.cards a")
    assert agenda.count() >= 4 and agenda.first.is_visible()
    page.screenshot(path=str(artifacts / "screenshots" / "calendar-320.png"), full_page=True)


def test_today_is_marked_in_words_and_for_screen_readers(page, site):
    open_page(page, site, TODAY)
    today = page.locator('td[aria-current="date"]')
    assert today.count() == 1
    assert today.locator("time").get_attribute("datetime") == "2024-07-01"
    assert "今天" in today.inner_text()
    assert page.evaluate("e => getComputedStyle(e).outlineStyle", today.element_handle()) == "solid"
    assert "没有活动" in page.locator("main").inner_text()


@pytest.mark.parametrize("path", [JUNE, TODAY], ids=["busy-month", "current-month"])
def test_the_calendar_prints_in_grey_with_its_events(page, site, artifacts, path):
    open_page(page, site, path)
    page.emulate_media(media="print")
    if path == JUNE:
        assert page.locator(".month-grid .day-events").first.is_visible()
    assert not page.locator(".month-nav").is_visible()
    colours = page.evaluate("""() => [...document.querySelectorAll('.month-grid, .month-grid *')]
        .flatMap(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopColor])""")
    assert not in_colour(colours), f"printed in colour: {in_colour(colours)}"
    if path == JUNE:
        settle(page)
        page.screenshot(path=str(artifacts / "screenshots" / "calendar-print.png"), full_page=True)
