"""A content type defined outside the engine: a "volunteer" type (志愿者) registered through the
public API gets its pages, its list, its checks, search records, share cards, extra pages, its
place on the home page and in the menu, its own duplicate-slug message and `build.py new`; no
engine module names it, nor any built-in type."""

from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from conftest import BASIC_TOML, ROOT, build, errors_of
from sitegen.cli.main import main
from sitegen.content.model import CardText, CommonFront, ContentType, ExtraPage
from sitegen.errors import error
from sitegen.settings import default_share_cards
from sitegen.text.slugs import slugify
from sitegen.types import TYPES, register, unregister


@dataclass(frozen=True, kw_only=True)
class VolunteerFront(CommonFront):
    team: str = field()
    hours: int = 0  # hours of service this year
    skills: tuple[str, ...] = ()


CHECKED: list[list[str]] = []  # the kinds of the items each check was handed


def _check(volunteers, context, problems) -> None:
    CHECKED.append([item.kind.name for item in volunteers])
    problems += [
        error(item.source, item.line_of("hours"), "hours cannot be negative")
        for item in volunteers
        if item.front.hours < 0
    ]
    teams = context.slugs_of("article")  # another type's items, through the context
    problems += [
        error(item.source, item.line_of("slug"), "a volunteer may not take an article's slug")
        for item in volunteers
        if item.slug in teams
    ]


def _teams(site, volunteers) -> list[ExtraPage]:
    teams = dict.fromkeys(item.front.team for item in volunteers)
    pages = []
    for team in teams:
        path = f"volunteers/team/{slugify(team)}/"
        members = tuple(v for v in volunteers if v.front.team == team)
        pages.append(
            ExtraPage(
                path,
                "volunteer-team.html",
                {"team": team, "members": members, "canonical_path": path},
                team,
                "社区禁毒志愿服务",
            )
        )
    return pages


VOLUNTEER = ContentType(
    "volunteer",
    "volunteers",
    VolunteerFront,
    "volunteers/{slug}/",
    "volunteer.html",
    "志愿者风采",
    "志愿者",
    check=_check,
    extra_pages=_teams,
    search_text=lambda item: [item.front.team, *item.front.skills],
    card=lambda site, item: (
        CardText(item.front.title, "志愿者", figure=f"{item.front.hours}小时 志愿服务")
        if item.front.hours
        else None
    ),  # only volunteers who served get a card
    scaffold="---\ntitle: {title}\nteam: {team}\nhours: 0\n{taxonomies}draft: true\n---\n\n{title}的志愿服务。\n",
    new_fields=lambda site_dir, settings: ("", {"team": "金秋社区禁毒志愿服务队"}),
)

TEMPLATES = {
    "templates/volunteer.html": """\
        {% extends "item.html" %}
        {% block main %}<article class="entry"><h1>{{ item.front.title }}</h1>
        <p class="team">{{ item.front.team }}：{{ item.front.hours }} 小时</p>
        <div class="prose">{{ body.html | safe }}</div></article>{% endblock %}
        """,
    "templates/volunteer-team.html": """\
        {% extends "base.html" %}
        {% set og_page = canonical_path %}
        {% block main %}<h1>{{ team }}</h1>
        <ul>{% for member in members %}<li><a href="{{ site.url(member.path) }}">{{ member.front.title }}</a></li>{% endfor %}</ul>
        {% endblock %}
        """,
}
VOLUNTEERS = {
    "content/volunteers/zhang-wei.md": "---\ntitle: 张伟\nteam: 金秋社区禁毒志愿服务队\nhours: 120\n"
    "skills: [禁毒宣讲, 心理疏导]\n---\n退休教师，每周进校园宣讲。\n",
    "content/volunteers/li-na.md": "---\ntitle: 李娜\nteam: 金秋社区禁毒志愿服务队\n---\n刚加入志愿服务队。\n",
    "content/articles/a.md": "---\ntitle: 志愿者进社区\ndate: 2024-06-01\n---\n正文。\n",
}


@pytest.fixture
def volunteers():
    register(VOLUNTEER)
    CHECKED.clear()
    yield VOLUNTEER
    unregister(VOLUNTEER)


def test_no_engine_module_knows_the_volunteer_type():
    engine = [p for p in (ROOT / "sitegen").rglob("*.py")]
    assert not [p for p in engine if re.search("volunteer|志愿者", p.read_text(encoding="utf-8"))]
    assert "volunteer" not in TYPES.names()


