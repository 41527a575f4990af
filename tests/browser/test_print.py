"""The guide page in print: no site navigation, the record sheet with its audience's labels, one
A4 page per demo guide (Chromium's PDF, counted with pypdf), 打印记录表 printing the sheet alone,
and printed links with their absolute addresses."""
from __future__ import annotations

import io

from pypdf import PdfReader

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


def demo_guides(site) -> list[str]:
    """Every guide page of the demonstration site, with a record sheet or without (not the
    programmes' overviews)."""
    return sorted(f"/jdxc/guides/{path.parent.name}/" for path in site.out.glob("guides/*/index.html")
                  if '<article class="entry guide">' in path.read_text(encoding="utf-8"))


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_every_demo_guide_prints_on_one_a4_page(page, site, artifacts):
    guides = demo_guides(site)
    assert len(guides) == 10, guides
    counts = {}
    for path in guides:
        open_page(page, site, path)
        settle(page)
        counts[path] = pdf_pages(page.pdf(format="A4", print_background=True))
    print("\n[print] A4 pages per guide: " + ", ".join(f"{p.split('/')[-2]} {n}" for p, n in counts.items()))
    assert all(n == 1 for n in counts.values()), counts


def test_print_sheet_button_prints_the_record_sheet_alone(page, site, artifacts):
    open_page(page, site, "/jdxc/guides/themed-class-meeting/")
    button = page.get_by_role("button", name="打印记录表")
    assert button.is_visible()
    # Headless Chromium has no print dialog: record what the page asks for instead.
    page.evaluate("""() => { window.printedWith = null;
        window.print = () => { window.printedWith = document.documentElement.className; }; }""")
    button.click()
    assert "print-sheet" in page.evaluate("window.printedWith")
    page.emulate_media(media="print")
    assert page.locator("#record-sheet table.record").is_visible()
    assert page.locator(".qr").is_visible(), "the QR code stays on the sheet"
    for hidden in ("#objectives", ".guide > header h1", ".guide .prose"):
        assert not page.locator(hidden).is_visible(), f"{hidden} is printed with the sheet alone"
    pdf = page.pdf(path=str(artifacts / "record-sheet.pdf"), format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "活动记录表" in text and "组织教师" in text and "活动目标" not in text
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert "print-sheet" not in page.evaluate("document.documentElement.className")
    assert page.locator("#objectives").is_visible(), "after printing the whole guide prints again"


def test_without_javascript_there_is_no_print_sheet_button(make_context, site):
    page = make_context(java_script_enabled=False).new_page()
    page.goto(site.url("/jdxc/guides/themed-class-meeting/"), wait_until="load")
    assert page.get_by_role("button", name="打印记录表").count() == 0
    assert page.locator("#record-sheet table.record").is_visible()


def test_officials_sheet_has_the_officials_labels(page, site):
    open_page(page, site, "/jdxc/guides/knowledge-training/")
    labels = page.locator("table.record th").all_inner_texts()
    assert labels == ["活动日期", "组织单位", "组织人", "参加人员", "活动内容", "学习体会"]
    open_page(page, site, "/jdxc/guides/themed-class-meeting/")
    assert page.locator("table.record th").all_inner_texts()[:4] == ["活动日期", "班级", "组织教师", "参加人数"]


LINES_JS = """() => [...document.querySelectorAll('table.record th')].map(th => {
    const range = document.createRange(); range.selectNodeContents(th);
    return [th.textContent, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
})"""


def test_a_label_never_breaks_even_with_brackets_on_a_narrow_phone(make_context, site):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(site.url("/jdxc/guides/themed-class-meeting/"), wait_until="load")
    page.evaluate("document.querySelectorAll('table.record th')[1].textContent = '参加班级（单位）'")
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        for label, lines in page.evaluate(LINES_JS):
            assert lines == 1, f"{label!r} takes {lines} lines ({media})"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the table fits the phone"


def test_printed_internal_links_show_their_absolute_address(page, site):
    open_page(page, site, "/jdxc/guides/themed-class-meeting/")
    settle(page)
    text = "".join(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[0].extract_text().split())
    assert f"({site.base}articles/new-psychoactive-substances/)" in text
    assert "(https://www.2-class.com/)" in text
