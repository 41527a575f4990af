"""Paths from editors can never make the build read or write outside the site and output folders."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BASIC_TOML, build, errors_of
from sitegen.build.safety import unsafe_output
from sitegen.build.writer import write_site
from sitegen.errors import Diagnostics

SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"
NUL = "error: the text holds the invisible control character U+0000"  # a NUL byte is refused first of all


def refused(errors: list[str], where: str, message: str) -> bool:
    """Every error is at `where`, and one says `message` (or that a NUL byte is there)."""
    return bool(errors) and all(e.startswith(where) for e in errors) \
        and any(e.startswith(where + message) or e.startswith(where.rsplit(":", 1)[0] + ": " + NUL) for e in errors)
PROGRAM_TOML = BASIC_TOML + '[programs.p]\ntitle = "项目"\n'


@pytest.fixture
def secret(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"---\ntitle: {SECRET}\ndate: 2024-01-01\n---\n{SECRET}\n", encoding="utf-8")
    (folder / "secret.png").write_bytes(SECRET.encode())
    (folder / "secret.pdf").write_bytes(SECRET.encode())
    return folder


def all_output(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_symlinks_leading_out_of_the_site_are_refused(site_factory, secret):
    site = site_factory({"content/articles/a/index.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n正文\n"})
    os.symlink(secret / "secret.md", site / "content/articles/leak.md")
    os.symlink(secret / "secret.png", site / "content/articles/a/photo.png")
    os.symlink(secret, site / "content/articles/folder")
    os.symlink(secret, site / "content/pages")
    os.symlink("/nonexistent/file.pdf", site / "content/articles/a/dangling.pdf")
    errors = errors_of(site)
    for rel in ("content/articles/a/dangling.pdf", "content/articles/a/photo.png", "content/articles/folder",
                "content/articles/leak.md", "content/pages"):
        assert any(e.startswith(f"{rel}:1: error: this symbolic link leads outside the site") for e in errors), rel
    assert not any(SECRET in e for e in errors)


def test_symlinks_inside_the_site_are_fine(site_factory):
    site = site_factory({"content/articles/a/index.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n[表](sheet.pdf)\n",
                         "shared/sheet.pdf": b"%PDF-1.4 shared"})
    os.symlink(site / "shared/sheet.pdf", site / "content/articles/a/sheet.pdf")
    build(site)
    assert (site / "public/articles/a/sheet.pdf").read_bytes() == b"%PDF-1.4 shared"


@pytest.mark.parametrize("alias", ["../escape/", "/a/../../escape/", "/a\\\\b/", "/a\\0b/", "//evil.example/x/",
                                   "relative/", "/./", "C:\\\\Windows\\\\"])
def test_aliases_stay_inside_the_output(site_factory, alias):
    site = site_factory({"content/articles/a.md": f'---\ntitle: 甲\ndate: 2024-01-01\naliases: ["{alias}"]\n---\n'})
    assert refused(errors_of(site), "content/articles/a.md:4:", f" error: alias "
                   f"'{alias.encode().decode('unicode_escape')}' must be a path inside the site such as /old/page/")


@pytest.mark.parametrize("slug", ["../x", "a/b", "..", "a\\\\b", "x\\0y", "/etc"])
def test_slugs_are_plain_names(site_factory, slug):
    site = site_factory({"content/articles/a.md": f'---\ntitle: 甲\ndate: 2024-01-01\nslug: "{slug}"\n---\n'})
    assert refused(errors_of(site), "content/articles/a.md:4:", " error: slug ")


@pytest.mark.parametrize("cover", ["../../../outside/secret.png", "/../outside/secret.png", "..\\\\secret.png",
                                   "a\\0b.png", "/etc/hostname", "../../../../../../../../etc/hostname"])
def test_covers_outside_the_site_are_not_found(site_factory, secret, cover):
    site = site_factory({"content/articles/a/index.md":
                         f'---\ntitle: 甲\ndate: 2024-01-01\ncover: "{cover}"\ncover_alt: 图\n---\n'})
    assert refused(errors_of(site), "content/articles/a/index.md:4:", " error: cover image ")


@pytest.mark.parametrize("target", ["../../../outside/secret.png", "/../outside/secret.png", "/etc/hostname",
                                    "..\\..\\..\\outside\\secret.png", "%2e%2e/%2e%2e/%2e%2e/outside/secret.png"])
def test_markdown_links_and_images_outside_the_site_point_at_nothing(site_factory, secret, target):
    site = site_factory({"content/articles/a/index.md":
                         f"---\ntitle: 甲\ndate: 2024-01-01\n---\n![图]({target}) [文件]({target.replace('png', 'pdf')})\n"})
    result = build(site)
    assert len(result.warnings) == 2 and all(str(w).startswith("content/articles/a/index.md:5: warning:")
                                             for w in result.warnings)
    assert SECRET.encode() not in all_output(site / "public")


@pytest.mark.parametrize("file", ["../../../outside/secret.pdf", "/etc/hostname", "..\\\\secret.pdf", "a\\0b.pdf",
                                  "../../../../../../../../etc/hostname"])
def test_guide_materials_stay_in_their_bundle(site_factory, secret, file):
    site = site_factory({"content/guides/g/index.md":
                         f'---\ntitle: 指南\nprogram: p\norder: 1\nmaterials:\n  - title: 表\n    file: "{file}"\n---\n'},
                        PROGRAM_TOML)
    assert refused(errors_of(site), "content/guides/g/index.md:7:", " error: material file ")


def test_the_output_folder_cannot_replace_the_site(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for out in (site, site / "content", site / "content/x", Path("/"), tmp_path, site / "templates",
                site / ".git", Path.home()):
        assert unsafe_output(out, site), out
    (site / "site.toml").write_text("", encoding="utf-8")
    assert "exists and is not a folder" in unsafe_output(site / "site.toml", site)
    assert unsafe_output(site / "public", site) is None and unsafe_output(tmp_path / "www", site) is None
    os.symlink(site, tmp_path / "link")
    assert unsafe_output(tmp_path / "link", site)  # through a symbolic link too


@pytest.mark.parametrize("out", [".", "content", "/", "content/sub", ".."])
def test_the_command_line_refuses_such_output_folders(site_factory, out):
    site = site_factory({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n"})
    before = sorted(p.relative_to(site.parent) for p in site.parent.rglob("*"))
    errors = errors_of(site, out=(site / out) if out != "/" else Path("/"))
    assert len(errors) == 1 and ":1: error: " in errors[0]
    assert sorted(p.relative_to(site.parent) for p in site.parent.rglob("*") if ".cache" not in p.parts) == before


@pytest.mark.parametrize("rel", ["../x.html", "/etc/x", "a/../../x", "a\\..\\x", "a\0b", "", "a//b"])
def test_the_writer_refuses_paths_that_leave_the_output(tmp_path, rel):
    found = Diagnostics()
    write_site({rel: b"x", "ok.html": b"ok"}, tmp_path / "out", found)
    problems = list(found)
    assert problems and "is not a path inside the output folder" in problems[0].message
    assert list(tmp_path.iterdir()) == []
