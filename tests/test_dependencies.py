"""A metadata edit re-renders only the pages that show that item; the sections a template reads
are found in its source. Cached output stays byte-identical to a fresh build."""
from __future__ import annotations

import random
import shutil
import time

import jinja2
import pytest

from conftest import BASIC_TOML, build, new_state
from sitegen.build.dependencies import EVERYTHING, _closure_keys

TOML = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = false\nsearch = false')
TAGS = ["禁毒宣传", "校园", "社区", "物流寄递", "新型毒品", "依托咪酯", "笑气", "禁毒社工", "宣传月", "6·26"]


def article(number: int) -> str:
    pick = random.Random(number)
    tags = ", ".join(sorted(set(pick.sample(TAGS, pick.randrange(1, 4))), key=TAGS.index))
    month, day = 1 + number % 12, 1 + number % 28
    return (f"---\ntitle: 第{number}篇禁毒工作动态\ndate: 2023-{month:02d}-{day:02d}\ntags: [{tags}]\n"
            f"venues: [学校]\n---\n全县第{number}次禁毒宣传活动顺利开展。\n\n群众踊跃参与，现场发放资料。\n")


def snapshot(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rendered(state) -> int:
    return state.cache.pages_rendered


@pytest.mark.slow
def test_a_title_edit_on_1000_articles_re_renders_fewer_than_30_pages(site_factory, tmp_path):
    site = site_factory({f"content/articles/a{n:04d}.md": article(n) for n in range(1000)}, TOML)
    state = new_state(site)
    out = tmp_path / "out"
    build(site, out, state=state, workers=2)
    total = rendered(state)
    assert total > 1000

    source = site / "content/articles/a0500.md"
    state.cache.pages_rendered = 0
    source.write_text(source.read_text(encoding="utf-8").replace("第500篇禁毒工作动态", "第500篇禁毒工作简报"),
                      encoding="utf-8")
    build(site, out, state=state, workers=2)
    title_edit = rendered(state)
    assert 0 < title_edit < 30, title_edit

    state.cache.pages_rendered = 0
    source.write_text(source.read_text(encoding="utf-8").replace("顺利开展", "圆满完成"), encoding="utf-8")
    build(site, out, state=state, workers=2)
    body_edit = rendered(state)
    assert 0 < body_edit < 30, body_edit
    print(f"\n1,000 articles: {total} pages cold, title edit {title_edit}, body edit {body_edit}")

    fresh = tmp_path / "fresh"
    shutil.rmtree(site / ".cache")
    build(site, fresh, state=new_state(site), workers=2)
    assert snapshot(out) == snapshot(fresh)


def test_an_edited_title_reaches_every_page_that_shows_it(site_factory, tmp_path):
    files = {f"content/articles/a{n}.md": article(n) for n in range(25)}
    files["content/events/launch.md"] = ("---\ntitle: 启动仪式\nstart: 2024-07-10T09:00:00+08:00\n"
                                         "location: 县广场\n---\n活动。\n")
    site = site_factory(files, TOML)
    state = new_state(site)
    out = tmp_path / "out"
    build(site, out, state=state)
    for name, old, new in (("articles/a7.md", "第7篇禁毒工作动态", "第七篇"), ("events/launch.md", "启动仪式", "启动大会")):
        path = site / "content" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        build(site, out, state=state)
        fresh = tmp_path / "fresh"
        build(site, fresh, state=new_state(site))
        assert snapshot(out) == snapshot(fresh), name
        shutil.rmtree(fresh)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "启动大会" in home  # the home page reads the events through `upcoming_events`


CAMPAIGN = """\
---
title: 禁毒宣传月
start: 2024-06-01
end: 2024-06-30
tasks:
  - area: 组织部署
    deadline: 2024-06-13
    task: 报送活动方案
    status: 已完成
    report: content/articles/a1.md
---
宣传月。
"""


def test_a_campaign_page_depends_on_the_addresses_of_its_reports_only(site_factory, tmp_path):
    files = {f"content/articles/a{n}.md": article(n) for n in range(1, 6)}
    site = site_factory({**files, "content/campaigns/month.md": CAMPAIGN}, TOML)
    state = new_state(site)
    out = tmp_path / "out"
    build(site, out, state=state)
    page = "campaigns/month/index.html"
    assert 'href="/sub/articles/a1/">工作报告' in (out / page).read_text(encoding="utf-8")
    before = state.cache.pages[page]
    other = site / "content/articles/a3.md"
    other.write_text(other.read_text(encoding="utf-8").replace("第3篇禁毒工作动态", "第三篇"), encoding="utf-8")
    build(site, out, state=state)
    assert state.cache.pages[page] is before, "another article's title is not on the campaign page"
    report = site / "content/articles/a1.md"
    report.write_text(report.read_text(encoding="utf-8").replace("---\ntitle", "---\nslug: work-plan\ntitle"),
                      encoding="utf-8")
    build(site, out, state=state)
    assert state.cache.pages[page] is not before
    assert 'href="/sub/articles/work-plan/">工作报告' in (out / page).read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    build(site, fresh, state=new_state(site))
    assert snapshot(out) == snapshot(fresh)


def closure_reads(templates: dict, helper_reads: dict | None = None) -> dict:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    return _closure_keys(env, templates, "all", helper_reads or {}).reads


def test_sections_read_by_templates_are_found_in_their_source():
    reads = closure_reads({
        "base.html": "{% for link in site.collections.menu %}{{ link }}{% endfor %}{% block body %}{% endblock %}",
        "event.html": "{% extends 'base.html' %}{% block body %}"
                      "{{ site.collections.sections.campaign | length }}{% endblock %}",
        "home.html": "{% extends 'base.html' %}{% block body %}{{ upcoming_events }}{% endblock %}",
        "odd.html": "{% include 'base.html' %}{{ site.content.items | length }}",
        "list.html": "{% for x in site.collections.lists %}{{ x }}{% endfor %}",
        "page.html": "{{ item.front.title }}",
        "get.html": "{{ site.collections.sections.get('event') }}",
    }, {"upcoming_events": ("event",)})
    assert reads["base.html"] == frozenset()  # the menu is site-wide state, in every page's key
    assert reads["event.html"] == {"campaign"}
    assert reads["home.html"] == {"event"}
    assert reads["odd.html"] == {EVERYTHING}
    assert reads["list.html"] == {EVERYTHING}
    assert reads["page.html"] == frozenset()
    assert reads["get.html"] == {EVERYTHING}


def test_a_computed_template_name_depends_on_everything():
    reads = closure_reads({"a.html": "{% include name %}", "b.html": "x"})
    assert reads == {"a.html": {EVERYTHING}, "b.html": {EVERYTHING}}


def test_values_that_compare_equal_have_equal_keys():
    """render/pages.py keeps a page's key when its context compares equal to the last build's;
    a field left out of comparing (a file's inode and times) is left out of the key too."""
    from sitegen.build.dependencies import value_key
    from sitegen.content.files import SourceFile

    hashed = SourceFile("content/a/x.pdf", "/site/content/a/x.pdf", 10, "ab" * 32, stamp=(1, 10, 5, 5))
    touched = SourceFile("content/a/x.pdf", "/site/content/a/x.pdf", 10, "ab" * 32, stamp=(2, 10, 9, 9))
    assert hashed == touched and value_key(hashed) == value_key(touched)
    assert value_key(hashed, {}) == value_key(touched, {}), "memoised, too"
    resized = SourceFile("content/a/x.pdf", "/site/content/a/x.pdf", 11, "cd" * 32)
    assert value_key(resized) != value_key(hashed)


def test_the_dev_servers_template_keys_follow_the_template_files_stamps(tmp_path, monkeypatch):
    from sitegen.build.dependencies import template_keys

    theme, own = tmp_path / "theme", tmp_path / "own"
    theme.mkdir()
    own.mkdir()
    (theme / "page.html").write_text("{{ item }}", encoding="utf-8")
    (theme / "base.html").write_text("base", encoding="utf-8")
    shared = jinja2.FileSystemLoader(str(theme))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(
        [jinja2.PrefixLoader({"theme": shared}), jinja2.FileSystemLoader(str(own)), shared]))
    seen: dict = {}
    first = template_keys(env, {}, {}, seen)
    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", lambda *a: pytest.fail("read again"))
    assert template_keys(env, {}, {}, seen) is first, "no file changed: no template is read"
    monkeypatch.undo()
    (own / "page.html").write_text("{{ item }} 本站", encoding="utf-8")  # an override, new
    overridden = template_keys(env, {}, {}, seen)
    assert overridden.sources["page.html"] != first.sources["page.html"]
    assert overridden.sources["base.html"] == first.sources["base.html"]
    time.sleep(0.02)  # the kernel's clock for file times ticks every few ms
    (own / "page.html").write_text("{{ item }} 改过", encoding="utf-8")  # same size, written again
    assert template_keys(env, {}, {}, seen).sources["page.html"] != overridden.sources["page.html"]
    (own / "page.html").unlink()
    assert template_keys(env, {}, {}, seen).sources["page.html"] == first.sources["page.html"]
    assert template_keys(env, {"upcoming": ("event",)}, {}, seen) is not first  # helpers' reads count too
