"""One sample URL of each page type of the demonstration site (built with --base-url .../jdxc/).

Confirmed against the built output: guides are flat under guides/<slug>/ and a programme's
overview is guides/<program>/; taxonomy terms are pinyin (学校 -> xue-xiao).
"""
PAGES = {
    "home": "/jdxc/",
    "list": "/jdxc/articles/",
    "article": "/jdxc/articles/torch-relay-2018/",
    "figures": "/jdxc/articles/press-conference-2023/",  # stats and charts
    "guide": "/jdxc/guides/anti-drug-lesson/",
    "programme": "/jdxc/guides/students-five-ones/",
    "event": "/jdxc/events/2023-propaganda-month-launch/",
    "calendar": "/jdxc/events/calendar/2023-06/",  # a month of the events calendar
    "campaign": "/jdxc/campaigns/2020-autumn-special-action/",
    "campaigns": "/jdxc/campaigns/",  # each campaign's progress
    "taxonomy": "/jdxc/venues/xue-xiao/",
    "resource": "/jdxc/resources/si-jin-poster/",
    "library": "/jdxc/resources/",
    "quiz": "/jdxc/quizzes/pupils-anti-drug-quiz/",
    "404": "/jdxc/404.html",
    # The search page (CONTRACT section 4) landed in commit 149bcc5; its Pagefind index and
    # script are loaded only here, so the load test below also waits for them:
    "search": "/jdxc/search/",
}

# Known theme defects, reported to the theme's owners: (test name, page type) -> reason.
# Each makes that one parametrised case xfail(strict=True): it starts failing the suite
# (XPASS) the moment the defect is fixed, so the entry must then be removed.
KNOWN_DEFECTS: dict = {}  # (test, page type) -> reason; empty: no known defects


def page_params(test: str):
    """(kind, path) parameters for a test, with its known defects marked xfail(strict)."""
    import pytest

    return [pytest.param(kind, path, id=kind,
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[test, kind])]
                         if (test, kind) in KNOWN_DEFECTS else [])
            for kind, path in PAGES.items()]
