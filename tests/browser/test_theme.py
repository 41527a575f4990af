"""The theme as a reader meets it: the header at each width, the 大字 reading aid on a small
phone, and keyboard focus that can be seen."""
from __future__ import annotations

import re

import pytest

from .helpers import OVERFLOW_JS, open_page
from .pages import PAGES, page_params

HEADER_WRAPS_JS = """() => [...document.querySelectorAll('.site-header a, .site-header button')]
    .filter(el => el.offsetParent !== null)
    .map(el => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        return {text: el.textContent.trim(), lines, width: Math.round(el.getBoundingClientRect().width)};
    })
    .filter(item => item.lines > 1)"""

HEADER_DEFECT = (
    "theme defect: from 48rem (768 px) up `.site-header .wrap` becomes a one-row flex box "
    "(title, search form, reading aids, nav) inside the 46rem column, so the flex items shrink "
    "to min-content: the site title breaks onto 2-3 lines and the 大字/高对比 buttons show one "
    "character per line (42 px wide)")


@pytest.mark.parametrize("width", [
    375,
    768,
    1280,
])
def test_header_title_buttons_and_links_keep_their_words_on_one_line(make_context, site, width):
    page = make_context(viewport={"width": width, "height": 800}).new_page()
    open_page(page, site, PAGES["article"])
    if page.locator("label.menu-button").is_visible():  # phones: search, aids and menu fold away
        page.click("label.menu-button")
    assert page.locator("#reading-aids").is_visible(), "reading aids should show with JavaScript on"
    wrapped = page.evaluate(HEADER_WRAPS_JS)
    assert not wrapped, f"header items broken over several lines at {width} px: {wrapped}"


@pytest.mark.parametrize("kind, path", page_params("large-text-320"))
def test_large_text_reading_aid_does_not_overflow_at_320px(make_context, site, kind, path):
    """大字 (137.5 % text) is for older readers, who are the most likely to use a small phone."""
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    open_page(page, site, path)
    page.click("label.menu-button")
    page.click("button[data-aid=large]")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrollWidth"] <= 320, (
        f"{path} with 大字 is {result['scrollWidth']} px wide at a 320 px viewport; "
        f"elements past the right edge: {result['wide']}")


def test_large_text_choice_is_remembered_on_the_next_page(page, site):
    open_page(page, site, PAGES["home"])
    page.click("button[data-aid=large]")
    open_page(page, site, PAGES["article"])
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.locator("button[data-aid=large]").get_attribute("aria-pressed") == "true"


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = (_luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c)[:3])) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


FOCUS_JS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    let bg = 'rgb(255, 255, 255)';
    for (let node = el.parentElement; node; node = node.parentElement) {
        const c = getComputedStyle(node).backgroundColor;
        if (c && c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0')) { bg = c; break; }
    }
    return {tag: el.tagName.toLowerCase(), text: (el.textContent || el.placeholder || '').trim().slice(0, 20),
            inHeader: !!el.closest('.site-header'), outline: style.outlineStyle,
            width: parseFloat(style.outlineWidth), color: style.outlineColor, background: bg};
}"""


def test_keyboard_focus_in_the_header_is_visible(page, site):
    open_page(page, site, PAGES["article"])
    seen, weak = [], []
    for _ in range(20):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_JS)
        if not info["inHeader"]:
            if seen:
                break
            continue
        ratio = _contrast(info["color"], info["background"])
        seen.append(info["text"])
        if info["outline"] == "none" or info["width"] < 2 or ratio < 3:
            weak.append(f"{info['tag']} {info['text']!r}: outline {info['outline']} {info['width']}px "
                        f"{info['color']} on {info['background']} = {ratio:.1f}:1")
    assert len(seen) >= 5, f"could not tab through the header: {seen}"
    assert not weak, "focus indicators below 3:1 in the header:\n" + "\n".join(weak)
