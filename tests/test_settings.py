"""site.toml: sitegen.settings.load_settings, its defaults and its exact error lines."""
from __future__ import annotations

from conftest import settings_of

from pathlib import Path

import pytest

from sitegen.settings import OTHER_LABELS, RECORD_LABELS, Program, Taxonomy

MINIMAL = 'title = "某县禁毒宣传教育"\nbase_url = "https://example.gov.cn/jdxc/"\n'


def load(tmp_path: Path, text: str):
    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    return settings_of(tmp_path)


def error_lines(tmp_path: Path, text: str) -> list[str]:
    settings, problems = load(tmp_path, text)
    assert settings is None
    return [str(p) for p in problems]


def test_minimal_site_toml_loads_without_problems(tmp_path):
    settings, problems = load(tmp_path, MINIMAL)
    assert problems == []
    assert settings.title == "某县禁毒宣传教育"
    assert settings.base_url == "https://example.gov.cn/jdxc/"


def test_defaults(tmp_path):
    settings, _ = load(tmp_path, MINIMAL)
    assert settings.language == "zh-CN"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.page_size == 10
    assert settings.is_chinese is True
    assert settings.taxonomies == ()
    assert settings.programs == ()
    assert settings.menu is None


def test_explicit_values_override_defaults(tmp_path):
    settings, problems = load(tmp_path, MINIMAL + 'language = "en"\ntimezone = "Europe/Paris"\npage_size = 3\n')
    assert problems == []
    assert (settings.language, settings.timezone, settings.page_size) == ("en", "Europe/Paris", 3)
    assert settings.is_chinese is False
    assert str(settings.zone) == "Europe/Paris"


def test_base_path_is_the_path_of_base_url(tmp_path):
    settings, _ = load(tmp_path, MINIMAL)
    assert settings.base_path == "/jdxc/"


def test_base_url_without_trailing_slash_gets_one(tmp_path):
    settings, problems = load(tmp_path, 'title = "t"\nbase_url = "https://example.gov.cn/jdxc"\n')
    assert problems == []
    assert settings.base_url == "https://example.gov.cn/jdxc/"
    assert settings.base_path == "/jdxc/"


def test_base_url_at_the_host_root(tmp_path):
    settings, _ = load(tmp_path, 'title = "t"\nbase_url = "https://example.gov.cn"\n')
    assert settings.base_url == "https://example.gov.cn/"
    assert settings.base_path == "/"


def test_base_url_override_replaces_the_file_value(tmp_path):
    (tmp_path / "site.toml").write_text(MINIMAL, encoding="utf-8")
    settings, problems = settings_of(tmp_path, "https://cdn.example.org/x")
    assert problems == []
    assert settings.base_url == "https://cdn.example.org/x/"
    assert settings.base_path == "/x/"


def test_relative_base_url_is_an_error(tmp_path):
    assert error_lines(tmp_path, 'title = "t"\nbase_url = "/jdxc/"\n') == [
        "site.toml:2: error: base_url must be an absolute http(s) URL, not '/jdxc/'"]


def test_unknown_top_level_key_suggests_the_nearest_and_names_its_line(tmp_path):
    text = MINIMAL + '\n# 说明\ntitel = "拼错了"\n'
    assert error_lines(tmp_path, text) == ["site.toml:5: error: unknown key 'titel'; did you mean 'title'?"]


def test_unknown_key_without_a_close_match_has_no_suggestion(tmp_path):
    assert error_lines(tmp_path, MINIMAL + 'xyzzy = 1\n') == ["site.toml:3: error: unknown key 'xyzzy'"]


def test_key_written_after_a_table_belongs_to_that_table(tmp_path):
    text = MINIMAL + '[taxonomies.tags]\npage_size = 2\n'
    assert error_lines(tmp_path, text) == ["site.toml:4: error: unknown key 'taxonomies.tags.page_size'"]


def test_unknown_key_inside_a_taxonomy_table(tmp_path):
    text = MINIMAL + '[taxonomies.venues]\nterm = ["学校"]\n'
    assert error_lines(tmp_path, text) == [
        "site.toml:4: error: unknown key 'taxonomies.venues.term'; did you mean 'terms'?"]


def test_unknown_key_in_the_second_programme_points_into_that_table(tmp_path):
    text = MINIMAL + '[programs.a]\ntitle = "甲"\n[programs.b]\ntitle = "乙"\ntitel = "丙"\n'
    assert error_lines(tmp_path, text) == [
        "site.toml:7: error: unknown key 'programs.b.titel'; did you mean 'title'?"]


def test_wrong_type_page_size_as_text(tmp_path):
    assert error_lines(tmp_path, MINIMAL + 'page_size = "10"\n') == [
        "site.toml:3: error: 'page_size' must be int, not str"]


def test_wrong_type_page_size_as_bool(tmp_path):
    assert error_lines(tmp_path, MINIMAL + 'page_size = true\n') == [
        "site.toml:3: error: 'page_size' must be int, not bool"]


def test_page_size_below_one(tmp_path):
    assert error_lines(tmp_path, MINIMAL + 'page_size = 0\n') == [
        "site.toml:3: error: page_size must be at least 1"]


def test_missing_title(tmp_path):
    assert error_lines(tmp_path, 'base_url = "https://example.gov.cn/"\n') == [
        "site.toml:1: error: missing required key 'title'"]


def test_missing_base_url(tmp_path):
    assert error_lines(tmp_path, 'title = "t"\n') == [
        "site.toml:1: error: missing required key 'base_url'"]


