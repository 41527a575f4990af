"""The no-change shortcut: `build` skips a build only when a full one would write the same files."""
from __future__ import annotations

import datetime as dt
import os

from conftest import BASIC_TOML
from sitegen.build import record
from sitegen.cli.main import main

NOW = "2024-07-01T09:00:00+08:00"
ARTICLE = "---\ntitle: 禁毒知识进社区\ndate: 2024-06-26\n---\n\n社区工作者向居民讲解识毒、防毒、拒毒知识。\n"
EVENT = ("---\ntitle: 禁毒宣传咨询活动\nstart: 2024-07-01T15:00:00+08:00\nend: 2024-07-01T17:00:00+08:00\n"
         "location: 县人民广场\n---\n\n现场设置咨询台。\n")
BROKEN_LINK = "---\ntitle: 链接\ndate: 2024-06-20\n---\n\n见[不存在的页面](/nowhere/)。\n"


def build(site, out, capsys, *extra, now=NOW):
    code = main(["build", "--lang", "en", "--site", str(site), "--out", str(out), "--now", now, *extra], {})
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_second_identical_build_writes_nothing_and_says_so(site_factory, tmp_path, capsys):
    site = site_factory({"content/articles/a.md": ARTICLE})
    out = tmp_path / "out"
    assert build(site, out, capsys)[0] == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    code, text = build(site, out, capsys)
    assert code == 0 and "nothing changed" in text
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_every_kind_of_change_builds_again_and_matches_a_fresh_build(site_factory, tmp_path, capsys):
    site = site_factory({"content/articles/a.md": ARTICLE})
    out = tmp_path / "out"
    assert build(site, out, capsys)[0] == 0
    article = site / "content/articles/a.md"
    old_stat = article.stat()
    article.write_text(ARTICLE)  # same bytes, new time: still no change
    assert "nothing changed" in build(site, out, capsys)[1]
    changes = [
        lambda: article.write_text(ARTICLE.replace("居民", "村民")),
        lambda: os.utime(article, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns)) or article.write_text(
            ARTICLE.replace("居民", "学生")),  # new bytes under an old time stamp
        lambda: (site / "content/articles/b.md").write_text(ARTICLE.replace("进社区", "进校园")),
        lambda: (site / "templates").mkdir() or (site / "templates/footer-note.html").write_text("x"),
        lambda: (site / "site.toml").write_text((site / "site.toml").read_text() + "\n# comment\n"),
        lambda: (out / "articles/a/index.html").unlink(),  # the output was damaged
        lambda: (out / "stray.html").write_text("left by hand"),  # not the generator's: kept (issue 16)
    ]
    for change in changes:
        change()
        code, text = build(site, out, capsys)
        assert code == 0 and "nothing changed" not in text, change
        fresh = tmp_path / "fresh"
        assert main(["build", "--lang", "en", "--site", str(site), "--out", str(fresh), "--now", NOW], {}) == 0
        capsys.readouterr()
        assert {k: v for k, v in snapshot(out).items() if k != "stray.html"} == snapshot(fresh)
        os.utime(fresh)
        record.forget(site)  # the fresh build's record must not serve the next round
        assert build(site, out, capsys)[0] == 0
        assert "nothing changed" in build(site, out, capsys)[1]
    assert (out / "stray.html").read_text() == "left by hand"


def test_other_options_build_again(site_factory, tmp_path, capsys):
    site = site_factory({"content/articles/a.md": ARTICLE})
    out = tmp_path / "out"
    assert build(site, out, capsys)[0] == 0
    for extra in (["--drafts"], ["--base-url", "https://example.org/x/"], []):
        assert "nothing changed" not in build(site, out, capsys, *extra)[1]
    assert "nothing changed" not in build(site, tmp_path / "elsewhere", capsys)[1]


def test_now_crossing_a_timed_moment_or_a_day_builds_again(site_factory, tmp_path, capsys):
    site = site_factory({"content/events/talk.md": EVENT})
    out = tmp_path / "out"
    assert build(site, out, capsys, now="2024-07-01T09:00:00+08:00")[0] == 0
    assert "nothing changed" in build(site, out, capsys, now="2024-07-01T14:59:00+08:00")[1]
    code, text = build(site, out, capsys, now="2024-07-01T17:30:00+08:00")  # the event is now past
    assert code == 0 and "nothing changed" not in text
    assert "nothing changed" not in build(site, out, capsys, now="2024-07-02T08:00:00+08:00")[1]
    assert "nothing changed" in build(site, out, capsys, now="2024-07-02T23:00:00+08:00")[1]


