"""Campaign progress in Chromium: the task table's group headings pass axe's table rules outright
(not even "needs review"), the page prints in grey, the timeline fits 320 px."""
from __future__ import annotations

from .helpers import OVERFLOW_JS, in_colour, open_page, settle
from .pages import PAGES

CAMPAIGN = PAGES["campaign"]
TABLE_RULES = ["th-has-data-cells", "td-headers-attr", "td-has-header", "scope-attr-valid"]


def test_task_table_headings_pass_axe_without_review(page, site, axe_source):
    open_page(page, site, CAMPAIGN)
    page.add_script_tag(path=str(axe_source))
    results = page.evaluate("""async rules => {
        const r = await axe.run('table.tasks', {runOnly: {type: 'rule', values: rules}});
        return {violations: r.violations.map(v => v.id), incomplete: r.incomplete.map(v => v.id),
                passes: r.passes.map(v => v.id)};
    }""", TABLE_RULES)
    assert not results["violations"] and not results["incomplete"], results
    assert "th-has-data-cells" in results["passes"] and "td-headers-attr" in results["passes"]


def test_progress_prints_in_grey(page, site, artifacts):
    open_page(page, site, CAMPAIGN)
    page.emulate_media(media="print")
    fills = page.evaluate("""() => [...document.querySelectorAll('.progress-bar rect, .timeline .phase, .timeline .deadline')]
        .map(e => getComputedStyle(e).fill)""")
    colours = page.evaluate("() => [...document.querySelectorAll('.status')].map(e => getComputedStyle(e).color)")
    assert fills and colours
    assert not in_colour(fills + colours), f"printed in colour: {in_colour(fills + colours)}"
    settle(page)
    page.screenshot(path=str(artifacts / "screenshots" / "campaign-print.png"), full_page=True)


def test_campaign_words_and_timeline_at_320px(make_context, site, artifacts):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    open_page(page, site, CAMPAIGN)
    settle(page)
    assert page.evaluate(OVERFLOW_JS)["scrollWidth"] <= 320
    timeline = page.locator("svg.timeline")
    assert timeline.count() == 1 and timeline.bounding_box()["width"] <= 300
    assert "行动已于2020年12月31日结束" in page.locator(".timeline-figure figcaption").inner_text()
    assert page.locator(".status.overdue").count() == 0  # a past campaign reads as ended
    page.screenshot(path=str(artifacts / "screenshots" / "campaign-320.png"), full_page=True)
