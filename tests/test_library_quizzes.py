"""The resource library and knowledge quizzes: validation with exact path:line, stable file
names, static filter pages, quiz pages readable without JavaScript, scaffolds, settings.
(tests/invalid/library holds the full list of errors; these are one behaviour each.)"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import BASIC_TOML, build, copy_site, errors_of, settings_of
from sitegen.cli.main import main

LIBRARY = Path(__file__).parent / "golden/library/site"

QUIZ = """\
title: 小测试
audience: 学生
questions:
  - type: single
    question: 国际禁毒日是哪一天？
    options: [6月26日, 6月1日]
    answer: 6月26日
    explanation: 1987年联合国大会决定。
"""

RESOURCE = """\
---
title: 教案
kind: 教案
file: lesson.pdf
license: 自由使用
---
正文。
"""


def test_quiz_answer_that_is_not_an_option_points_at_its_line(site_factory):
    site = site_factory({"content/quizzes/q.yaml": QUIZ.replace("answer: 6月26日", "answer: 6月25日")})
    assert errors_of(site) == ["content/quizzes/q.yaml:7: error: answer '6月25日' of question 1 is not one "
                               "of its options: 6月26日, 6月1日"]


def test_quiz_duplicate_option_points_at_the_second_one(site_factory):
    quiz = QUIZ.replace("options: [6月26日, 6月1日]", "options:\n      - 6月26日\n      - 6月1日\n      - 6月1日")
    site = site_factory({"content/quizzes/q.yaml": quiz})
    assert errors_of(site) == ["content/quizzes/q.yaml:9: error: option '6月1日' of question 1 is given twice"]


def test_quiz_without_a_correct_answer(site_factory):
    site = site_factory({"content/quizzes/q.yaml": QUIZ.replace("    answer: 6月26日\n", "")})
    assert errors_of(site) == ["content/quizzes/q.yaml:4: error: question 1 has no correct answer: "
                               "add 'answer:' with the right option"]


def test_quiz_with_bad_yaml_names_the_line(site_factory):
    site = site_factory({"content/quizzes/q.yaml": QUIZ.replace("options: [6月26日, 6月1日]", "options: [6月26日, 6月1日")})
    [line] = errors_of(site)
    assert line.startswith("content/quizzes/q.yaml:7: error: invalid YAML in the quiz file:")


def test_quiz_in_another_format_is_refused(site_factory):
    site = site_factory({"content/quizzes/q.json": '{"title": "测试"}'})
    assert errors_of(site) == ["content/quizzes/q.json:1: error: a quiz is a YAML file such as "
                               "content/quizzes/<name>.yaml; nothing else belongs in content/quizzes/"]


def test_quiz_unknown_field_suggests_the_right_name(site_factory):
    site = site_factory({"content/quizzes/q.yaml": QUIZ.replace("explanation:", "explaination:")})
    assert errors_of(site) == [
        "content/quizzes/q.yaml:4: error: missing required field 'questions[0].explanation'",
        "content/quizzes/q.yaml:8: error: unknown field 'questions[0].explaination'; did you mean 'explanation'?"]


def test_true_false_answers_may_be_yaml_booleans(site_factory, tmp_path):
    quiz = QUIZ + "  - type: truefalse\n    question: 禁毒是全社会的共同责任。\n    answer: true\n    explanation: 第三条。\n"
    site = site_factory({"content/quizzes/q.yaml": quiz})
    build(site, tmp_path / "out")
    page = (tmp_path / "out/quizzes/q/index.html").read_text()
    assert re.search(r'<input type="radio" name="q2" id="q2-1" value="1" data-correct="">\s*<label for="q2-1">对</label>', page)
    assert answer_keys(page)[-1] == "对"


def test_quiz_page_keeps_answers_readable_and_has_no_inline_script_or_style(tmp_path):
    build(copy_site(LIBRARY, tmp_path / "site"), tmp_path / "out")
    page = (tmp_path / "out/quizzes/pupils/index.html").read_text()
    assert page.count("<fieldset>") == 3 and page.count('<details class="answer">') == 3
    assert page.count("data-correct") == 4, "one right option, two right options, and 对"
    assert answer_keys(page) == ["A. 6月26日", "A. 海洛因、B. 冰毒", "对"]
    assert '<span data-option="2"><span class="mark">B.</span> 冰毒</span>' in page, "the quiz script reletters it"
    assert "依据：《中华人民共和国禁毒法》第二条" in page
    assert "<p>共三题，答完看得分。</p>" in page, "the intro is Markdown, Chinese lines joined"
    for new_page in ("quizzes/pupils/index.html", "resources/index.html", "resources/lesson/index.html"):
        html = (tmp_path / "out" / new_page).read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\sstyle=|\son[a-z]+=", html), new_page
    listing = (tmp_path / "out/quizzes/index.html").read_text()
    assert 'href="/jdxc/quizzes/pupils/"' in listing


def test_resource_files_keep_stable_names_beside_their_page(tmp_path):
    build(copy_site(LIBRARY, tmp_path / "site"), tmp_path / "out")
    for slug, name in (("lesson", "lesson.pdf"), ("chime", "chime.wav"), ("poster", "poster.svg")):
        published = tmp_path / "out/resources" / slug / name
        assert published.read_bytes() == (LIBRARY / "content/resources" / slug / name).read_bytes()
    lesson = (tmp_path / "out/resources/lesson/index.html").read_text()
    assert 'href="/jdxc/resources/lesson/lesson.pdf" download' in lesson
    assert '<iframe class="pdf-preview" src="/jdxc/resources/lesson/lesson.pdf" title="一堂禁毒课教案（PDF 预览）"' in lesson
    assert '<audio controls preload="metadata" src="/jdxc/resources/chime/chime.wav"' in \
        (tmp_path / "out/resources/chime/index.html").read_text()
    assert '<img src="/jdxc/resources/poster/poster.svg" alt="绿色海报，写着禁种、禁制、禁贩、禁吸">' in \
        (tmp_path / "out/resources/poster/index.html").read_text()
    assert "用于以下活动" in lesson and 'href="/jdxc/guides/lesson/"' in lesson


def test_static_filter_pages_list_exactly_the_matching_resources(tmp_path):
    build(copy_site(LIBRARY, tmp_path / "site"), tmp_path / "out")
    out = tmp_path / "out"

    def titles(path: str) -> list[str]:
        return re.findall(r'<h2 class="card-title"><a [^>]+>([^<]+)</a>', (out / path).read_text())

    assert titles("resources/kind/jiao-an/index.html") == ["一堂禁毒课教案"]
    assert titles("resources/audience/jiao-shi/index.html") == ["一堂禁毒课教案", "校园广播提示音"]
    pupils = titles("resources/audience/xue-sheng/index.html") + titles("resources/audience/xue-sheng/page/2/index.html")
    assert sorted(pupils) == sorted(["“四禁”海报", "校园广播提示音", "青骄第二课堂"])
    assert titles("resources/grade/zhong-zhi/index.html") == ["青骄第二课堂"]
    index = (out / "resources/index.html").read_text()
    assert 'id="resource-filter"' not in index, "the in-page filter only where the whole library is on the page"
    kind_page = (out / "resources/kind/jiao-an/index.html").read_text()
    assert 'href="/jdxc/resources/kind/jiao-an/" aria-current="page"' in kind_page
    assert 'id="resource-filter" hidden' in kind_page
    assert 'data-kind="jiao-an" data-audience="jiao-shi" data-grade="xiao-xue chu-zhong gao-zhong"' in kind_page
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://example.gov.cn/jdxc/resources/kind/jiao-an/</loc>" in sitemap
    assert "<loc>https://example.gov.cn/jdxc/quizzes/pupils/</loc>" in sitemap


def test_resource_file_over_the_size_limit(site_factory):
    site = site_factory({"content/resources/lesson.md": RESOURCE, "content/resources/lesson.pdf": b"0" * (2 * 1024 * 1024)},
                        toml=BASIC_TOML.replace('[taxonomies.tags]', 'max_attachment_mb = 1\n\n[taxonomies.tags]'))
    assert errors_of(site) == ["content/resources/lesson.md:4: error: resource file 'lesson.pdf' is 2.0 MB, more than "
                               "max_attachment_mb = 1 in site.toml: compress it, or publish it elsewhere and give its 'url'"]


def test_missing_resource_file_and_unknown_kind(site_factory):
    site = site_factory({"content/resources/lesson.md": RESOURCE.replace("kind: 教案", "kind: 课建")})
    assert errors_of(site) == [
        "content/resources/lesson.md:3: error: unknown kind '课建'; did you mean '课件'? (allowed: 课件, 教案, 教程, "
        "视频, 案例, 图片, 动画, 海报, 广告, 歌曲, 音频, 宣传册, 其他)",
        "content/resources/lesson.md:4: error: resource file 'lesson.pdf' not found beside content/resources/lesson.md"]


def test_guide_material_names_an_unknown_resource(site_factory):
    guide = """\
    ---
    title: 上好一堂禁毒课
    program: p
    order: 1
    materials:
      - title: 教案
        resource: lesson-plan
    ---
    """
    site = site_factory({"content/resources/lesson.md": RESOURCE, "content/resources/lesson.pdf": b"%PDF-1.4\n",
                         "content/guides/g.md": guide}, toml=BASIC_TOML + '[programs.p]\ntitle = "项目"\n')
    assert errors_of(site) == ["content/guides/g.md:7: error: no resource with slug 'lesson-plan'; "
                               "did you mean 'lesson'? (known: lesson)"]


def test_max_attachment_mb_defaults_to_20_and_must_be_a_positive_whole_number(site_factory):
    site = site_factory({})
    assert settings_of(site)[0].max_attachment_mb == 20
    (site / "site.toml").write_text('title = "t"\nbase_url = "https://example.org/"\nmax_attachment_mb = "big"\n',
                                    encoding="utf-8")
    assert [str(p) for p in settings_of(site)[1]] == ["site.toml:3: error: 'max_attachment_mb' must be int, not str"]
    (site / "site.toml").write_text('title = "t"\nbase_url = "https://example.org/"\nmax_attachment_mb = 0\n',
                                    encoding="utf-8")
    assert [str(p) for p in settings_of(site)[1]] == ["site.toml:3: error: max_attachment_mb must be at least 1"]


@pytest.mark.parametrize("kind, name", [("resource", "content/resources/jin-du-ke-jian.md"),
                                        ("quiz", "content/quizzes/jin-du-ke-jian.yaml")])
def test_new_makes_a_valid_draft(kind, name, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(LIBRARY, site)
    assert main(["new", kind, "禁毒课件", "--site", str(site)], {"SOURCE_DATE_EPOCH": "1719763200"}) == 0
    assert capsys.readouterr().out.strip() == name
    text = (site / name).read_text(encoding="utf-8")
    assert "title: 禁毒课件" in text and "draft: true" in text
    assert main(["check", "--drafts", "--site", str(site), "--now", "2024-07-01T00:00:00+08:00"], {}) == 0


def test_written_out_slugs_of_kinds_and_grades_are_their_pinyin():
    from sitegen.text.slugs import slugify
    from sitegen.types.resources import GRADES, KINDS

    assert {name: slugify(name) for name in {**KINDS, **GRADES}} == {**KINDS, **GRADES}


def test_search_records_hold_resource_kinds_and_quiz_questions(tmp_path, monkeypatch):
    import sitegen.build.pipeline

    captured = []
    monkeypatch.setattr(sitegen.build.pipeline, "build_index", lambda records, *rest: captured.extend(records) or [])
    build(copy_site(LIBRARY, tmp_path / "site"), tmp_path / "out")
    by_url = {record["url"]: record for record in captured}
    quiz = by_url["/jdxc/quizzes/pupils/"]
    assert quiz["filters"]["type"] == ["知识测试"] and "国 际 禁 毒 日 是 哪 一 天" in quiz["content"]
    assert by_url["/jdxc/resources/lesson/"]["filters"] == {"type": ["资源"], "audiences": ["教师"]}
    assert "音 频" in by_url["/jdxc/resources/chime/"]["content"], "the kind is only in the front matter"


def test_video_gets_its_captions_track_and_a_warning_without_one(site_factory, tmp_path):
    video = RESOURCE.replace("kind: 教案", "kind: 视频").replace("file: lesson.pdf", "file: film.mp4")
    site = site_factory({"content/resources/film/index.md": video.replace("license:", "captions: film.vtt\nlicense:"),
                         "content/resources/film/film.mp4": b"\x00\x00\x00\x18ftypmp42",
                         "content/resources/film/film.vtt": "WEBVTT\n",
                         "content/resources/plain/index.md": video,
                         "content/resources/plain/film.mp4": b"\x00\x00\x00\x18ftypmp42"})
    result = build(site, tmp_path / "out")
    assert [str(p) for p in result.warnings] == [
        "content/resources/plain/index.md:4: warning: video 'film.mp4' has no captions: add 'captions: <name>.vtt' "
        "(WebVTT subtitles) so that deaf readers can follow it"]
    page = (tmp_path / "out/resources/film/index.html").read_text()
    assert '<video controls preload="metadata" src="/sub/resources/film/film.mp4"' in page
    assert '<track kind="captions" srclang="zh" label="中文字幕" src="/sub/resources/film/film.vtt" default>' in page
    missing = site_factory({"content/resources/film/index.md": video.replace("license:", "captions: film.vtt\nlicense:"),
                            "content/resources/film/film.mp4": b"\x00\x00\x00\x18ftypmp42"}, name="missing")
    assert errors_of(missing) == ["content/resources/film/index.md:5: error: captions file 'film.vtt' not found "
                                  "beside content/resources/film/index.md"]


def test_a_file_name_with_a_backslash_or_nul_is_an_error_not_a_crash(site_factory):
    site = site_factory({"content/resources/lesson.md": RESOURCE.replace("file: lesson.pdf", 'file: "..\\\\x\\0.pdf"')})
    assert errors_of(site) == ["content/resources/lesson.md:4: error: file '..\\\\x\\x00.pdf' must be a path such as "
                               "'lesson.pdf'",
                               "content/resources/lesson.md:4: error: the text holds the invisible control character "
                               "U+0000; delete it (retype the line)"]


def answer_keys(page: str) -> list[str]:
    """The text of each "正确答案" line, tags removed."""
    return [re.sub(r"<[^>]+>", "", key) for key in re.findall(r"<strong>正确答案：</strong>(.*?)</p>", page)]
