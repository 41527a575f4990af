"""Phones first (issue 17): a compact header whose menu folds away without JavaScript, the
article's first paragraph in the first screen at 375x812, Chinese punctuation from a CJK font,
no layout shift on any page type, and entries into guides, library and quizzes on the home page."""
from __future__ import annotations

import json

import pytest

from .helpers import open_page
from .pages import PAGES, page_params

PHONE = {"width": 375, "height": 812}
FIGURES: dict = {}  # printed at the end of the session for the note

CLS_JS = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => done(total), 800);
})"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_phone_header_is_one_row_and_its_menu_opens(make_context, site, javascript):
    page = make_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    open_page(page, site, PAGES["article"])
    height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    FIGURES[f"header height at 375 px ({'js' if javascript else 'no js'})"] = round(height)
    assert height <= 80, f"the header is {height:.0f} px tall at 375 px (was 258 px before the compact header)"
    nav = page.locator(".site-nav")
    assert not nav.is_visible(), "the menu should be folded away on a phone"
    page.click("label.menu-button")
    assert nav.is_visible() and page.locator(".site-search").is_visible()
    page.click("label.menu-button")
    assert not nav.is_visible()


def test_the_menu_opens_from_the_keyboard(make_context, site):
    page = make_context(viewport=PHONE).new_page()
    open_page(page, site, PAGES["article"])
    page.focus("#menu-toggle")
    page.keyboard.press("Space")
    assert page.locator(".site-nav").is_visible()


@pytest.mark.parametrize("path", ["/jdxc/articles/torch-relay-2018/", "/jdxc/articles/what-is-si-jin/",
                                  "/jdxc/articles/students-five-ones/"])
def test_the_first_paragraph_of_an_article_is_in_the_first_screen(make_context, site, path):
    page = make_context(viewport=PHONE).new_page()
    open_page(page, site, path)
    top = page.evaluate("document.querySelector('.prose p').getBoundingClientRect().top")
    FIGURES[f"first paragraph top at 375x812, {path}"] = round(top)
    assert top < PHONE["height"] - 40, f"{path}: the first paragraph starts at {top:.0f} px, below the first screen"


def test_desktop_header_shows_everything_without_a_menu_button(page, site):
    open_page(page, site, PAGES["article"])
    assert not page.locator("label.menu-button").is_visible()
    assert page.locator(".site-nav").is_visible() and page.locator(".site-search").is_visible()
    assert page.locator("#reading-aids").is_visible()


def test_chinese_quotes_are_drawn_by_a_cjk_font(page, site):
    open_page(page, site, PAGES["article"])
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'quote-probe';
        p.textContent = '“禁毒”……'; document.querySelector('.prose').prepend(p); }""")
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument")["root"]["nodeId"]
    node = client.send("DOM.querySelector", {"nodeId": root, "selector": "#quote-probe"})["nodeId"]
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    families = [f["familyName"] for f in fonts]
    assert families and all("CJK" in name or "Hei" in name for name in families), (
        f"“禁毒”…… drawn with {families}: the quotes should come from the CJK font, not the Latin one")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind, path", page_params("cls"))
def test_no_layout_shift(make_context, site, kind, path, width):
    page = make_context(viewport={"width": width, "height": 812}).new_page()
    open_page(page, site, path + ("?q=五个一" if kind == "search" else ""), wait_until="networkidle")
    shift = page.evaluate(CLS_JS)
    FIGURES[f"CLS {kind} at {width}"] = round(shift, 4)
    assert shift == 0, f"{path} shifts its layout by {shift:.4f} at {width} px"


def test_home_has_entries_for_guides_library_and_quizzes(page, site):
    open_page(page, site, PAGES["home"])
    hrefs = page.eval_on_selector_all(".entries a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["/jdxc/guides/", "/jdxc/resources/", "/jdxc/quizzes/"]


def test_zz_print_figures():
    print("\n[phone figures] " + json.dumps(FIGURES, ensure_ascii=False, indent=1))
