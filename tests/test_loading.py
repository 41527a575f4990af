"""Content loading: encodings, front matter, validation errors with their lines, slugs,
bundles, drafts and scheduled posts. Through whole builds and through sitegen.content.loading."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import typing
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import BASIC_TOML, build, errors_of, settings_of
from sitegen.content import schema
from sitegen.content.reading import decode, parse_yaml, split_front_matter
from sitegen.errors import Diagnostics, Problem, error

# Same site, without share cards and search, so successful builds stay quick.
FAST_TOML = BASIC_TOML.replace('base_url = "https://example.org/sub/"\n',
                               'base_url = "https://example.org/sub/"\nshare_cards = false\nsearch = false\n')
A = "content/articles/"
DATE_HINT = "use YYYY-MM-DD or ISO 8601 such as 2023-06-26T09:00:00+08:00"
VENUES = "学校, 社区, 家庭, 单位, 场所, 农村, 网络"


def article(*fields: str, body: str = "正文。\n") -> str:
    return "---\n" + "".join(f + "\n" for f in fields) + "---\n" + body


def one_error(site_factory, text, name="a.md") -> list[str]:
    return errors_of(site_factory({A + name: text}, FAST_TOML))


# --- decode, split_front_matter, parse_yaml -------------------------------------------

def test_decode_strips_bom_and_normalises_line_ends():
    assert decode(b"\xef\xbb\xbf---\r\ntitle: \xe7\x94\xb2\r\n---\rbody", "x.md") == "---\ntitle: 甲\n---\nbody"


def test_decode_gbk_names_the_file_gbk_and_iconv():
    problem = decode("---\ntitle: 禁毒宣传\n---\n".encode("gbk"), "content/articles/x.md")
    assert isinstance(problem, Problem)
    assert (problem.path, problem.line) == ("content/articles/x.md", 2)
    assert "not UTF-8" in problem.message and "GBK" in problem.message
    assert "iconv -f GBK -t UTF-8 'content/articles/x.md'" in problem.message


def test_split_front_matter_returns_yaml_body_and_body_line():
    assert split_front_matter("---\ntitle: a\ndate: b\n---\n正文\n", "x.md") == ("title: a\ndate: b", "正文\n", 5)


def test_split_front_matter_accepts_dots_as_the_end():
    assert split_front_matter("---\ntitle: a\n...\nbody", "x.md") == ("title: a", "body", 4)


def test_split_front_matter_problems():
    missing = split_front_matter("title: a\n", "x.md")
    unclosed = split_front_matter("---\ntitle: a\n", "x.md")
    assert isinstance(missing, Problem) and isinstance(unclosed, Problem)
    assert (missing.line, unclosed.line) == (1, 1)
    assert "must start with front matter" in missing.message
    assert "not closed" in unclosed.message


def test_parse_yaml_maps_every_field_to_its_source_line():
    problems = Diagnostics()
    data, lines = parse_yaml("title: 甲\nvenues:\n  - 学校\n  - 社区\ndate: 2023-06-26", "x.md", 2, problems)
    assert list(problems) == []
    assert data == {"title": "甲", "venues": ["学校", "社区"], "date": "2023-06-26"}  # dates stay text
    assert lines == {(): 1, ("title",): 2, ("venues",): 3, ("venues", 0): 4, ("venues", 1): 5, ("date",): 6}


def test_parse_yaml_error_line_is_in_the_source_file():
    problems = Diagnostics()
    data, _ = parse_yaml("title: 甲\ndate: 2023-01-01\nsummary: a: b", "x.md", 2, problems)
    assert data is None
    assert [str(p) for p in problems] == [
        "x.md:4: error: invalid YAML in front matter: mapping values are not allowed in this context"]


def test_parse_yaml_refuses_a_list():
    problems = Diagnostics()
    data, _ = parse_yaml("- a\n- b", "x.md", 2, problems)
    [problem] = problems
    assert data is None and problem.line == 2 and "not a list" in problem.message


def test_parse_yaml_adds_every_problem_to_the_collector_after_those_already_there():
    problems = Diagnostics([error("site.toml", 1, "found before")])
    data, lines = parse_yaml("title: 甲\ntitle: 乙\nsummary: \"a\\x01\"", "x.md", 2, problems)
    assert data == {"title": "乙", "summary": "a\x01"} and lines[("summary",)] == 4
    assert [(p.path, p.line) for p in problems] == [("site.toml", 1), ("x.md", 3), ("x.md", 4)]
    assert "given twice" in list(problems)[1].message


# --- encodings through builds ---------------------------------------------------------

def test_bom_and_crlf_build_fine(site_factory):
    raw = "\ufeff---\r\ntitle: 甲标题\r\ndate: 2023-01-01\r\n---\r\n第一行\r\n第二行\r\n".encode("utf-8")
    result = build(site_factory({A + "a.md": raw}, FAST_TOML))
    page = result.files["articles/a/index.html"].decode()
    assert "<h1>甲标题</h1>" in page
    assert "<p>第一行第二行</p>" in page


def test_bom_and_crlf_keep_line_numbers(site_factory):
    raw = "\ufeff---\r\ntitle: 甲\r\n\r\ndate: 2023-13-01\r\n---\r\n".encode("utf-8")
    assert errors_of(site_factory({A + "a.md": raw}, FAST_TOML)) == [
        f"content/articles/a.md:4: error: bad date '2023-13-01' for 'date': {DATE_HINT}"]


def test_gbk_file_is_refused_with_a_hint(site_factory):
    errors = one_error(site_factory, article("title: 禁毒宣传", "date: 2023-01-01").encode("gbk"))
    assert len(errors) == 1
    assert errors[0].startswith("content/articles/a.md:2: error: the file is not UTF-8 text; ")
    assert "GBK" in errors[0] and "iconv" in errors[0]


# --- front matter errors --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("title: 甲\n正文\n", "content/articles/a.md:1: error: the file must start with front matter: a line '---', "
                         "fields such as 'title: ...', and another line '---'"),
    ("---\ntitle: 甲\n", "content/articles/a.md:1: error: the front matter is not closed: "
                         "add a line '---' after the last field"),
    (article("title: 甲", "date: 2023-01-01", "summary: a: b"),
     "content/articles/a.md:4: error: invalid YAML in front matter: mapping values are not allowed in this context"),
    (article("date: 2023-01-01"), "content/articles/a.md:1: error: missing required field 'title'"),
    (article("title: 甲"), "content/articles/a.md:1: error: missing required field 'date'"),
    (article("title: 甲", "date: 2023-13-45"), f"content/articles/a.md:3: error: bad date '2023-13-45' for 'date': {DATE_HINT}"),
    (article("title: 甲", "summary: 摘要", "date: 昨天"), f"content/articles/a.md:4: error: bad date '昨天' for 'date': {DATE_HINT}"),
    (article("title: 甲", "date: 2023-01-01", 'draft: "yes"'),
     "content/articles/a.md:4: error: 'draft' must be true or false, not 'yes' (write true or false)"),
    (article("title: [a, b]", "date: 2023-01-01"), "content/articles/a.md:2: error: 'title' must be text, not 'list'"),
    (article("titel: 甲", "title: 甲", "date: 2023-01-01"),
     "content/articles/a.md:2: error: unknown field 'titel'; did you mean 'title'?"),
    (article("title: 甲", "date: 2023-01-01", "tag: [禁毒]"), "content/articles/a.md:4: error: unknown field 'tag'; did you mean 'tags'?"),
    (article("title: 甲", "date: 2023-01-01", "slug: Hello"),
     "content/articles/a.md:4: error: slug 'Hello' may only use a-z, 0-9 and '-', for example 'hello'"),
    (article("title: 甲", "date: 2023-01-01", "slug: 你好"),
     "content/articles/a.md:4: error: slug '你好' may only use a-z, 0-9 and '-', for example 'ni-hao'"),
    (article("title: 甲", "date: 2023-01-01", "cover: x.jpg"),
     "content/articles/a.md:4: error: 'cover' needs 'cover_alt': a short description of the picture for screen readers"),
    (article("title: 甲", "date: 2023-01-01", "title: 乙"), "content/articles/a.md:4: error: field 'title' is given twice"),
    (article("title: 甲", "date: 2023-01-01", "venues:", "  - 学校", "  - 医院"),
     f"content/articles/a.md:6: error: '医院' is not a term of 'venues'; allowed: {VENUES}"),
    (article("title: 甲", "date: 2023-01-01", "venues: [学校, 医院]"),
     f"content/articles/a.md:4: error: '医院' is not a term of 'venues'; allowed: {VENUES}"),
], ids=["no-front-matter", "unclosed", "bad-yaml", "no-title", "no-date", "date-13-45", "date-words",
        "draft-text", "title-list", "titel", "tag", "slug-upper", "slug-chinese", "cover-no-alt", "twice",
        "term-block-list", "term-flow-list"])
def test_front_matter_error(site_factory, text, expected):
    assert one_error(site_factory, text) == [expected]


def test_misspelt_taxonomy_field_suggests_the_taxonomy(site_factory):
    assert one_error(site_factory, article("title: 甲", "date: 2023-01-01", "venue: [学校]")) == [
        "content/articles/a.md:4: error: unknown field 'venue'; did you mean 'venues'?"]


@pytest.mark.parametrize("first", ["学校", "''"])
def test_bad_term_line_after_a_repeated_or_empty_term(site_factory, first):
    text = article("title: 甲", "date: 2023-01-01", "venues:", f"  - {first}", "  - 学校", "  - 医院")
    assert one_error(site_factory, text) == [
        f"content/articles/a.md:7: error: '医院' is not a term of 'venues'; allowed: {VENUES}"]


def test_duplicate_slug_names_both_files(site_factory):
    site = site_factory({A + "a.md": article("title: 甲", "date: 2023-01-01", "slug: same"),
                         A + "b.md": article("title: 乙", "summary: 摘要", "date: 2023-01-02", "slug: same")}, FAST_TOML)
    assert errors_of(site) == [
        "content/articles/a.md:4: error: duplicate slug 'same': also used by content/articles/b.md",
        "content/articles/b.md:5: error: duplicate slug 'same': also used by content/articles/a.md"]


def test_duplicate_default_slug_from_a_subfolder(site_factory):
    site = site_factory({A + "x.md": article("title: 甲", "date: 2023-01-01"),
                         A + "sub/x.md": article("title: 乙", "date: 2023-01-01")}, FAST_TOML)
    assert errors_of(site) == [
        "content/articles/sub/x.md:1: error: duplicate slug 'x': also used by content/articles/x.md",
        "content/articles/x.md:1: error: duplicate slug 'x': also used by content/articles/sub/x.md"]


def test_page_slug_taking_a_list_path_is_an_error(site_factory):
    site = site_factory({A + "a.md": article("title: 甲", "date: 2023-01-01"),
                         "content/pages/x.md": article("title: 冒名", "slug: articles", body="页面正文\n")}, FAST_TOML)
    errors = errors_of(site)
    assert [e for e in errors if e.startswith("content/pages/x.md:3: error: ")]


def test_many_errors_in_many_files_are_reported_at_once_sorted(site_factory):
    site = site_factory({
        A + "b.md": article("title: 乙", "date: 2023-01-01", "draft: 1"),
        A + "a.md": article("titel: 甲", "tags: [a]", "weight: 1", "date: 2023-02-30", "extra: 1",
                            "a: 1", "b: 2", "c: 3", "title: 甲", "slug: Bad"),  # line 11 sorts after 9
        "content/newz/x.md": article("title: 丙"),
    }, FAST_TOML)
    errors = errors_of(site)
    assert [e.split(": error: ")[0] for e in errors] == [
        "content/articles/a.md:2", "content/articles/a.md:5", "content/articles/a.md:6", "content/articles/a.md:7",
        "content/articles/a.md:8", "content/articles/a.md:9", "content/articles/a.md:11",
        "content/articles/b.md:4", "content/newz:1"]


def test_unknown_content_folder_lists_the_known_ones(site_factory):
    assert errors_of(site_factory({"content/newz/a.md": article("title: 甲")}, FAST_TOML)) == [
        "content/newz:1: error: unknown content folder 'newz' (known: articles, guides, events, campaigns, resources, quizzes, pages)"]


def test_misspelt_content_folder_suggests_the_nearest(site_factory):
    assert errors_of(site_factory({"content/artcles/a.md": article("title: 甲")}, FAST_TOML)) == [
        "content/artcles:1: error: unknown content folder 'artcles'; did you mean 'articles'? "
        "(known: articles, guides, events, campaigns, resources, quizzes, pages)"]


# --- slugs, bundles, drafts -----------------------------------------------------------

def test_chinese_file_name_gets_a_pinyin_slug(site_factory):
    result = build(site_factory({A + "寄递物流禁毒培训.md": article("title: 寄递物流禁毒培训", "date: 2023-01-01")}, FAST_TOML))
    assert "articles/ji-di-wu-liu-jin-du-pei-xun/index.html" in result.files
    assert not [f for f in result.files if "寄递" in f]


def test_bundle_publishes_its_files_beside_the_page(site_factory):
    jpeg = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(jpeg, "JPEG")
    site = site_factory({A + "b/index.md": article("title: 甲", "date: 2023-01-01", body="![红色方块](photo.jpg)\n"),
                         A + "b/photo.jpg": jpeg.getvalue(), A + "b/notes.pdf": b"\x00any bytes\xff"}, FAST_TOML)
    build(site)
    out = site / "public/articles/b"
    assert (out / "index.html").is_file()
    assert (out / "notes.pdf").read_bytes() == b"\x00any bytes\xff"
    with Image.open(out / "photo.jpg") as photo:
        assert (photo.format, photo.size) == ("JPEG", (40, 30))
    assert not (site / "public/articles/b/index.md").exists()


def test_damaged_image_in_a_bundle_is_an_error(site_factory):
    site = site_factory({A + "b/index.md": article("title: 甲", "date: 2023-01-01"),
                         A + "b/photo.jpg": b"not a jpeg"}, FAST_TOML)
    errors = errors_of(site)
    assert len(errors) == 1 and errors[0].startswith("content/articles/b/photo.jpg:1: error: not a readable image")


DRAFTS = {
    A + "draft.md": article("title: 草稿", "date: 2023-01-01", "draft: true"),
    A + "later.md": article("title: 明天", "date: 2024-07-02"),
    A + "later-today.md": article("title: 今天晚些", "date: 2024-07-01T09:00:00+08:00"),
    A + "today.md": article("title: 今天", "date: 2024-07-01"),
}


def test_drafts_and_scheduled_articles_are_left_out(site_factory):
    files = build(site_factory(DRAFTS, FAST_TOML)).files
    assert sorted(f for f in files if f.startswith("articles/") and f.count("/") == 2) == ["articles/today/index.html"]
    assert "草稿" not in files["articles/index.html"].decode()


def test_drafts_option_includes_drafts_and_scheduled_articles(site_factory):
    files = build(site_factory(DRAFTS, FAST_TOML), drafts=True).files
    assert sorted(f for f in files if f.startswith("articles/") and f.count("/") == 2) == [
        "articles/draft/index.html", "articles/later-today/index.html", "articles/later/index.html",
        "articles/today/index.html"]


def test_known_file_digests_spare_reading_unchanged_sources(site_factory, monkeypatch):
    import datetime as dt
    from pathlib import Path

    from sitegen.content.files import walk_site
    from sitegen.content.loading import load_content
    from sitegen.errors import Diagnostics
    
    site = site_factory({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-06-01\n---\n\n正文。\n",
                         "content/articles/b.md": "---\ntitle: 乙\ndate: 2024-06-02\n---\n\n正文。\n"})
    settings, _ = settings_of(site)
    now = dt.datetime(2024, 7, 1, tzinfo=dt.timezone.utc)
    cache: dict = {}
    first = load_content(site, settings, False, now, Diagnostics(), cache)
    (site / "content/articles/b.md").write_text("---\ntitle: 乙（改）\ndate: 2024-06-02\n---\n\n正文。\n")
    walk = walk_site(site)  # the build's one walk: it hashes every file, and the loader reads only changed ones
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    again = load_content(site, settings, False, now, Diagnostics(), cache, walk)
    assert read == ["b.md"]  # only the changed file is read again
    assert [i.front.title for i in again.items] == ["甲", "乙（改）"]
    assert again.items[0] is first.items[0]


@dataclasses.dataclass(frozen=True)
class Front:
    title: str
    date: dt.date
    tags: tuple[str, ...] = ()


def test_front_matter_type_hints_are_resolved_once_per_class(monkeypatch):
    """Resolving a class's hints was a third of the loading time per file: once per class now,
    and the items built are the same."""
    calls = []
    resolve = typing.get_type_hints
    monkeypatch.setattr(typing, "get_type_hints", lambda cls: calls.append(cls) or resolve(cls))
    problems: list = []
    made = [
        schema.build(Front, {"title": f"标题{i}", "date": "2024-06-26", "tags": ["进学校"]}, (),
                     lambda path: 1, lambda line, message: problems.append(message), ZoneInfo("Asia/Shanghai"))
        for i in range(3)
    ]
    assert calls == [Front] and not problems
    assert made == [Front(f"标题{i}", dt.date(2024, 6, 26), ("进学校",)) for i in range(3)]
