"""Input-method and paste slips: each with its exact message in both languages; path slips
are warnings of `build` and errors of `check`; pasted text is cleaned without changing what
Markdown makes of it."""
from __future__ import annotations

import pytest

from conftest import build, write_site
from sitegen.cli.main import main
from sitegen.content.slips import clean_pasted, iso_date_for
from sitegen.errors import Diagnostics
from sitegen.markup.markdown import LinkContext, MarkdownRenderer

TOML = 'title = "x"\nbase_url = "https://e.org/"\n[taxonomies.tags]\n[taxonomies.venues]\nterms = ["学校", "社区"]\n'
NOW = "2024-07-01T00:00:00+08:00"
# A 1x1 JPEG.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e"
    "1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f000001"
    "0501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d0102030004110512"
    "2131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748"
    "494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4"
    "b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fb"
    "d3ffd9")

FRONT_SLIPS = {
    "content/articles/colon.md": "---\ntitle：全县启动宣传月\ndate: 2023-06-01\n---\n正文\n",
    "content/articles/dates.md": "---\ntitle: 甲\ndate: 2023年6月1日\nupdated: 2023.6.1\n---\n正文\n",
    "content/articles/comma.md": "---\ntitle: 乙\ndate: 2023-06-01\nvenues: [学校，社区]\n---\n正文\n",
}
FRONT_EXPECTED = {
    "en": [
        "content/articles/colon.md:2: error: full-width colon '：' after 'title': write an ASCII colon and a space, "
        "'title: ' (switch the input method to English punctuation)",
        "content/articles/comma.md:4: error: '学校，社区' holds a full-width comma '，': separate terms with an ASCII "
        "comma, [学校, 社区]",
        "content/articles/dates.md:3: error: bad date '2023年6月1日' for 'date': write 2023-06-01 (year-month-day with '-')",
        "content/articles/dates.md:4: error: bad date '2023.6.1' for 'updated': write 2023-06-01 (year-month-day with '-')",
    ],
    "zh-CN": [
        "content/articles/colon.md:2: error: “title”后面是全角冒号“：”：请改成半角冒号加空格，写成“title: ”（输入法切换到英文标点）",
        "content/articles/comma.md:4: error: “学校，社区”中有全角逗号“，”：词与词之间请用半角逗号隔开，写成 [学校, 社区]",
        "content/articles/dates.md:3: error: “date”的日期 '2023年6月1日' 写法不对：请写成 2023-06-01（年-月-日，用半角短横线）",
        "content/articles/dates.md:4: error: “updated”的日期 '2023.6.1' 写法不对：请写成 2023-06-01（年-月-日，用半角短横线）",
    ],
}

