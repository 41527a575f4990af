"""Messages in the site's language: every message the fixture sites produce has Chinese text,
the catalog's templates are consistent, and --lang picks the language."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.cli.main import main
from sitegen.messages import find_template, shown_line, translate
from sitegen.messages.zh import MESSAGES
from test_odd_sites import ODD_SITES, make

INVALID = Path(__file__).parent / "invalid"
LINE = re.compile(r"^.+?:\d+: (error|warning): (?P<message>.*)$")
NOW = "2024-07-01T00:00:00+08:00"


def english_messages(site: Path, tmp_path: Path, capsys) -> list[str]:
    for command in (["build", "--out", str(tmp_path / "out")], ["check"]):
        main(command + ["--site", str(site), "--now", NOW, "--lang", "en"], {})
    captured = capsys.readouterr()
    messages = [LINE.match(line)["message"] for line in captured.err.splitlines() if LINE.match(line)]
    messages += [line.removeprefix("build.py: error: ") for line in captured.err.splitlines()
                 if line.startswith("build.py: error: ")]
    return messages + captured.out.splitlines()


def untranslated(messages: list[str]) -> list[str]:
    return [m for m in messages if find_template(m) is None and translate(m, "zh-CN") == m]


@pytest.mark.parametrize("case", sorted(p.name for p in INVALID.iterdir() if (p / "site.toml").is_file()))
def test_every_message_of_the_invalid_sites_has_chinese_text(case, tmp_path, capsys):
    site = tmp_path / case
    shutil.copytree(INVALID / case, site)
    messages = english_messages(site, tmp_path, capsys)
    assert messages and untranslated(messages) == []


@pytest.mark.slow  # whole builds through the command line: `make test`, not `make unit`
def test_every_message_of_the_odd_sites_has_chinese_text(tmp_path, capsys):
    messages = []
    for index, name in enumerate(sorted(ODD_SITES)):
        site = make(tmp_path / str(index), name)
        messages += english_messages(site, tmp_path / str(index), capsys)
    messages = [m for m in messages if not m.startswith(("template syntax error", "UndefinedError"))]
    assert len(messages) > 30 and untranslated(messages) == []


def test_the_data_checks_read_in_chinese(tmp_path, capsys):
    site = tmp_path / "data-checks"
    shutil.copytree(INVALID / "data-checks", site)
    main(["check", "--site", str(site), "--now", NOW], {})
    lines = capsys.readouterr().err.splitlines()
    for line in (
        "content/articles/numbers.md:6: error: “检测率”是 120%：百分比不能超过 100",
        "content/articles/numbers.md:13: error: 数据组“数量”有 2 个数值，而类别有 3 个：每个类别须有一个数值",
        "content/campaigns/bad-progress.md:19: error: 状态“已完结”不是 未开始, 进行中, 已完成 之一；是不是“已完成”？",
        "content/campaigns/bad-progress.md:36: error: 报送日期 2021-01-10 不在专项行动期间",
        "data/bad.csv:4: error: 这一行有 1 格，而标题行有 2 格",
    ):
        assert line in lines, (line, lines)


def test_a_suggestion_or_hint_at_the_end_is_translated_too():
    assert translate("status 'x' is not one of 未开始, 进行中, 已完成", "zh-CN") == "状态“x”不是 未开始, 进行中, 已完成 之一"
    assert translate("answer 'x' of 第1题 is not one of its options: 对, 错 (write true or false)", "zh-CN") == \
        "第1题的答案“x”不在选项中：对, 错（写 true 或 false）"
    assert translate("answer 'x' of 第1题 is not one of its options: A, B", "zh-CN") == "第1题的答案“x”不在选项中：A, B"


def test_templates_name_the_same_parts_in_both_languages():
    for english, chinese in MESSAGES:
        assert sorted(re.findall(r"\{(\w+)\}", english)) == sorted(re.findall(r"\{(\w+)\}", chinese)), english


def test_parts_that_are_messages_are_translated_too():
    assert translate("unknown field 'titel'; did you mean 'title'?", "zh-CN") == "未知的字段“titel”；是不是“title”？"
    assert translate("unknown field 'titel'; did you mean 'title'?", "en") == "unknown field 'titel'; did you mean 'title'?"
    assert translate("no template for this one", "zh-CN") == "no template for this one"
    assert shown_line("content/a.md:3: warning: missing required field 'date'", "zh-CN") == \
        "content/a.md:3: warning: 缺少必填字段“date”"


def test_the_site_language_decides_and_lang_overrides(tmp_path, capsys):
    from conftest import write_site

    broken = "---\ntitle: 甲\n---\n"
    for toml, args, expected in (
            ('title = "x"\nbase_url = "https://e.org/"\n', [], "缺少必填字段“date”"),
            ('title = "x"\nbase_url = "https://e.org/"\nlanguage = "en"\n', [], "missing required field 'date'"),
            ('title = "x"\nbase_url = "https://e.org/"\n', ["--lang", "en"], "missing required field 'date'"),
            ('title = "x"\nbase_url = "https://e.org/"\nlanguage = "en"\n', ["--lang", "zh-CN"], "缺少必填字段“date”")):
        site = write_site(tmp_path / "site", {"content/articles/a.md": broken}, toml)
        assert main(["check", "--site", str(site), "--now", NOW] + args, {}) == 1
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [f"content/articles/a.md:1: error: {expected}"]
        assert captured.out.splitlines()[-1] in ("检查未通过：1 个错误，0 个警告", "check failed: 1 error, 0 warnings")


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_line_build_check_and_new_print_on_a_chinese_site_is_chinese(tmp_path, capsys, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "golden" / "schools" / "site", site)
    (site / "content/articles/later.md").write_text("---\ntitle: 以后\ndate: 2030-01-01\n---\n正文。\n", encoding="utf-8")
    (site / "content/articles/draft.md").write_text("---\ntitle: 草稿\ndraft: true\ndate: 2024-01-01\n---\n正文。\n",
                                                   encoding="utf-8")
    (site / "content/articles/link.md").write_text(
        "---\ntitle: 链接\ndate: 2024-01-01\n---\n见[别处](https://example.org/)和[没有](/no-such/)。\n", encoding="utf-8")
    out = ["--out", str(tmp_path / "out"), "--now", NOW]
    assert main(["build", "--site", str(site)] + out, {}) == 0
    assert main(["build", "--site", str(site)] + out, {}) == 0  # nothing changed: the short cut's line
    assert main(["check", "--site", str(site), "--now", NOW], {}) == 1  # the broken link is an error of check
    assert main(["new", "article", "新的文章", "--site", str(site)], {"SOURCE_DATE_EPOCH": "1719763200"}) == 0
    monkeypatch.setattr("sitegen.build.state.save_cache", _full_disk)
    monkeypatch.setattr("sitegen.build.record.save", _full_disk)
    (site / "content/articles/link.md").write_text("---\ntitle: 链接二\ndate: 2024-01-01\n---\n正文。\n", encoding="utf-8")
    assert main(["build", "--site", str(site)] + out, {}) == 0
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    assert "build.py: warning: 无法保存生成缓存：磁盘空间已满（只影响下次生成的速度）" in lines, lines
    assert "build.py: warning: 无法保存生成记录：磁盘空间已满（只影响下次生成的速度）" in lines, lines
    lines.remove("content/articles/xin-de-wen-zhang.md")  # what `new` prints: the new file's path, no message
    english = [line for line in lines if not CJK.search(line)]
    assert not english, english


def _full_disk(*args, **kwargs):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device", "/site/.cache/build/state.pickle")
