"""A content type defined outside the engine: a "volunteer" type (志愿者) registered through the
public API gets its pages, its list, its checks, search records, share cards, extra pages and
`build.py new`, and no engine module names it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from conftest import BASIC_TOML, ROOT, build, errors_of
from sitegen.cli.main import main
from sitegen.content.model import CardText, CommonFront, ContentType, ExtraPage
from sitegen.errors import error
from sitegen.text.slugs import slugify
from sitegen.types import TYPES, register, unregister


@dataclass(frozen=True, kw_only=True)
class VolunteerFront(CommonFront):
    team: str = field()
    hours: int = 0  # hours of service this year
    skills: tuple[str, ...] = ()


CHECKED: list[list[str]] = []  # the kinds of the items each check was handed


def _check(volunteers, context) -> list:
    CHECKED.append([item.kind.name for item in volunteers])
    problems = [
        error(item.source, item.line_of("hours"), "hours cannot be negative")
        for item in volunteers
        if item.front.hours < 0
    ]
    teams = context.slugs_of("article")  # another type's items, through the context
    return problems + [
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
