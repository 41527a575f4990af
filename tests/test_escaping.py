"""Front-matter strings are text in every output: HTML, XML, JSON, the search index and .ics."""
from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import icalendar
import pytest

from conftest import BASIC_TOML, build, errors_of

HOSTILE = '<script>alert(1)</script> "引号" & ]]> javascript:alert(2) <img src=x onerror=alert(3)>'
TITLE = HOSTILE + "\nBEGIN:VEVENT"  # a newline must not start a new iCalendar line either


class Markup(HTMLParser):
    """Every start tag and its attributes, as a browser would see them."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(text: str, where: str) -> None:
    for tag, attrs in Markup(text).tags:
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        assert tag != "script" or attrs.get("src") or attrs.get("type") == "application/json", (where, attrs)
        assert tag != "img" or attrs.get("src") != "x", where
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (where, tag, attrs)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # YAML accepts JSON strings


def hostile_site(site_factory):
    front = f"title: {_quoted(TITLE)}\nsummary: {_quoted(HOSTILE)}\ntags: [{_quoted(HOSTILE)}]\n"
    return site_factory({
        "content/articles/a.md": f"---\n{front}date: 2024-01-01\n---\n正文。\n",
        "content/events/e.md": (f"---\n{front}start: 2024-06-26T09:00\nlocation: {_quoted(HOSTILE)}\n"
                                f"theme: {_quoted(HOSTILE)}\norganizers:\n  lead: [{_quoted(HOSTILE)}]\n"
                                f"  participants: [{_quoted(HOSTILE)}]\n---\n正文。\n"),
    })


def test_front_matter_is_inert_in_every_output(site_factory):
    site = hostile_site(site_factory)
    build(site)
    out = site / "public"
    texts = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
             for p in out.rglob("*") if p.suffix in (".html", ".xml", ".ics", ".json", ".txt", ".js")}
    for path, text in texts.items():
        if path.endswith(".ics"):
            continue  # plain text: checked field by field below
        assert "<script>alert(1)" not in text, path
        assert "<img src=x" not in text, path
        if path.endswith(".html"):
            assert_inert(text, path)
    page = texts["articles/a/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # XML: well-formed, and the title comes back exactly as written
    feed = ElementTree.fromstring(texts["feed.xml"].encode("utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    assert {e.find(atom + "title").text for e in feed.findall(atom + "entry")} == {TITLE}
    ElementTree.fromstring(texts["sitemap.xml"].encode("utf-8"))
    # iCalendar: one event per file, fields round-trip
    for name in ("events/e/event.ics", "events/calendar.ics"):
        raw = (out / name).read_bytes()
        assert raw.count(b"\nBEGIN:VEVENT") == 1, name
        event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == TITLE and str(event["LOCATION"]) == HOSTILE
    # JSON: the search page's configuration parses and cannot close its <script> element
    config = re.search(r'<script id="search-config" type="application/json">(.*?)</script>',
                       texts["search/index.html"], re.S).group(1)
    assert "</" not in config and json.loads(config)
    # The search index: the page's fragment holds the title as data
    titles = []
    for fragment in out.glob("pagefind/*/fragment/*"):  # one folder per shard
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        titles.append(record["meta"].get("title"))
    assert TITLE in titles or TITLE.replace("\n", " ") in titles


def test_cover_alt_and_taxonomy_terms_are_escaped(site_factory):
    site = site_factory({
        "content/articles/a/index.md": f"---\ntitle: 图\ndate: 2024-01-01\ncover: p.svg\n"
                                       f"cover_alt: {_quoted(HOSTILE)}\ntags: [{_quoted(HOSTILE)}]\n---\n正文。\n",
        "content/articles/a/p.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"/>',
    }, BASIC_TOML + '[files]\nallow = [".svg"]\n')
    build(site)
    for page in (site / "public").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text and "<img src=x" not in text, page
        assert_inert(text, str(page))


@pytest.mark.parametrize("text, line, char", [
    ('---\ntitle: "a\\x01b"\ndate: 2024-01-01\n---\n正文\n', 2, "0001"),
    ('---\ntitle: 甲\ndate: 2024-01-01\nsummary: "s\\u0000"\n---\n正文\n', 4, "0000"),
    ('---\ntitle: 甲\ndate: 2024-01-01\ntags: ["\\v"]\n---\n正文\n', 4, "000B"),
    ('---\ntitle: 甲\ndate: 2024-01-01\n---\n第一行\n正文\x1b[31m红\n', 6, "001B"),
    ('---\ntitle: 甲\ndate: 2024-01-01\n---\n\x0c\n', 5, "000C"),
])
def test_control_characters_that_xml_cannot_carry_are_errors(site_factory, text, line, char):
    # a feed or sitemap holding one is not XML at all; the editor pasted it by accident
    site = site_factory({"content/articles/a.md": text.encode("utf-8")})
    assert errors_of(site) == [f"content/articles/a.md:{line}: error: the text holds the invisible control "
                               f"character U+{char}; delete it (retype the line)"]


def test_front_matter_and_menu_urls_may_not_run_script(site_factory):
    from conftest import BASIC_TOML

    site = site_factory({"content/guides/g.md": "---\ntitle: 指南\nprogram: p\norder: 1\nmaterials:\n"
                                                "  - title: 课件\n    url: \" JavaScript:alert(1)\"\n---\n"},
                        BASIC_TOML + '[programs.p]\ntitle = "项目"\n')
    assert errors_of(site) == ["content/guides/g.md:7: error: ' JavaScript:alert(1)' is not a link a page may carry: "
                               "use http(s)://, mailto:, tel: or a path of the site"]
    site = site_factory({}, BASIC_TOML + '[[menu]]\ntitle = "坏"\nurl = "javascript:alert(1)"\n'
                                         '[[menu]]\ntitle = "好"\nurl = "/about/"\n', name="menu")
    assert errors_of(site) == ["site.toml:9: error: menu url 'javascript:alert(1)' must be http(s)://, mailto:, "
                               "tel: or a path of the site"]
