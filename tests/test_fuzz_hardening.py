"""Property-based tests for issue 16's content side: whatever the Markdown, URL, base_url or
"now", the answer is inert output or a clear error, never a crash, a placeholder or a script.
Bounded and derandomised like tests/test_fuzz.py (FUZZ_EXAMPLES=5000 for a longer hunt)."""
from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from test_fuzz import BOUNDED
from sitegen.cli.main import UsageError, parse_now
from sitegen.markup.markdown import LinkContext, MarkdownRenderer
from sitegen.markup.raw_html import embed_url
from sitegen.settings import HtmlPolicy, base_url_problem

HOSTS = ("v.example.gov.cn",)
PIECES = ["[", "]", "(", ")", "![", "[^", "<a ", "<b>", "</b>", "&copy;", "&#1;", "&#0;", "&nbsp;", "`", "*", "_",
          "\n", "\n\n", "> ", "- ", "1. ", "    ", "{: onclick=x }", "{ tabindex=0 autofocus onfocus=alert(1) }",
          "```", "```{ .py onfocus=x style=y }\n", "禁毒", "宣传", "<br>", "<sup>1</sup>", "## ", "\\", "|", "---",
          '<iframe src="https://evil.example\\@v.example.gov.cn/"></iframe>', "<span onclick=x>", "javascript:x",
          "[a](javascript:alert(1))", "{: style=color:red }", "<script>alert(1)</script>"]  # (no \x02: refused on reading)
BODIES = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
# In real tags only: inside a code span the same text is escaped (&lt;iframe ...) and inert.
LOUD = re.compile(r"<[^>]*\s(on\w+|style|autofocus|tabindex|srcdoc)[\s=>]|<script|<[^>]*=\"?\s*javascript:"
                  r"|<[^>]*evil\.example", re.I)
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
RENDERER = MarkdownRenderer(LinkContext(Path("."), "/", {}, {}), True, HtmlPolicy(iframe_hosts=HOSTS))


def _timed(body: str):
    started = time.process_time()
    rendered = RENDERER.render(body, "content/articles/x.md", "content/articles", 5, None)
    return rendered, time.process_time() - started


@BOUNDED
@given(body=BODIES, repeat=st.sampled_from([1, 1, 50, 400]))
def test_any_markdown_renders_inert_with_plain_derived_text_and_quickly(body, repeat):
    rendered, seconds = _timed(body * repeat)
    if seconds >= 2.0:  # once more: a cost that is the input's comes back, a hiccup of a loaded machine does not
        rendered, seconds = _timed(body * repeat)
    assert seconds < 2.0
    assert not LOUD.search(rendered.html), rendered.html
    for text in (rendered.summary, *(heading.text for heading in rendered.headings)):
        assert not INVISIBLE.search(text) and "wzxhzdk" not in text, text
    assert all(line >= 5 for line, _ in rendered.errors + rendered.warnings)


URL_PIECES = ["https://", "http://", "HTTPS:", "//", "evil.example", "v.example.gov.cn", "\\", "/", "@", ":", "#",
              "?", "%2f", "%5c", "%2e", "\t", "\n", " ", ".", "user:pw@", "javascript:", "0x7f.1", "[::1]", "\x00", "。"]
URLS = st.lists(st.sampled_from(URL_PIECES), max_size=12).map("".join)


@BOUNDED
@given(url=URLS)
def test_an_iframe_url_kept_is_read_alike_by_every_parser(url):
    kept = embed_url(url, HOSTS)
    if kept is not None:  # the serialised form is unambiguous: Python's parser agrees with the browser's
        parts = urlsplit(kept)
        assert parts.scheme == "https" and parts.hostname in HOSTS and "@" not in parts.netloc
        assert not re.search(r"[\s\\\x00-\x1f]", kept)


@BOUNDED
@given(url=URLS)
def test_a_base_url_accepted_stays_inside_and_fits_every_output(url):
    if base_url_problem(url) is None:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.hostname
        assert ".." not in parts.path.split("/") and "//" not in parts.path
        assert not re.search(r"[\s\\\x00-\x1f\"<>]", url)


@BOUNDED
@given(text=st.one_of(st.text(max_size=40), st.sampled_from(["9999-12-31T23:59:59", "0001-01-01", "1970-01-01",
                                                             "8999-12-31T23:59:59+14:00", "2024-07-01T00:00:00Z"])),
       epoch=st.one_of(st.none(), st.text(max_size=25), st.integers(-10**20, 10**20).map(str)))
def test_now_is_a_moment_in_range_or_a_usage_error(text, epoch):
    try:
        moment = parse_now(text, {"SOURCE_DATE_EPOCH": epoch} if epoch is not None else {})
    except UsageError:
        return
    assert moment.tzinfo is not None and 1970 <= moment.year <= 9000
