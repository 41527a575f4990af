"""Every page type in Chromium: loads cleanly, axe-core, screenshots, no overflow at 320 px."""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from .helpers import OVERFLOW_JS, describe_violations, measure, open_page, run_axe, settle
from .pages import PAGES, page_params

pages = pytest.mark.parametrize("kind, path", page_params("all"))


def test_sample_urls_are_built(site):
    missing = [path for path in PAGES.values() if not site.file_for(path).is_file()]
    assert not missing, f"sample URLs with no built file in {site.out}: {missing}"


def test_server_mounts_the_site_under_jdxc_only(site):
    with urllib.request.urlopen(site.url("/jdxc/")) as response:
        assert response.status == 200
    for outside in ("/", "/index.html", "/articles/", "/jdxcx/"):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(site.url(outside))
        assert error.value.code == 404, outside
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(site.url("/jdxc/no-such-page/"))
    assert error.value.code == 404
    assert "<html" in error.value.read().decode("utf-8")   # the site's own 404.html


@pages
def test_page_loads_cleanly(page, requests, site, kind, path):
    """200, lang on <html>, one <h1>, no failed request, no script error, nothing from other hosts."""
    resources = measure(page, site, kind, path)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").count() >= 1, "no <h1>"
    assert page.title().strip(), "empty <title>"
    assert not requests.failed, f"failed requests on {path}: {requests.failed}"
    assert not page.console_errors, f"script errors on {path}: {page.console_errors}"
    assert not requests.foreign(), f"{path} requested other hosts: {[r.url for r in requests.foreign()]}"
    assert resources and resources[0][0] == "document"


@pages
def test_axe_no_serious_or_critical_violations(page, site, axe_source, kind, path):
    open_page(page, site, path)
    violations = run_axe(page, axe_source, kind, path)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe-core on {path}:\n{describe_violations(bad)}"


@pages
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshot(make_context, site, artifacts, kind, path, width):
    context = make_context(viewport={"width": width, "height": 812 if width < 600 else 800})
    page = context.new_page()
    open_page(page, site, path)
    settle(page)
    target = artifacts / "screenshots" / f"{kind}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 5_000


@pytest.mark.parametrize("kind, path", page_params("overflow-320"))
def test_no_horizontal_overflow_at_320px(make_context, site, kind, path):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    open_page(page, site, path)
    settle(page)
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrollWidth"] <= 320, (
        f"{path} is {result['scrollWidth']} px wide at a 320 px viewport; "
        f"elements past the right edge: {result['wide']}")