def test_warnings_are_repeated_and_strict_still_fails(site_factory, tmp_path, capsys):
    site = site_factory({"content/articles/a.md": ARTICLE, "content/articles/link.md": BROKEN_LINK})
    out = tmp_path / "out"
    code, first = build(site, out, capsys)
    assert code == 0 and "warning" in first
    code, second = build(site, out, capsys)
    assert code == 0 and "nothing changed" in second
    assert [l for l in first.splitlines() if ": warning:" in l] == [l for l in second.splitlines() if ": warning:" in l] != []
    assert build(site, out, capsys, "--strict")[0] == 1


def test_failed_build_forgets_the_record(site_factory, tmp_path, capsys):
    site = site_factory({"content/articles/a.md": ARTICLE})
    out = tmp_path / "out"
    assert build(site, out, capsys)[0] == 0
    article = site / "content/articles/a.md"
    article.write_text("---\ntitle: [unclosed\n---\n")
    assert build(site, out, capsys)[0] == 1
    assert not record.record_path(site).exists()
    article.write_text(ARTICLE)
    assert "nothing changed" not in build(site, out, capsys)[1]


def test_unreadable_record_means_a_full_build(site_factory, tmp_path, capsys):
    site = site_factory({"content/articles/a.md": ARTICLE})
    out = tmp_path / "out"
    assert build(site, out, capsys)[0] == 0
    record.record_path(site).write_text("{not json")
    assert "nothing changed" not in build(site, out, capsys)[1]
    assert "nothing changed" in build(site, out, capsys)[1]


def test_timed_moments_walk_nested_front_matter():
    zone = dt.timezone(dt.timedelta(hours=8))
    moment = dt.datetime(2024, 6, 26, 9, 30, tzinfo=zone)
    assert record.timed_moments([{"start": moment, "tasks": [dt.date(2024, 6, 30), (moment,)]}], zone) == (
        moment.timestamp(),)


def test_pages_reused_from_the_last_output_are_never_stale(site_factory, tmp_path, capsys):
    """The saved cache holds rendered pages without their bytes; a build takes them from the last
    output only when that output is exactly what the build that saved them wrote."""
    other = ARTICLE.replace("禁毒知识进社区", "禁毒知识进校园")
    # without share cards and search, `check` renders the very pages `build` does
    toml = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = false\nsearch = false')
    site = site_factory({"content/articles/a.md": ARTICLE, "content/articles/b.md": other}, toml)
    out = tmp_path / "out"

    def fresh():
        target = tmp_path / "fresh"
        assert main(["build", "--lang", "en", "--site", str(site), "--out", str(target), "--now", NOW], {}) == 0
        capsys.readouterr()
        record.forget(site)
        return snapshot(target)

    assert build(site, out, capsys)[0] == 0
    # a check renders the edited page without writing it: the next build must not trust the output
    (site / "content/articles/a.md").write_text(ARTICLE.replace("居民", "村民"))
    assert main(["check", "--site", str(site), "--now", NOW], {}) == 0
    assert build(site, out, capsys)[0] == 0
    assert "村民" in (out / "articles/a/index.html").read_text()
    expected = fresh()
    assert snapshot(out) == expected
    # a page changed by hand in the output is rendered again by the next build
    (out / "articles/b/index.html").write_text("changed by hand")
    (site / "content/articles/a.md").write_text(ARTICLE.replace("居民", "老人"))
    assert build(site, out, capsys)[0] == 0
    assert snapshot(out) == fresh()
    # a failed build renders pages it never writes
    (site / "content/articles/a.md").write_text(ARTICLE.replace("居民", "学生"))
    (site / "content/articles/bad.md").write_text("---\ntitle: 坏\ndate: 2024-13-01\n---\n")
    assert build(site, out, capsys)[0] == 1
    (site / "content/articles/bad.md").unlink()
    (site / "content/articles/a.md").write_text(ARTICLE.replace("居民", "老人"))
    assert build(site, out, capsys)[0] == 0
    assert snapshot(out) == fresh()
