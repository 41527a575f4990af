"""The record sheet of a guide (活动记录表): its labels come from the programme's audience, then
[programs.<slug>.record_labels] in site.toml, then the guide's own record_labels; a wrong key
is a site.toml error that names its line. Printed internal links get the host from a generated
stylesheet."""
from __future__ import annotations

import re

from conftest import BASIC_TOML, build, errors_of

GUIDE = """\
---
title: {title}
program: {program}
order: {order}
record_form: true
{extra}---

正文。
"""

PROGRAMS = """
[programs.pupils]
title = "学生五个一"
audience = "学生"

[programs.officials]
title = "公职人员五个一"
audience = "公职人员"

[programs.workers]
title = "寄递从业人员培训"
audience = "寄递物流从业人员"
"""


def labels(html: str) -> list[str]:
    sheet = html[html.index('<section class="record-sheet"'):]
    sheet = sheet[:sheet.index("</section>")]
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", sheet)] + re.findall(
        r'<th scope="row">(.*?)</th>', sheet)


def guide(program: str, extra: str = "", title: str = "活动", order: int = 1) -> str:
    return GUIDE.format(title=title, program=program, extra=extra, order=order)


def test_labels_follow_the_audience_of_the_programme(site_factory, tmp_path):
    site = site_factory({"content/guides/a.md": guide("pupils"), "content/guides/b.md": guide("officials"),
                         "content/guides/c.md": guide("workers")}, BASIC_TOML + PROGRAMS)
    build(site, tmp_path / "out")
    pupils, officials, workers = (labels((tmp_path / f"out/guides/{slug}/index.html").read_text())
                                  for slug in "abc")
    assert pupils == ["活动记录表", "活动日期", "班级", "组织教师", "参加人数", "活动内容", "活动反思"]
    assert officials == ["活动记录表", "活动日期", "组织单位", "组织人", "参加人员", "活动内容", "学习体会"]
    assert workers == ["活动记录表", "活动日期", "所在单位", "负责人", "参加人数", "活动内容", "活动体会"]
    officials_page = (tmp_path / "out/guides/b/index.html").read_text()
    assert "组织教师" not in officials_page and "班级" not in officials_page


def test_site_toml_and_front_matter_set_labels_over_the_audience(site_factory, tmp_path):
    toml = BASIC_TOML + PROGRAMS.replace('audience = "公职人员"\n', 'audience = "公职人员"\n'
                                         '[programs.officials.record_labels]\n'
                                         'group = "参训单位（科室）"\ntitle = "培训签到记录表"\n')
    site = site_factory({"content/guides/b.md": guide("officials"),
                         "content/guides/c.md": guide("officials", "record_labels:\n  group: 党支部\n"
                                                      "  reflection: 心得体会\n", title="另一项", order=2)}, toml)
    build(site, tmp_path / "out")
    assert labels((tmp_path / "out/guides/b/index.html").read_text()) == [
        "培训签到记录表", "活动日期", "参训单位（科室）", "组织人", "参加人员", "活动内容", "学习体会"]
    assert labels((tmp_path / "out/guides/c/index.html").read_text()) == [
        "培训签到记录表", "活动日期", "党支部", "组织人", "参加人员", "活动内容", "心得体会"]


def test_a_wrong_label_key_is_an_error_with_its_line(site_factory):
    toml = BASIC_TOML + PROGRAMS + "\n[programs.pupils.record_labels]\ngroupe = \"年级\"\nleader = 3\n"
    site = site_factory({"content/guides/a.md": guide("pupils")}, toml)
    line = toml.splitlines().index('groupe = "年级"') + 1
    assert errors_of(site) == [
        f"site.toml:{line}: error: unknown key 'programs.pupils.record_labels.groupe'; did you mean 'group'?",
        f"site.toml:{line + 1}: error: 'programs.pupils.record_labels.leader' must be str, not int",
    ]
    site = site_factory({"content/guides/a.md": guide("pupils", "record_labels:\n  leeder: 班主任\n")},
                        BASIC_TOML + PROGRAMS, name="front")
    assert errors_of(site) == [
        "content/guides/a.md:7: error: unknown field 'record_labels.leeder'; did you mean 'leader'?"]


def test_printed_internal_links_get_the_host_of_base_url(site_factory, tmp_path):
    site = site_factory({"content/guides/a.md": guide("pupils")}, BASIC_TOML + PROGRAMS)
    build(site, tmp_path / "out")
    page = (tmp_path / "out/guides/a/index.html").read_text()
    href = re.search(r'<link rel="stylesheet" href="/sub/(assets/css/site-origin\.[0-9a-f]+\.css)" media="print">',
                     page)
    assert href, "every page links the origin sheet for print"
    assert (tmp_path / "out" / href.group(1)).read_text() == ':root{--site-origin:"https://example.org"}'
    build(site, tmp_path / "other", base_url="http://127.0.0.1:8000/x/")
    other = (tmp_path / "other/guides/a/index.html").read_text()
    name = re.search(r'href="/x/(assets/css/site-origin\.[0-9a-f]+\.css)"', other).group(1)
    assert (tmp_path / "other" / name).read_text() == ':root{--site-origin:"http://127.0.0.1:8000"}'