# Strings in engine code that spell a built-in type's name or folder without meaning that type.
GENERIC = {
    ("sitegen/outputs/links.py", "page"): "a link's kind: a link to a page of the site",
    ("sitegen/markup/markdown.py", "page"): "a link's kind: a link to a page of the site",
    ("sitegen/settings.py", "page"): "the segment of a list's later pages, articles/page/2/",
    ("sitegen/outputs/search.py", "pages"): "Pagefind's folder of the pages it indexes",
    ("sitegen/build/state.py", "pages"): "the build cache's folder of rendered pages",
    ("sitegen/settings.py", '["article", "event"]'): "an example in a message (kept byte-identical)",
    ("sitegen/messages/zh.py", '["article", "event"]'): "the same example in its translation",
    ("sitegen/messages/zh.py", "'resource'"): "a guide material's field, in a message's translation",
    ("sitegen/messages/__init__.py", "pages"): "a message's placeholder, a number of pages",
}


def _strings_naming_types(path: Path, spellings: set[str]) -> list[tuple[int, str]]:
    """(line, spelling) of each string literal of the module that is a type's name or folder,
    or quotes one ("... such as ["article"]"); docstrings are prose and may give examples."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in docstrings:
            continue
        if node.value in spellings:
            found.append((node.lineno, node.value))
        for quoted in re.findall(r"\[[^]]*\]|\"[a-z]+\"|'[a-z]+'", node.value):
            if any(f'"{name}"' in quoted or f"'{name}'" in quoted for name in spellings):
                found.append((node.lineno, quoted))
    return found


def test_no_engine_module_names_a_built_in_type():
    """What a type needs is said in its own module (sitegen/types/), through ContentType: the rest
    of the engine works for any type, so adding one touches no engine module."""
    spellings = {kind.name for kind in TYPES} | {kind.folder for kind in TYPES}
    assert {"article", "guide", "page", "event", "campaign", "resource", "quiz", "quizzes"} <= spellings
    engine = ROOT / "sitegen"
    named = [
        f"{path.relative_to(ROOT)}:{line}: {spelling}"
        for path in sorted(engine.rglob("*.py"))
        if not path.is_relative_to(engine / "types")
        for line, spelling in _strings_naming_types(path, spellings)
        if (str(path.relative_to(ROOT)), spelling) not in GENERIC
    ]
    assert named == []


def test_the_scan_finds_a_type_named_in_code(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        '"""Docstrings may say "article"."""\n'
        'latest = sections.get("article", ())\n'
        "if kind.name == 'guide':\n"
        '    message = f"such as [\'quiz\'] for {kind}"\n'
        'label = "articles"\n',
        encoding="utf-8",
    )
    found = _strings_naming_types(module, {"article", "articles", "guide", "quiz"})
    assert sorted(found) == [(2, "article"), (3, "guide"), (4, "['quiz']"), (5, "articles")]


def test_a_registered_type_gets_pages_list_checks_search_cards_and_extra_pages(
    volunteers, site_factory, tmp_path, monkeypatch
):
    import sitegen.build.pipeline

    records: list[dict] = []
    monkeypatch.setattr(
        sitegen.build.pipeline, "build_index", lambda found, *rest: records.extend(found) or []
    )
    shared = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = ["article", "volunteer"]')
    site = site_factory({**VOLUNTEERS, **TEMPLATES}, shared)
    out = tmp_path / "out"
    build(site, out)

    page = (out / "volunteers/zhang-wei/index.html").read_text()
    assert "金秋社区禁毒志愿服务队：120 小时" in page and "退休教师" in page
    listing = (out / "volunteers/index.html").read_text()
    assert "张伟" in listing and "李娜" in listing and "志愿者风采" in listing
    team = (out / "volunteers/team" / slugify("金秋社区禁毒志愿服务队") / "index.html").read_text()
    assert '<a href="/sub/volunteers/zhang-wei/">张伟</a>' in team

    assert CHECKED == [["volunteer", "volunteer"]], "the type's check sees its own items only"

    by_url = {record["url"]: record for record in records}
    own = by_url["/sub/volunteers/zhang-wei/"]
    assert own["filters"]["type"] == ["志愿者"] and own["meta"]["type"] == "志愿者"
    assert "心 理 疏 导" in own["content"] and "服 务 队" in own["content"], "skills and team are searched"
    team_record = by_url[f"/sub/volunteers/team/{slugify('金秋社区禁毒志愿服务队')}/"]
    assert team_record["meta"] == {"title": "金秋社区禁毒志愿服务队", "type": "志愿者"}

    assert Image.open(out / "volunteers/zhang-wei/og.png").size == (1200, 630)
    assert not (out / "volunteers/li-na/og.png").exists(), "no hours, no card: the type said so"
    li_na = (out / "volunteers/li-na/index.html").read_text()
    assert '<meta property="og:image" content="https://example.org/sub/og.png">' in li_na
    assert '<meta property="og:image" content="https://example.org/sub/volunteers/zhang-wei/og.png">' in page
    assert (out / "volunteers/team" / slugify("金秋社区禁毒志愿服务队") / "og.png").is_file()


def test_a_registered_types_check_reports_path_and_line(volunteers, site_factory):
    site = site_factory(
        {**TEMPLATES, "content/volunteers/x.md": "---\ntitle: 王五\nteam: 队\nhours: -3\n---\n"}
    )
    assert errors_of(site) == ["content/volunteers/x.md:4: error: hours cannot be negative"]
    clash = site_factory(
        {**TEMPLATES, **VOLUNTEERS, "content/volunteers/b.md": "---\ntitle: 赵六\nteam: 队\nslug: a\n---\n"},
        name="clash",
    )
    assert errors_of(clash) == [
        "content/volunteers/b.md:4: error: a volunteer may not take an article's slug"
    ]


# The volunteer type again, now saying where its items appear beyond their section.
FEATURED = dataclasses.replace(
    VOLUNTEER,
    on_home=True,
    in_menu=True,
    cards_by_default=True,
    slug_clash=lambda item, other: f"{other.source} is already the volunteer at volunteers/{item.slug}/",
)


@pytest.fixture
def featured():
    register(FEATURED)
    yield FEATURED
    unregister(FEATURED)


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    return re.findall(r">([^<]+)</a>", nav.group()) if nav else []


def test_a_type_is_not_on_the_home_page_nor_in_the_menu_unless_it_says_so(volunteers, site_factory, tmp_path):
    out = tmp_path / "out"
    build(site_factory({**VOLUNTEERS, **TEMPLATES}), out)
    home = (out / "index.html").read_text()
    assert "张伟" not in home and _menu(home) == ["首页", "新闻动态", "志愿者风采"]
    assert not (out / "volunteers/zhang-wei/og.png").exists(), "no cards unless share_cards names it"
    assert "volunteer" not in default_share_cards()


def test_a_type_chooses_the_home_page_the_menu_and_cards_by_default(featured, site_factory, tmp_path):
    out = tmp_path / "out"
    build(site_factory({**VOLUNTEERS, **TEMPLATES}), out)
    home = (out / "index.html").read_text()
    latest = home[home.index('id="latest-heading"') :]
    assert re.findall(r'card-title"><a href="[^"]*">([^<]*)<', latest) == ["志愿者进社区", "张伟", "李娜"]
    assert _menu(home) == ["首页", "新闻动态", "志愿者风采", "张伟", "李娜"]
    assert Image.open(out / "volunteers/zhang-wei/og.png").size == (1200, 630), "share_cards not given"
    assert "volunteer" in default_share_cards() and "article" in default_share_cards()


def test_a_type_words_its_duplicate_slugs_and_reserves_its_folder(featured, site_factory):
    twin = "---\ntitle: 张伟\nteam: 队\nslug: zhang-wei\n---\n"
    site = site_factory({**VOLUNTEERS, **TEMPLATES, "content/volunteers/zhang-wei-2.md": twin})
    assert errors_of(site) == [
        "content/volunteers/zhang-wei-2.md:4: error: content/volunteers/zhang-wei.md is already "
        "the volunteer at volunteers/zhang-wei/",
        "content/volunteers/zhang-wei.md:1: error: content/volunteers/zhang-wei-2.md is already "
        "the volunteer at volunteers/zhang-wei/",
    ]
    taxonomy = site_factory({**VOLUNTEERS, **TEMPLATES}, BASIC_TOML + "[taxonomies.volunteers]\n", "taxonomy")
    assert errors_of(taxonomy) == [
        "site.toml:9: error: a taxonomy may not be named 'volunteers': its lists would replace the "
        "generator's own volunteers/ pages; choose another name"
    ]


def test_new_writes_the_types_scaffold_and_the_cached_build_keeps_the_type(volunteers, site_factory):
    site = site_factory({**VOLUNTEERS, **TEMPLATES})
    environ = {"SOURCE_DATE_EPOCH": "1719763200"}
    assert main(["new", "volunteer", "陈静", "--site", str(site), "--lang", "en"], environ) == 0
    written = site / "content/volunteers" / f"{slugify('陈静')}.md"
    assert "team: 金秋社区禁毒志愿服务队" in written.read_text(encoding="utf-8")
    # Built twice from the command line: the saved cache stores the type by name and finds it again.
    for _ in range(2):
        assert main(["build", "--site", str(site), "--drafts", "--quiet", "--lang", "en"], environ) == 0
    assert "陈静的志愿服务" in (site / "public/volunteers" / slugify("陈静") / "index.html").read_text()
    assert (Path(site) / ".cache/build/state.pickle").is_file()


def test_a_cache_that_holds_a_type_no_longer_registered_is_not_used(volunteers, site_factory):
    from sitegen.build.state import load_cache

    site = site_factory({**VOLUNTEERS, **TEMPLATES})
    assert main(["build", "--site", str(site), "--quiet", "--lang", "en"], {"SOURCE_DATE_EPOCH": "1719763200"}) == 0
    assert any(f.item and f.item.kind is VOLUNTEER for f in load_cache(site).loaded.values())
    unregister(VOLUNTEER)
    try:
        assert load_cache(site).loaded == {}, "a fresh cache, not an error"
    finally:
        register(VOLUNTEER)