BODY = """\
---
title: 现场
date: 2023-06-01
tags: 甲，乙
---

![现场](D:\\宣传科\\照片\\IMG_0001.JPG)

![展板](C:\\Users\\x\\展板.jpg)

<img src="file:///C:/x/a.jpg" alt="a">

![图](images\\photo.jpg)

![图2](photo2.jpg)
"""
BODY_EXPECTED = {
    "en": [
        "content/articles/b/index.md:4: warning: '甲，乙' holds a full-width comma '，': separate terms with an ASCII "
        "comma, [甲, 乙]",
        "content/articles/b/index.md:7: {0}: 'D:\\宣传科\\照片\\IMG_0001.JPG' is a file on your own computer, which "
        "readers cannot open: copy the picture into the article's folder and write its name, such as 'IMG_0001.JPG'",
        "content/articles/b/index.md:9: {0}: 'C:\\Users\\x\\展板.jpg' is a file on your own computer, which readers "
        "cannot open: copy the picture into the article's folder and write its name, such as '展板.jpg'",
        "content/articles/b/index.md:11: {0}: 'file:///C:/x/a.jpg' is a file on your own computer, which readers "
        "cannot open: copy the picture into the article's folder and write its name, such as 'a.jpg'",
        "content/articles/b/index.md:13: {0}: 'images\\photo.jpg' uses backslashes '\\': write 'images/photo.jpg' "
        "with forward slashes '/'",
        "content/articles/b/index.md:15: {0}: 'photo2.jpg' points at nothing: did you mean 'Photo2.JPG'? (capital "
        "and small letters must match)",
    ],
    "zh-CN": [
        "content/articles/b/index.md:4: warning: “甲，乙”中有全角逗号“，”：词与词之间请用半角逗号隔开，写成 [甲, 乙]",
        "content/articles/b/index.md:7: {0}: “D:\\宣传科\\照片\\IMG_0001.JPG”是您自己电脑上的文件，读者打不开："
        "请把图片复制到文章所在的文件夹，再写图片的文件名，如“IMG_0001.JPG”",
        "content/articles/b/index.md:9: {0}: “C:\\Users\\x\\展板.jpg”是您自己电脑上的文件，读者打不开："
        "请把图片复制到文章所在的文件夹，再写图片的文件名，如“展板.jpg”",
        "content/articles/b/index.md:11: {0}: “file:///C:/x/a.jpg”是您自己电脑上的文件，读者打不开："
        "请把图片复制到文章所在的文件夹，再写图片的文件名，如“a.jpg”",
        "content/articles/b/index.md:13: {0}: “images\\photo.jpg”用了反斜杠“\\”：请改用斜杠“/”，写成“images/photo.jpg”",
        "content/articles/b/index.md:15: {0}: “photo2.jpg”指向的文件不存在：是不是“Photo2.JPG”？（字母大小写须一致）",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_front_matter_slips(lang, tmp_path, capsys):
    site = write_site(tmp_path / "site", FRONT_SLIPS, TOML)
    for command in ("build", "check"):
        assert main([command, "--site", str(site), "--now", NOW, "--lang", lang], {}) == 1
        assert capsys.readouterr().err.splitlines() == FRONT_EXPECTED[lang]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_path_slips_warn_in_build_and_fail_check(lang, tmp_path, capsys):
    site = write_site(tmp_path / "site", {"content/articles/b/index.md": BODY, "content/articles/b/Photo2.JPG": JPEG},
                      TOML)
    expected = BODY_EXPECTED[lang]
    assert main(["build", "--site", str(site), "--now", NOW, "--lang", lang], {}) == 0
    assert capsys.readouterr().err.splitlines() == [line.format("warning") for line in expected]
    assert main(["check", "--site", str(site), "--now", NOW, "--lang", lang], {}) == 1
    assert capsys.readouterr().err.splitlines() == [expected[0]] + [line.format("error") for line in expected[1:]]
    page = (site / "public/articles/b/index.html").read_text(encoding="utf-8")
    assert 'href="/tags/jia/"' in page and 'href="/tags/yi/"' in page  # the comma made two terms, as meant


def test_chinese_date_forms_suggest_the_iso_date():
    assert [iso_date_for(v) for v in ("2023年6月1日", "2023.6.1", "2023/6/1", "2023-6-1", "2023 年 06 月 01 日")] == \
        ["2023-06-01"] * 5
    assert iso_date_for("2023年2月30日") is None and iso_date_for("六月一日") is None


PASTED = "　　全县启动宣传月。\n\n第二\u00a0段\u200b落。\n\n```\n　　代码\u200b\n```\n\n- 列表\n  　　续行\n"


def test_pasted_text_is_cleaned_and_each_change_named(tmp_path, capsys):
    problems = Diagnostics()
    body = clean_pasted(PASTED, "content/articles/a.md", 5, problems)
    assert body == "全县启动宣传月。\n\n第二 段落。\n\n```\n　　代码\u200b\n```\n\n- 列表\n  续行\n"
    assert [str(p) for p in problems] == [
        "content/articles/a.md:7: warning: zero-width characters (invisible, from pasted text) removed",
        "content/articles/a.md:5: warning: leading full-width spaces '　' removed: the theme indents paragraphs by "
        "itself (also on 1 more lines)",
        "content/articles/a.md:7: warning: no-break spaces (from pasted text) made plain spaces"]
    site = write_site(tmp_path / "site", {"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n" + PASTED},
                      TOML)
    result = build(site)
    assert [str(p) for p in result.warnings] == sorted(str(p) for p in problems)


def test_cleaning_keeps_what_markdown_makes_of_the_text(tmp_path):
    """The same HTML structure as the text typed without the pasted characters."""
    renderer = MarkdownRenderer(LinkContext(tmp_path, "/", {}, {}))
    for pasted, typed in (("　　    缩进。\n", "缩进。\n"), ("段落一\n　　段落二\n", "段落一\n段落二\n"),
                          ("> 　　引用\n", "> 引用\n"), ("1. 　　第一\n", "1. 第一\n")):
        cleaned = clean_pasted(pasted, "a.md", 1, Diagnostics())
        assert renderer.render(cleaned, "a.md", "", 1, None).html == renderer.render(typed, "a.md", "", 1, None).html


def test_check_warns_of_sentence_lines_joined_into_one_paragraph(tmp_path, capsys):
    paragraph = "全县各乡镇、各成员单位围绕宣传月主题，组织开展形式多样的禁毒宣传活动，发放宣传资料，设置咨询台，讲解识毒、防毒、拒毒知识"
    text = ("---\ntitle: 甲\ndate: 2024-01-01\n---\n\n" + f"{paragraph}。\n{paragraph}！\n{paragraph}？\n\n"
            "编辑按习惯在句末换行的短句，一段之内写了好几行。\n第二句也在句末换行了。\n第三句同样如此。\n\n"
            "- 列表一。\n- 列表二。\n- 列表三。\n")
    site = write_site(tmp_path / "site", {"content/articles/a.md": text}, TOML)
    assert main(["build", "--site", str(site), "--now", NOW], {}) == 0
    assert capsys.readouterr().err == ""
    for lang, message in (("en", "these 3 lines each end a sentence but have no empty line between them, so they "
                                 "become one paragraph: leave an empty line between paragraphs"),
                          ("zh-CN", "这 3 行都以句号等结尾，但中间没有空行，会连成一个段落：段落之间请空一行")):
        assert main(["check", "--site", str(site), "--now", NOW, "--lang", lang], {}) == 0
        assert capsys.readouterr().err.splitlines() == [f"content/articles/a.md:6: warning: {message}"]
