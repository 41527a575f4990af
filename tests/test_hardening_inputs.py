"""Issue 16, inputs: settings and the command line validated before use, and every traceback
case of the red-team pass (huge integers, years 1 and 9999, non-UTF-8 files, a full or
read-only .cache ...) answered with a message and an exit status."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BASIC_TOML, errors_of, write_site, settings_of
from sitegen.cli.main import main
from sitegen.settings import base_url_problem, reserved_names
from sitegen.types import TYPES

ARTICLE = "---\ntitle: 文章\ndate: 2024-01-01\n---\n正文。\n"
NOW = "2024-07-01T00:00:00+08:00"
HUGE = "9" * 5000


def cli(capsys, *argv, environ=None):
    code = main(list(argv) + ["--lang", "en"], environ if environ is not None else {})
    return code, capsys.readouterr().err


def a_site(tmp_path, files=None, toml=BASIC_TOML) -> Path:
    return write_site(tmp_path / "site", {"content/articles/a.md": ARTICLE, **(files or {})}, toml)


# --- the command line -------------------------------------------------------------------

@pytest.mark.parametrize("url, says", [
    ("example.org/x", "absolute http(s) URL"),
    ("https://example.org/a/../../x/", "'..'"),
    ("https://example.org/a/%2e%2e/x/", "'..'"),
    ("https://example.org//x/", "'//'"),
    ("https://example.org/a\r\nX-Injected: 1/", "line breaks"),
    ("https://example.org/a b/", "spaces"),
    ("https://example.org\\@evil.example/", "\\"),
    ("https://user:pw@example.org/", "user name"),
    ("https://example.org/?q=1", "query"),
    ("javascript:alert(1)//", "absolute http(s) URL"),
])
def test_a_bad_base_url_option_is_a_usage_error(tmp_path, capsys, url, says):
    site = a_site(tmp_path)
    code, err = cli(capsys, "build", "--site", str(site), "--base-url", url, "--now", NOW)
    assert code == 2 and err.startswith("build.py: error: --base-url: ") and says in err, err
    assert not (site / "public").exists()
    assert base_url_problem(url) is not None


@pytest.mark.parametrize("url", ["https://example.gov.cn/jdxc/", "http://localhost:8000/", "https://例子.中国/禁毒/"])
def test_good_base_urls_pass(url):
    assert base_url_problem(url) is None


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59", "0001-01-01T00:00:00", "1969-12-31T23:00:00+00:00",
                                 "9000-01-01T00:00:00+00:00"])
def test_now_out_of_range_is_a_usage_error(tmp_path, capsys, now):
    code, err = cli(capsys, "build", "--site", str(a_site(tmp_path)), "--now", now)
    assert code == 2 and "--now must lie between the years 1970 and 8999" in err


@pytest.mark.parametrize("epoch", ["99999999999999999", HUGE, "-5", "1e9", "١٢٣", "221845392000"])
def test_source_date_epoch_out_of_range_is_a_usage_error(tmp_path, capsys, epoch):
    code, err = cli(capsys, "build", "--site", str(a_site(tmp_path)), environ={"SOURCE_DATE_EPOCH": epoch})
    assert code == 2 and "SOURCE_DATE_EPOCH must be a whole number of seconds" in err and len(err) < 300


# --- site.toml ---------------------------------------------------------------------------

def toml_errors(tmp_path, toml: str) -> list[str]:
    settings, problems = settings_of(write_site(tmp_path / "s", {}, toml))
    assert settings is None
    return [str(p) for p in problems]


@pytest.mark.parametrize("language", ["--help", "-x", "zh CN", "zh-CN\n", "", "zh_CN", "../x"])
def test_language_must_be_a_language_tag(tmp_path, language):
    toml = BASIC_TOML.replace("base_url = ", f"language = {json.dumps(language)}\nbase_url = ", 1)
    errors = toml_errors(tmp_path, toml)
    assert any(": error: language must be a language tag" in e and e.startswith("site.toml:") for e in errors), errors


@pytest.mark.parametrize("language", ["zh-CN", "en", "zh-Hans-CN", "bo"])
def test_language_tags_pass(tmp_path, language):
    toml = BASIC_TOML.replace("base_url = ", f'language = "{language}"\nbase_url = ', 1)
    settings, problems = settings_of(write_site(tmp_path / "s", {}, toml))
    assert settings is not None and settings.language == language


@pytest.mark.parametrize("base_url", ["https://example.org/a/../b/", "https://example.org/a\\r\\nX: y/",
                                      "example.org/sub/"])
def test_base_url_in_site_toml_is_checked_with_its_line(tmp_path, base_url):
    toml = BASIC_TOML.replace('"https://example.org/sub/"', f'"{base_url}"')
    assert any(e.startswith("site.toml:2: error: base_url") for e in toml_errors(tmp_path, toml))


def test_a_taxonomy_may_not_replace_a_generated_section(tmp_path):
    errors = toml_errors(tmp_path, BASIC_TOML + "[taxonomies.articles]\n")
    assert errors == ["site.toml:9: error: a taxonomy may not be named 'articles': its lists would replace "
                      "the generator's own articles/ pages; choose another name"]


def test_every_section_folder_is_reserved():
    sections = {kind.url.split("/")[0] for kind in TYPES} | {kind.folder for kind in TYPES}
    assert sections - {"{slug}"} <= reserved_names()


def test_a_number_of_thousands_of_digits_in_site_toml(tmp_path):
    assert toml_errors(tmp_path, BASIC_TOML + f"page_size = {HUGE}\n") == [
        "site.toml:9: error: a number with thousands of digits; write a sensible number"]


def test_site_toml_not_utf8(tmp_path):
    site = write_site(tmp_path / "s", {})
    (site / "site.toml").write_bytes(BASIC_TOML.encode() + "note = '禁毒'\n".encode("gbk"))
    errors = [str(p) for p in settings_of(site)[1]]
    assert errors and errors[0].startswith("site.toml:9: error: the file is not UTF-8 text")


# --- content -----------------------------------------------------------------------------

@pytest.mark.parametrize("files, expected", [
    ({"content/articles/b.md": f"---\ntitle: 文\nweight: {HUGE}\n---\n"}, "content/articles/b.md:3: error: invalid "
     "YAML in front matter: a number of 5,000 characters"),
    ({"content/articles/b.md": f"---\ntitle: 文\nweight: 1.{HUGE}\n---\n"}, "content/articles/b.md:3: error: invalid "
     "YAML in front matter: a number of 5,002 characters"),
    ({"content/events/e.md": "---\ntitle: 活动\nstart: 9999-12-31T23:00\n---\n"},
     "content/events/e.md:3: error: date '9999-12-31T23:00' for 'start' is out of range: years 1000 to 8999"),
    ({"content/events/e.md": "---\ntitle: 活动\nstart: 0001-01-01\n---\n"},
     "content/events/e.md:3: error: date '0001-01-01' for 'start' is out of range"),
    ({"content/events/e.md": "---\ntitle: 活动\nstart: 2024-06-26\nend: 9999-12-31\n---\n"},
     "content/events/e.md:4: error: date '9999-12-31' for 'end' is out of range"),
    ({"content/articles/b.md": "---\ntitle: 文\ndate: 9999-12-31\n---\n"},
     "content/articles/b.md:3: error: date '9999-12-31' for 'date' is out of range"),
    ({"content/articles/b.md": '---\ntitle: 文\ndate: 2024-01-01\nslug: "abc\\n"\n---\n'},
     "content/articles/b.md:4: error: "),
    ({"content/quizzes/q.yaml": "title: 测\naudience: 学生\nquestions:\n  - type: single\n    question: 问\n"
      f"    options: [{', '.join(f'o{i}' for i in range(1, 28))}]\n    answer: o27\n    explanation: 因为\n"},
     "content/quizzes/q.yaml:6: error: question 1 has 27 options; at most 26 (A to Z) are possible"),
    ({"content/quizzes/q.yaml": f"title: 测\naudience: 学生\nquestions:\n  - type: single\n    question: 问\n"
      f"    options: [a, b]\n    answer: {HUGE}\n    explanation: 因为\n"},
     "content/quizzes/q.yaml:7: error: invalid YAML in the quiz file: a number of 5,000 characters"),
    ({"templates/article.html": '{% extends "theme/base.html" %}\n'.encode() + "{# 说明 #}\n".encode("gbk")},
     "templates/article.html:2: error: the file is not UTF-8 text; it looks like GBK/GB18030"),
    ({"assets/css/site.css": "body {}\n/* 禁毒 */\n".encode("gbk")},
     "assets/css/site.css:2: error: the file is not UTF-8 text"),
    ({"data/search-words.txt": "冰毒 甲基苯丙胺\n".encode("gbk")},
     "data/search-words.txt:1: error: the file is not UTF-8 text"),
])
def test_each_traceback_case_is_a_located_error(tmp_path, files, expected):
    site = a_site(tmp_path, files)
    errors = errors_of(site, drafts=True)
    assert any(e.startswith(expected) for e in errors), errors


def test_a_slug_with_a_newline_is_refused(tmp_path):
    site = a_site(tmp_path, {"content/articles/b.md": '---\ntitle: 文\ndate: 2024-01-01\nslug: "abc\\n"\n---\n'})
    assert any("slug" in e for e in errors_of(site))


# --- the cache folder ----------------------------------------------------------------------

def test_a_cache_that_is_a_file_is_a_message(tmp_path, capsys):
    site = a_site(tmp_path)
    (site / ".cache").write_text("x")
    code, err = cli(capsys, "build", "--site", str(site), "--now", NOW, "--quiet")
    assert code == 1 and "Traceback" not in err
    assert err.startswith(".cache/") and ":1: error: could not read or write this file: Not a directory" in err


@pytest.fixture
def cache_disk(tmp_path):
    site = a_site(tmp_path)
    folder = site / ".cache"
    folder.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                                                   capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("mounting a tmpfs needs root with CAP_SYS_ADMIN")
    yield site
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_cache_disk_is_a_message(cache_disk, capsys):
    with open(cache_disk / ".cache/fill", "wb") as fill:
        try:
            fill.write(b"\0" * 400_000)
        except OSError:
            pass
    code, err = cli(capsys, "build", "--site", str(cache_disk), "--now", NOW, "--quiet")
    assert code == 1 and "Traceback" not in err and "No space left on device" in err, err


def test_a_read_only_cache_disk_is_a_message(cache_disk, capsys):
    subprocess.run(["mount", "-o", "remount,ro", str(cache_disk / ".cache")], check=True)
    code, err = cli(capsys, "build", "--site", str(cache_disk), "--now", NOW, "--quiet")
    assert code == 1 and "Traceback" not in err and "Read-only file system" in err, err
