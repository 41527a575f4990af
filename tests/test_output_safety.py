"""The output folder (issue 16): never a system folder, never a file deleted that the generator
did not write, symbolic links in it replaced and never written through."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BASIC_TOML, build, errors_of
from sitegen.build import safety
from sitegen.build.safety import unsafe_output
from sitegen.build.writer import LiveFolder
from sitegen.cli.main import main

QUIET_TOML = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = false\nsearch = false')
NOW = "2024-07-01T00:00:00+08:00"


def article(n: int, text: str = "正文。") -> str:
    return f"---\ntitle: 文章{n}\ndate: 2024-01-{n:02d}\n---\n{text}\n"


@pytest.fixture
def site(site_factory):
    return site_factory({f"content/articles/a{n}.md": article(n) for n in (1, 2)}, QUIET_TOML)


@pytest.mark.parametrize("out", ["/etc", "/usr", "/var", "/var/www", "/srv", "/srv/www", "/boot", "/proc", "/sys",
                                 "/dev", "/tmp", "/opt", "/mnt", "/etc/nginx/site", "/usr/share/doc/x", "/"])
def test_system_folders_are_refused(site, out):
    assert unsafe_output(Path(out), site), out
    errors = errors_of(site, out=Path(out), write=True)
    assert len(errors) == 1 and errors[0].startswith(f"{out}:1: error: refusing to write the site into")


@pytest.mark.parametrize("out", ["/srv/build/jdxc", "/var/www/jdxc"])
def test_a_folder_of_its_own_below_them_is_fine(site, out):
    assert unsafe_output(Path(out), site) is None


def test_the_command_line_refuses_etc(site, capsys):
    assert main(["build", "--site", str(site), "--out", "/etc", "--now", NOW, "--quiet", "--lang", "en"]) == 1
    assert "/etc:1: error: refusing to write the site into /etc" in capsys.readouterr().err


def test_a_non_empty_folder_the_generator_did_not_write_is_refused(site, tmp_path):
    out = tmp_path / "www"
    out.mkdir()
    (out / "index.html").write_text("someone else's home page")
    (out / "notes.txt").write_text("keep me")
    errors = errors_of(site, out=out)
    assert errors == [f"{out}:1: error: the output folder holds 2 files this generator did not write (such as "
                      "index.html); empty it or choose another --out (if it is the output of an earlier build whose "
                      ".cache/ was deleted, delete the folder and build again)"]
    assert (out / "index.html").read_text() == "someone else's home page" and (out / "notes.txt").is_file()
    assert not (site / ".cache/build/outputs").exists()


def test_files_put_into_the_output_later_are_kept(site, tmp_path):
    out = tmp_path / "public"
    build(site, out)
    (out / "verify-google.html").write_text("placed by hand")
    (out / "articles/a1/extra.pdf").write_bytes(b"%PDF by hand")
    for text in ("第二版。", "第三版。"):  # the spare tree is used from the second rebuild on
        (site / "content/articles/a1.md").write_text(article(1, text), encoding="utf-8")
        build(site, out)
        assert text in (out / "articles/a1/index.html").read_text(encoding="utf-8")
        assert (out / "verify-google.html").read_text() == "placed by hand"
        assert (out / "articles/a1/extra.pdf").read_bytes() == b"%PDF by hand"
    (site / "content/articles/a1.md").unlink()  # its page goes, the hand-placed file stays
    build(site, out)
    assert not (out / "articles/a1/index.html").exists()
    assert (out / "articles/a1/extra.pdf").read_bytes() == b"%PDF by hand"


def test_a_foreign_file_where_the_build_would_write_is_an_error(site, tmp_path):
    out = tmp_path / "public"
    build(site, out)
    (site / "content/articles/a3.md").write_text(article(3), encoding="utf-8")
    (out / "articles/a3").mkdir()
    (out / "articles/a3/index.html").write_text("by hand")
    errors = errors_of(site, out=out)
    assert errors == [f"{out}/articles/a3/index.html:1: error: this file was not written by the generator, and the "
                      "build would replace it with the generated articles/a3/index.html; move it out of the output "
                      "folder"]
    assert (out / "articles/a3/index.html").read_text() == "by hand"


def test_an_output_recorded_only_by_the_last_build_record_is_known(site, tmp_path, capsys):
    """Outputs written before the list of written files existed: the build record vouches for them."""
    out = tmp_path / "public"
    command = ["build", "--site", str(site), "--out", str(out), "--now", NOW, "--quiet", "--lang", "en"]
    assert main(command) == 0
    safety.record_path(site, out).unlink()
    (site / "content/articles/a1.md").write_text(article(1, "改。"), encoding="utf-8")
    assert main(command) == 0, capsys.readouterr().err
    safety.record_path(site, out).unlink()
    (site / ".cache/build/last-build.json").unlink()
    (site / "content/articles/a1.md").write_text(article(1, "再改。"), encoding="utf-8")
    assert main(command) == 1 and "this generator did not write" in capsys.readouterr().err


@pytest.mark.parametrize("compress", [False, True])
def test_symlinks_in_the_output_are_replaced_not_written_through(site, tmp_path, compress):
    out = tmp_path / "public"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.html").write_text("must stay")
    build(site, out, compress=compress)
    for round_ in range(3):  # a fresh staging folder first, then the spare tree
        page = out / "articles/a1/index.html"
        page.unlink()
        page.symlink_to(outside / "victim.html")
        if compress:
            (out / "index.html.gz").unlink()
            (out / "index.html.gz").symlink_to(outside / "victim.html")
        os.rename(out / "articles/a2", tmp_path / f"a2-{round_}")
        (out / "articles/a2").symlink_to(outside, target_is_directory=True)
        (site / "content/articles/a1.md").write_text(article(1, f"第{round_}版。"), encoding="utf-8")
        (site / "content/articles/a2.md").write_text(article(2, f"第{round_}版。"), encoding="utf-8")
        build(site, out, compress=compress)
        assert (outside / "victim.html").read_text() == "must stay" and sorted(os.listdir(outside)) == ["victim.html"]
        assert not page.is_symlink() and f"第{round_}版" in page.read_text(encoding="utf-8")
        assert not (out / "articles/a2").is_symlink() and (out / "articles/a2/index.html").is_file()
        assert not any(p.is_symlink() for p in out.rglob("*"))


def test_the_live_folder_replaces_symlinks(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    live = tmp_path / "serve"
    (live / "a").mkdir(parents=True)
    (live / "b").symlink_to(outside, target_is_directory=True)
    (live / "a/index.html").symlink_to(tmp_path / "victim.html")
    (tmp_path / "victim.html").write_text("must stay")
    folder = LiveFolder(live)
    assert sorted(folder.write({"a/index.html": b"A", "b/index.html": b"B", "../escape.html": b"x"})) == [
        "a/index.html", "b/index.html"]
    assert (tmp_path / "victim.html").read_text() == "must stay" and os.listdir(outside) == []
    assert (live / "a/index.html").read_bytes() == b"A" and not (live / "b").is_symlink()
    assert not (tmp_path / "escape.html").exists()
