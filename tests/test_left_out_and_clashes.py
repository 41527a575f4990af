"""Drafts and scheduled items are counted in the summary and listed by check; the preview marks
a scheduled page; term and guide slug clashes are named with their fix."""
from __future__ import annotations

from conftest import build, errors_of, write_site
from sitegen.cli.main import main

NOW = "2024-07-01T00:00:00+08:00"
TOML = 'title = "x"\nbase_url = "https://e.org/"\n[taxonomies.tags]\n'
SITE = {
    "content/articles/a.md": "---\ntitle: 已发布\ndate: 2024-01-01\n---\n正文\n",
    "content/articles/b.md": "---\ntitle: 草稿一\ndate: 2024-01-01\ndraft: true\n---\n正文\n",
    "content/pages/c.md": "---\ntitle: 草稿二\ndraft: true\n---\n正文\n",
    "content/articles/d.md": "---\ntitle: 年份写错\ndate: 2032-06-01\n---\n正文\n",
}


def test_the_summary_counts_what_is_left_out_and_check_lists_it(tmp_path, capsys):
    site = write_site(tmp_path / "site", SITE, TOML)
    assert main(["build", "--site", str(site), "--now", NOW, "--lang", "en"], {}) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "2 drafts and 1 scheduled item left out: --drafts shows them"
    assert out[-2].endswith(", 0 errors, 0 warnings")
    assert main(["build", "--site", str(site), "--now", NOW, "--out", str(tmp_path / "zh")], {}) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 篇草稿和1 篇定时发布的内容未生成：加 --drafts 可以预览"
    assert main(["check", "--site", str(site), "--now", NOW, "--lang", "en"], {}) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "content/articles/b.md: draft (draft: true), left out",
        "content/articles/d.md: scheduled for 2032-06-01, left out until then",
        "content/pages/c.md: draft (draft: true), left out"]
    assert main(["check", "--site", str(site), "--now", NOW], {}) == 0
    assert "content/articles/d.md：定时发布，2032-06-01 起才生成" in capsys.readouterr().out.splitlines()
    assert main(["build", "--site", str(site), "--now", NOW, "--drafts", "--lang", "en"], {}) == 0
    assert "left out" not in capsys.readouterr().out


def test_one_left_out_item(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"content/articles/d.md": SITE["content/articles/d.md"]}, TOML)
    assert main(["build", "--site", str(site), "--now", NOW, "--lang", "en"], {}) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 scheduled item left out: --drafts shows it"


def test_the_preview_marks_a_scheduled_page(tmp_path):
    site = write_site(tmp_path / "site", SITE, TOML)
    build(site, drafts=True)
    assert "定时发布：2032年6月1日" in (site / "public/articles/d/index.html").read_text(encoding="utf-8")
    published = (site / "public/articles/a/index.html").read_text(encoding="utf-8")
    assert "定时发布" not in published
    assert "草稿" in (site / "public/articles/b/index.html").read_text(encoding="utf-8")


def test_a_term_whose_address_clashes_is_a_warning_naming_both(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\ntags: [禁毒]\n---\n正文\n",
        "content/articles/b.md": "---\ntitle: 乙\ndate: 2024-02-01\ntags:\n  - 进度\n---\n正文\n"}, TOML)
    result = build(site)
    assert [str(p) for p in result.warnings] == [
        "content/articles/a.md:4: warning: term '禁毒' of 'tags' has the same address as the term '进度' "
        "(tags/jin-du/), so it is published at tags/jin-du-2/: if one of them is a typo, correct it"]


def test_two_programmes_visit_md_name_both_files_and_suggest_a_slug(tmp_path, capsys):
    toml = ('title = "x"\nbase_url = "https://e.org/"\n[programs.students]\ntitle = "学生"\n'
            '[programs.officials]\ntitle = "公职人员"\n')
    guide = "---\ntitle: 参观\nprogram: {0}\norder: 1\n---\n正文\n"
    site = write_site(tmp_path / "site", {"content/guides/students/visit.md": guide.format("students"),
                                          "content/guides/officials/visit.md": guide.format("officials")}, toml)
    assert errors_of(site) == [
        "content/guides/officials/visit.md:1: error: duplicate slug 'visit': content/guides/officials/visit.md and "
        "content/guides/students/visit.md would both be guides/visit/; give one of them its own slug, such as "
        "'slug: officials-visit'",
        "content/guides/students/visit.md:1: error: duplicate slug 'visit': content/guides/students/visit.md and "
        "content/guides/officials/visit.md would both be guides/visit/; give one of them its own slug, such as "
        "'slug: students-visit'"]
    assert main(["check", "--site", str(site), "--now", NOW], {}) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/guides/officials/visit.md:1: error: 网址名“visit”重复：content/guides/officials/visit.md 和 "
        "content/guides/students/visit.md 都会生成 guides/visit/；请给其中一篇写上自己的网址名，如“slug: officials-visit”")
