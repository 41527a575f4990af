"""Any site builds, and no command ends in a traceback: every command over a matrix of odd
sites exits 0, 1 or 2 and prints only `path:line: error|warning: ...` lines or one
`build.py: error: ...` line. An internal failure is one line naming the file being processed."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import BASIC_TOML, write_site
from sitegen.cli.main import main
from sitegen.cli.server import DevServer
from sitegen.cli.starter_site import STARTER

MINIMAL = 'title = "某县"\nbase_url = "https://example.org/"\n'
NOW = "2024-07-01T00:00:00+08:00"
ARTICLE = "---\ntitle: 甲\ndate: 2024-01-01\n---\n\n正文。\n"

ODD_SITES = {
    "empty content": ({}, MINIMAL),
    "empty content, taxonomies": ({}, BASIC_TOML),
    "drafts only": ({"content/articles/a.md": "---\ntitle: 草稿\ndate: 2024-01-01\ndraft: true\n---\n正文\n"}, BASIC_TOML),
    "scheduled only": ({"content/articles/a.md": "---\ntitle: 将来\ndate: 2032-06-01\n---\n正文\n"}, MINIMAL),
    "home page only": ({"content/index.md": "---\ntitle: 首页\n---\n\n欢迎。\n"}, MINIMAL),
    "one page, no taxonomies": ({"content/pages/about.md": "---\ntitle: 关于\n---\n\n关于本站。\n"}, MINIMAL),
    "one article, no taxonomies": ({"content/articles/a.md": ARTICLE}, MINIMAL),
    "tags on a site without taxonomies": ({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\ntags: [甲]\n---\n正"},
                                          MINIMAL),
    "one quiz": ({"content/quizzes/q.yaml": "title: 测\naudience: 学生\nquestions:\n  - type: truefalse\n"
                                             "    question: 对吗？\n    answer: true\n"}, BASIC_TOML),
    "one event": ({"content/events/e.md": "---\ntitle: 活动\nstart: 2024-06-26\n---\n"}, MINIMAL),
    "one resource by url": ({"content/resources/r.md": "---\ntitle: 资源\nkind: 课件\nurl: https://example.org/x\n"
                                                        "license: 公开\n---\n"}, MINIMAL),
    "a guide without programmes": ({"content/guides/g.md": "---\ntitle: 指南\nprogram: x\norder: 1\n---\n"}, MINIMAL),
    "no search, no cards": ({"content/articles/a.md": ARTICLE}, MINIMAL + "search = false\nshare_cards = false\n"),
    "empty file": ({"content/articles/a.md": ""}, MINIMAL),
    "only front matter": ({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---"}, MINIMAL),
    "binary file as .md": ({"content/articles/a.md": bytes(range(256))}, MINIMAL),
    "folder named like a file": ({"content/articles/x.md/index.md": ARTICLE}, MINIMAL),
    "loose file in content": ({"content/readme.md": ARTICLE, "content/notes.txt": "笔记"}, MINIMAL),
    "unknown folder": ({"content/news/a.md": ARTICLE}, MINIMAL),
    "front matter a list": ({"content/articles/a.md": "---\n- a\n- b\n---\n"}, MINIMAL),
    "title a mapping": ({"content/articles/a.md": "---\ntitle: {a: 1}\ndate: 2024-01-01\n---\n"}, MINIMAL),
    "date a number": ({"content/articles/a.md": "---\ntitle: 甲\ndate: 20240101\n---\n"}, MINIMAL),
    "emoji and odd names": ({"content/articles/禁毒 宣传😀.md": "---\ntitle: \"😀\"\ndate: 2024-01-01\n---\n\n😀\n"}, MINIMAL),
    "image that is not an image": ({"content/articles/b/index.md": ARTICLE + "\n![图](p.jpg)\n",
                                    "content/articles/b/p.jpg": b"not a jpeg"}, MINIMAL),
    "broken template": ({"content/articles/a.md": ARTICLE, "templates/article.html": "{% if %}"}, MINIMAL),
    "template that raises": ({"content/articles/a.md": ARTICLE, "templates/article.html": "{{ nothing.here }}"}, MINIMAL),
    "empty site.toml": ({}, ""),
    "site.toml not TOML": ({}, "title = \n"),
    "site.toml with a byte-order mark": ({}, "\ufeff" + MINIMAL),
    "base_url without scheme": ({}, 'title = "x"\nbase_url = "example.org"\n'),
    "taxonomies not a table": ({}, MINIMAL + "taxonomies = 3\n"),
    "menu of strings": ({}, MINIMAL + 'menu = ["a"]\n'),
    "no content folder": (None, MINIMAL),
}
LINE = re.compile(r"^(\S.*?:\d+: (error|warning): .+|build\.py: (error|warning): .+)$")


def make(tmp_path, name):
    files, toml = ODD_SITES[name]
    site = write_site(tmp_path / "site", files or {}, toml)
    if files is None:
        shutil.rmtree(site / "content")
    return site


def assert_clean(code, captured, allowed=(0, 1)):
    assert code in allowed, captured
    assert "Traceback" not in captured.err + captured.out
    assert "internal error" not in captured.err, captured.err
    for line in captured.err.splitlines():
        assert LINE.match(line), line


@pytest.mark.parametrize("name", sorted(ODD_SITES))
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_command_on_odd_sites(name, lang, tmp_path, capsys):
    site = make(tmp_path, name)
    out = tmp_path / "out"
    for command in (["build", "--out", str(out)], ["check"], ["build", "--out", str(out), "--drafts", "--strict"],
                    ["build", "--out", str(out)]):
        code = main(command + ["--site", str(site), "--now", NOW, "--lang", lang], {})
        assert_clean(code, capsys.readouterr())
    code = main(["new", "article", "新文章", "--site", str(site), "--lang", lang], {"SOURCE_DATE_EPOCH": "1719763200"})
    assert_clean(code, capsys.readouterr())
    code = main(["init", str(site), "--lang", lang], {})
    assert_clean(code, capsys.readouterr(), allowed=(2,))
    if (site / "site.toml").read_text(encoding="utf-8-sig").strip():
        DevServer(site, 8000, out_dir=tmp_path / "serve", log=lambda *a, **k: None).rebuild()


@pytest.mark.parametrize("name", ["empty content", "drafts only", "scheduled only", "one page, no taxonomies"])
def test_sites_with_little_or_nothing_build(name, tmp_path, capsys):
    site = make(tmp_path, name)
    assert main(["build", "--site", str(site), "--now", NOW, "--lang", "en"], {}) == 0
    assert (site / "public/index.html").is_file() and (site / "public/search/index.html").is_file()
    assert capsys.readouterr().err == ""


def test_an_internal_failure_is_one_line_naming_the_file(tmp_path, capsys, monkeypatch):
    site = write_site(tmp_path / "site", {"content/articles/a.md": ARTICLE}, MINIMAL)

    def broken(*args, **kwargs):
        raise ValueError("something unexpected\nover two lines")
    monkeypatch.setattr("sitegen.content.loading.read_item", broken)
    for lang, expected in (
            ("en", "build.py: error: internal error while processing content/articles/a.md (ValueError: something "
                   "unexpected over two lines); this is a fault of the generator, not of your site: please report "
                   "it with that file"),
            ("zh-CN", "build.py: error: 处理 content/articles/a.md 时程序内部出错（ValueError: something unexpected "
                      "over two lines）；这是生成器的问题，不是网站内容的问题：请连同该文件一起报告给维护人员")):
        assert main(["build", "--site", str(site), "--now", NOW, "--lang", lang], {}) == 1
        assert capsys.readouterr().err.splitlines() == [expected]


def test_the_starter_itself_is_a_clean_site(tmp_path, capsys):
    site = tmp_path / "starter"
    shutil.copytree(STARTER, site)
    assert main(["check", "--site", str(site), "--now", NOW], {}) == 0
    assert capsys.readouterr().err == ""
