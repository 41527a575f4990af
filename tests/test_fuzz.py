"""Property-based tests: whatever an editor types, the engine answers with output or a
path:line error, never a crash. Bounded and derandomised, so `make test` is deterministic."""
from __future__ import annotations

import functools
import os
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_site, settings_of
from test_escaping import Markup
from sitegen.text.cjk import CJK_CHINESE_RE
from sitegen.types import TYPES
from sitegen.errors import Problem
from sitegen.content.reading import decode, read_item
from sitegen.markup.markdown import LinkContext, MarkdownRenderer
from sitegen.settings import HtmlPolicy
from sitegen.text.slugs import slugify

# FUZZ_EXAMPLES=5000 for a longer hunt by hand; make test runs the bounded default.
BOUNDED = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), deadline=None, derandomize=True,
                   database=None, suppress_health_check=[HealthCheck.too_slow])
SOURCE = "content/articles/x.md"
CJK = "禁毒宣传教育学校社区家庭毒品预防“五个一”，。、！？：；《》…—·"


@functools.lru_cache(maxsize=None)
def site() -> tuple[Path, object]:
    folder = write_site(Path(tempfile.mkdtemp()) / "site", {})
    return folder, settings_of(folder)[0]


# --- front matter -------------------------------------------------------------------

FIELDS = ["title", "date", "slug", "summary", "tags", "venues", "audiences", "draft", "aliases", "cover",
          "cover_alt", "weight", "updated", "titel", "start", "program", "order", "materials", "location"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["2024-01-01", "2024-13-45", "2024-06-26T09:00",
                                                           "学校", "../x", "/old/", "a\0b", "月球", ""]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3)),
                      max_leaves=8)
FRONT_DICTS = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8)
YAML_BITS = st.lists(st.sampled_from(list("abc: -[]{}'\"\n#&*!|>%@`,?\t\\") + ["---", "...", "标题", "title: "]),
                     max_size=40).map("".join)


@st.composite
def documents(draw) -> bytes:
    kind = draw(st.integers(0, 3))
    if kind == 0:  # any bytes at all
        return draw(st.binary(max_size=200))
    if kind == 1:  # YAML-looking text between the fences
        front = draw(YAML_BITS)
    else:  # well-formed YAML of the right and wrong shapes
        front = yaml.safe_dump(draw(FRONT_DICTS), allow_unicode=True)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = draw(st.text(max_size=60))
    text = f"---\n{front}\n---\n{body}".replace("\n", newline)
    return (draw(st.sampled_from(["", "\ufeff"])) + text).encode("utf-8", "surrogatepass")


@BOUNDED
@given(raw=documents(), kind=st.sampled_from(list(TYPES)))
def test_front_matter_gives_an_item_or_located_errors(raw, kind):
    folder, site_settings = site()
    problems: list[Problem] = []
    item = read_item(folder, SOURCE, kind, None, site_settings, problems, raw)
    assert item is not None or any(p.is_error for p in problems)
    for problem in problems:
        assert problem.path == SOURCE and problem.line >= 1 and problem.message
        assert str(problem).startswith(f"{SOURCE}:{problem.line}: ")


@BOUNDED
@given(raw=st.binary(max_size=300))
def test_decoding_any_bytes_gives_text_or_an_error(raw):
    decoded = decode(raw, SOURCE)
    if isinstance(decoded, str):
        assert "\r" not in decoded
    else:
        assert isinstance(decoded, Problem) and decoded.path == SOURCE
        assert 1 <= decoded.line <= raw.count(b"\n") + 1


# --- slugs --------------------------------------------------------------------------

@BOUNDED
@given(text=st.text(max_size=40))
def test_slugs_are_always_safe(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or slug == "item"


# --- Chinese line joining ------------------------------------------------------------

LINE = st.text(alphabet=st.sampled_from(list(CJK + "abcXYZ019 ")), min_size=1, max_size=12).map(str.strip).filter(bool)


def renderer(policy: HtmlPolicy = HtmlPolicy()) -> MarkdownRenderer:
    folder, _ = site()
    return MarkdownRenderer(LinkContext(folder, "/jdxc/", {}, {}), True, policy)


@BOUNDED
@given(lines=st.lists(LINE, min_size=1, max_size=6))
def test_a_newline_between_chinese_characters_vanishes(lines):
    text = "\n".join(lines)
    html = renderer().render(text, SOURCE, "content/articles", 5, None).html
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[3:-4]
    assert inner.replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
    for match in re.finditer(r"(.)\n(.)", inner):
        assert not (CJK_CHINESE_RE.match(match.group(1)) and CJK_CHINESE_RE.match(match.group(2))), inner


# --- Markdown with hostile markup ------------------------------------------------------

PIECES = ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">',
          '</a>', '<iframe src="https://evil.example/">', '<iframe src="https://v.example.gov.cn/1"></iframe>',
          '<div style="color:red" onclick="x()">', '</div>', '<svg onload=alert(1)>', '<!-- c -->',
          '[link](javascript:alert(1))', '![i](data:text/html,x)', '{: onclick="x" }', '<b>', '</b>',
          '<details><summary>s</summary>', '</details>', '# ', '> ', '- ', '1. ', '```', '    ', '| a | b |',
          '|---|---|', '[^1]', '[^1]: n', '**', '_', '`', '&amp;', '&#x6a;avascript:', '<', '>', '"', "'",
          '<a href="jav&#x09;ascript:x">', '<object data="x.swf">', '<form action="//evil">', '<style>*{}</style>',
          '<math><mi xlink:href="javascript:1">', '<base href="//evil/">', '<meta http-equiv="refresh">',
          '<link rel="stylesheet" href="//evil/x.css">', '<input onfocus=alert(1) autofocus>', '禁毒', '宣传', 'text']
MARKDOWN = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "\n", "\n\n"])), max_size=14) \
    .map(lambda parts: "".join(piece + gap for piece, gap in parts))


@BOUNDED
@given(body=MARKDOWN, raw=st.sampled_from(["sanitize", "escape"]))
def test_hostile_markdown_renders_inert(body, raw):
    result = renderer(HtmlPolicy(raw, ("v.example.gov.cn",))).render(body, SOURCE, "content/articles", 5, None)
    for tag, attrs in Markup(result.html).tags:
        attrs = {name: value or "" for name, value in attrs.items()}
        assert tag not in ("script", "style", "object", "embed", "form", "input", "base", "meta", "link", "svg",
                           "math"), result.html
        assert not any(name.startswith("on") or name == "style" for name in attrs), (tag, attrs)
        for name in ("href", "src", "xlink:href", "action"):
            value = re.sub(r"[\x00-\x20]", "", attrs.get(name, "")).lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text")), (tag, attrs)
        if tag == "iframe":
            assert attrs.get("src", "").startswith("https://v.example.gov.cn/"), attrs
    for line, message in result.warnings + result.errors:
        assert line >= 5 and message