def test_several_problems_are_reported_together(tmp_path):
    lines = error_lines(tmp_path, 'base_url = "https://e.org/"\npage_size = "10"\n')
    assert sorted(lines) == ["site.toml:1: error: missing required key 'title'",
                             "site.toml:2: error: 'page_size' must be int, not str"]


def test_invalid_toml_reports_its_line(tmp_path):
    lines = error_lines(tmp_path, MINIMAL + 'page_size = 10\n[taxonomies.tags\n')
    assert len(lines) == 1
    assert lines[0].startswith("site.toml:4: error: invalid TOML: ")


def test_invalid_toml_value_reports_its_line(tmp_path):
    lines = error_lines(tmp_path, 'title = "t"\nbase_url = "https://e.org/"\n\n\npage_size = 1 0\n')
    assert len(lines) == 1
    assert lines[0].startswith("site.toml:5: error: invalid TOML: ")


def test_no_site_toml(tmp_path):
    settings, problems = settings_of(tmp_path)
    assert settings is None
    assert [(p.path, p.line) for p in problems] == [("site.toml", 1)]
    assert "no site.toml" in problems[0].message


def test_bad_timezone(tmp_path):
    assert error_lines(tmp_path, MINIMAL + 'timezone = "Asia/Beijing"\n') == [
        "site.toml:3: error: unknown time zone 'Asia/Beijing', for example 'Asia/Shanghai'"]


def test_utf8_bom_is_accepted(tmp_path):
    (tmp_path / "site.toml").write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    settings, problems = settings_of(tmp_path)
    assert problems == []
    assert settings.title == "某县禁毒宣传教育"


TAXONOMIES = MINIMAL + """\
[taxonomies.tags]
[taxonomies.venues]
terms = ["学校", "社区", "家庭"]
[taxonomies.audiences]
title = "对象"
terms = ["学生"]
"""


def test_closed_and_open_taxonomies(tmp_path):
    settings, problems = load(tmp_path, TAXONOMIES)
    assert problems == []
    assert settings.taxonomies == (
        Taxonomy("tags", "标签", None),
        Taxonomy("venues", "宣传阵地", ("学校", "社区", "家庭")),
        Taxonomy("audiences", "对象", ("学生",)),
    )
    assert settings.taxonomy("tags").terms is None
    assert settings.taxonomy("venues").terms == ("学校", "社区", "家庭")
    assert settings.taxonomy("nope") is None


def test_taxonomy_terms_must_be_non_empty_strings(tmp_path):
    assert error_lines(tmp_path, MINIMAL + '[taxonomies.venues]\nterms = ["学校", ""]\n') == [
        "site.toml:3: error: taxonomies.venues.terms must be non-empty strings"]


def test_taxonomy_name_must_be_a_slug(tmp_path):
    assert error_lines(tmp_path, MINIMAL + '[taxonomies.Tags]\n') == [
        "site.toml:3: error: taxonomy name 'Tags' must match [a-z0-9-]"]


PROGRAMS = MINIMAL + """\
[programs.students-five-ones]
title = "在校学生毒品预防教育“五个一”"
audience = "学生"
description = "每学期五项活动"

[programs.parents]
title = "家长课堂"
"""


def test_programmes_are_parsed_in_order(tmp_path):
    settings, problems = load(tmp_path, PROGRAMS)
    assert problems == []
    assert settings.programs == (
        Program("students-five-ones", "在校学生毒品预防教育“五个一”", "学生", "每学期五项活动", RECORD_LABELS["学生"]),
        Program("parents", "家长课堂", "", "", OTHER_LABELS),  # no audience: the workplace's labels
    )
    assert settings.program("parents").title == "家长课堂"
    assert settings.program("missing") is None


def test_bad_programme_slug(tmp_path):
    text = MINIMAL + '[programs.Five_Ones]\ntitle = "五个一"\n'
    assert error_lines(tmp_path, text) == ["site.toml:3: error: programme slug 'Five_Ones' must match [a-z0-9-]"]


BLANK_LINE_CASES = [
    (MINIMAL + '\n\ntitel = "x"\n', "site.toml:5: error: unknown key 'titel'; did you mean 'title'?"),
    (MINIMAL + '\npage_size = "10"\n', "site.toml:4: error: 'page_size' must be int, not str"),
    (MINIMAL + '\n[programs.Five_Ones]\ntitle = "五个一"\n',
     "site.toml:4: error: programme slug 'Five_Ones' must match [a-z0-9-]"),
    (MINIMAL + '[taxonomies.venues]\n\nterm = []\n',
     "site.toml:5: error: unknown key 'taxonomies.venues.term'; did you mean 'terms'?"),
]


@pytest.mark.parametrize("text, expected", BLANK_LINE_CASES)
def test_line_numbers_stay_right_after_blank_lines(tmp_path, text, expected):
    assert error_lines(tmp_path, text) == [expected]


def test_programme_without_title(tmp_path):
    text = MINIMAL + '[programs.parents]\naudience = "家长"\n'
    assert error_lines(tmp_path, text) == ["site.toml:3: error: programs.parents needs a title"]


def test_programme_value_of_the_wrong_type(tmp_path):
    text = MINIMAL + '[programs.parents]\ntitle = "家长课堂"\naudience = 3\n'
    assert error_lines(tmp_path, text) == ["site.toml:5: error: 'programs.parents.audience' must be str, not int"]
