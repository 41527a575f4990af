"""One walk of the site and the published-file policy (issues 13 and 16): lstat first, only
regular files read, links out of the site refused unread, size limits, active types refused,
every clash of output paths an error naming both sides."""
from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASIC_TOML, ROOT, build, errors_of
from sitegen.content.files import walk_site
from sitegen.content.model import Output
from sitegen.content.published import svg_problem
from sitegen.render.clashes import clashes

QUIET = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = false\nsearch = false')
ARTICLE = "---\ntitle: 甲\ndate: 2024-01-01\n---\n正文\n"
SVG_OK = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"><rect width="2" height="1"/></svg>'
ALLOW_SVG = QUIET + '[files]\nallow = [".svg"]\n'


@pytest.fixture
def site(site_factory):
    return site_factory({"content/articles/a/index.md": ARTICLE}, QUIET)


def cli_build(site: Path, out: Path) -> subprocess.CompletedProcess:
    """As a separate process with a time limit: a FIFO that was opened would hang it."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--lang", "en", "--site", str(site), "--out", str(out),
                           "--now", "2024-07-01T00:00:00+08:00", "--quiet"], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("where", ["content/articles/a/pipe.pdf", "templates/pipe.html", "assets/pipe.css",
                                   "data/pipe.txt"])
def test_a_fifo_is_refused_and_never_opened(site, tmp_path, where):
    (site / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(site / where)
    done = cli_build(site, tmp_path / "out")
    assert done.returncode == 1
    assert f"{where}:1: error: this is a FIFO (named pipe), not a regular file" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_socket_and_a_device_are_refused(site, tmp_path):
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(site / "content/articles/a/sock.pdf"))
    os.symlink("/dev/zero", site / "content/articles/a/zero.pdf")  # outside the site
    try:
        errors = errors_of(site)
    finally:
        listener.close()
    assert "content/articles/a/sock.pdf:1: error: this is a socket, not a regular file: the build reads only " \
           "regular files; remove it" in errors
    assert any(e.startswith("content/articles/a/zero.pdf:1: error: this symbolic link leads outside the site")
               for e in errors)


@pytest.mark.parametrize("link", ["site.toml", "content", "templates", "templates/base.html", "assets/site.css",
                                  "assets", "data", "data/search-words.txt", "content/articles/a/x.pdf"])
def test_links_out_of_the_site_are_refused_everywhere(site, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("TOP-SECRET")
    path = site / link
    (path.parent).mkdir(parents=True, exist_ok=True)
    if path.exists():
        os.rename(path, tmp_path / "moved-away")
    os.symlink(outside if "." not in link.split("/")[-1] else outside / "secret.txt", path)
    done = cli_build(site, tmp_path / "out")
    assert done.returncode == 1 and f"{link}:1: error: this symbolic link leads outside the site" in done.stderr
    assert "TOP-SECRET" not in done.stderr and not (tmp_path / "out").exists()


def test_links_into_git_and_loops_are_refused(site):
    (site / ".git").mkdir()
    (site / ".git/config").write_text("[remote] url = secret")
    os.symlink(site / ".git/config", site / "content/articles/a/config.txt")
    os.symlink(site / "content/articles/a/loop2.pdf", site / "content/articles/a/loop1.pdf")
    os.symlink(site / "content/articles/a/loop1.pdf", site / "content/articles/a/loop2.pdf")
    os.symlink(site / "content/articles", site / "content/articles/a/up")
    errors = errors_of(site)
    assert "content/articles/a/config.txt:1: error: this symbolic link leads into the hidden folder .git/config, " \
           "which is never published" in errors
    assert any(e.startswith("content/articles/a/loop1.pdf:1: error: this symbolic link leads to a loop") for e in errors)
    assert "content/articles/a/up:1: error: this symbolic link leads back into a folder above it (a loop)" in errors


def test_hidden_folders_are_never_published(site):
    (site / "content/articles/a/.git").mkdir()
    (site / "content/articles/a/.git/config").write_text("secret")
    (site / "content/.git").mkdir()
    (site / "content/.git/HEAD").write_text("ref")
    result = build(site)
    assert not [p for p in result.files if ".git" in p]
    assert ".git" not in {part for p in (site / "public").rglob("*") for part in p.parts}


@pytest.mark.parametrize("where, size, what", [("content/articles/big.md", 2, "a Markdown or YAML source"),
                                               ("templates/big.html", 1, "a template"),
                                               ("site.toml", 1, "site.toml")])
def test_size_limits_per_kind(site, where, size, what):
    path = site / where
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as handle:
        handle.truncate(size * 1024 * 1024 + 1)
    errors = errors_of(site)
    assert f"{where}:1: error: the file is {size:.1f} MB; {what} may be at most {size} MB: split it up" in errors


def test_attachments_over_the_limit_are_refused(site_factory):
    site = site_factory({"content/articles/a/index.md": ARTICLE, "content/articles/a/big.pdf": b"%PDF" + b"0" * 1100000},
                        QUIET.replace("share_cards", "max_attachment_mb = 1\nshare_cards"))
    assert errors_of(site) == ["content/articles/a/big.pdf:1: error: the file is 1.0 MB, more than max_attachment_mb"
                               " = 1 in site.toml: compress it, or publish it elsewhere and link to it"]


def test_a_file_has_one_record_that_the_build_uses(site):
    (site / "content/articles/a/sheet.pdf").write_bytes(b"%PDF-1.4")
    walk = walk_site(site)
    record = walk.get("content/articles/a/sheet.pdf")
    assert (record.size, record.digest, record.output) == (8, hashlib.sha256(b"%PDF-1.4").hexdigest(), None)
    result = build(site)
    assert result.files["articles/a/sheet.pdf"] == Path(record.path)


# --- the published-file policy ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["index.html", "articles/a/x.html", "articles/a/x.htm", "articles/a/x.svg",
                                  "articles/a/x.js", "articles/a/x.mjs", "articles/a/x.xml", "articles/a/x.css",
                                  "articles/a/x.json", "articles/a/x.dat", "pages/evil.shtml"])
def test_active_and_unknown_types_are_refused(site, name):
    (site / "content" / name).parent.mkdir(parents=True, exist_ok=True)
    (site / "content" / name).write_text("<script>alert(document.domain)</script>")
    suffix = Path(name).suffix
    assert errors_of(site) == [f"content/{name}:1: error: '{suffix}' files are not published from content/: a browser "
                               "could run them in the site's origin (or the type is unknown); remove the file, or list "
                               f"the type in site.toml under [files] allow = [\"{suffix}\"] if every editor is trusted "
                               "(see README)"]


def test_an_allowed_svg_is_published_and_shown_as_an_img(site_factory):
    site = site_factory({"content/articles/a/index.md": ARTICLE + "\n![图](p.svg)\n", "content/articles/a/p.svg": SVG_OK},
                        ALLOW_SVG)
    result = build(site)
    page = result.files["articles/a/index.html"].decode()
    assert '<img alt="图" src="/sub/articles/a/p.svg"' in page or 'src="/sub/articles/a/p.svg"' in page
    assert "<object" not in page and "<embed" not in page and "<iframe" not in page
    assert (site / "public/articles/a/p.svg").read_text() == SVG_OK


@pytest.mark.parametrize("svg, reason", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "holds a <script> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "holds an event handler (onload=)"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
     "holds a <foreignobject> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)">'
     '<text>x</text></a></svg>', "refers to 'javascript:alert(1)'"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>',
     "refers to 'https://tracker.example/p.png'"),
    ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     "declares a DOCTYPE or entities"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>',
     "holds a <set> element"),
])
def test_an_allowed_svg_that_could_script_is_still_refused(site_factory, svg, reason):
    assert svg_problem(svg.encode()) == reason
    site = site_factory({"content/articles/a/index.md": ARTICLE, "content/articles/a/p.svg": svg}, ALLOW_SVG)
    [line] = errors_of(site)
    assert line.startswith(f"content/articles/a/p.svg:1: error: this SVG {reason}: ")


def test_the_switch_is_validated(site_factory):
    site = site_factory({}, QUIET + '[files]\nallow = ["svg"]\nother = 1\n')
    errors = errors_of(site)
    assert "site.toml:12: error: files.allow takes file types such as \".svg\", not 'svg'" in errors
    assert "site.toml:13: error: unknown key 'files.other'" in errors


@pytest.mark.parametrize("name, generated", [("index.html", "the generated page index.html"),
                                             ("robots.txt", "the generated page robots.txt"),
                                             ("feed.xml", "the generated page feed.xml"),
                                             ("404.html", "the generated page 404.html")])
def test_a_content_file_never_replaces_a_generated_output(site_factory, name, generated):
    site = site_factory({"content/articles/a/index.md": ARTICLE, f"content/{name}": "User-agent: *\nDisallow: /\n"},
                        QUIET + '[files]\nallow = [".html", ".xml"]\n')
    assert errors_of(site) == [f"content/{name}:1: error: the file content/{name} and {generated} are both "
                               f"published at /{name}; give one of them another name"]


@pytest.mark.parametrize("alias", ["/index.html", "/feed.xml", "/robots.txt", "/sitemap.xml", "/404.html", "/articles/"])
def test_an_alias_never_replaces_a_generated_output(site_factory, tmp_path, alias):
    site = site_factory({"content/articles/a.md": f'---\ntitle: 甲\ndate: 2024-01-01\naliases: ["{alias}"]\n---\n'},
                        QUIET)
    taken = alias.strip("/") if alias != "/articles/" else "articles/index.html"
    errors = errors_of(site, out=tmp_path / "out", write=True)
    assert errors == [f"content/articles/a.md:4: error: the alias '{alias}' of content/articles/a.md and the generated "
                      f"page {taken} are both published at /{taken}; give one of them another name"]
    assert not (tmp_path / "out").exists()


def test_a_taxonomy_never_replaces_a_section(site_factory):
    site = site_factory({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n"},
                        QUIET + "[taxonomies.articles]\n")
    [line] = errors_of(site)  # site.toml refuses the name first ...
    assert line.startswith("site.toml:11: error: a taxonomy may not be named 'articles'")
    # ... and the plan's own check of every output path stands behind it
    problems = clashes([Output("articles/index.html", "list.html", {}), Output("articles/index.html", "taxonomy.html", {})],
                       {}, {"articles"})
    assert [str(p) for p in problems] == [
        "site.toml:1: error: the pages of the taxonomy 'articles' ([taxonomies.articles] in site.toml) and the "
        "generated page articles/index.html are both published at /articles/index.html; give one of them another name"]


def test_a_page_never_replaces_a_generated_page(site_factory):
    site = site_factory({"content/pages/search.md": "---\ntitle: 搜索\n---\n"}, BASIC_TOML)
    assert "content/pages/search.md:1: error: the page of content/pages/search.md and the generated page " \
           "search/index.html are both published at /search/index.html; give one of them another name" in errors_of(site)


def test_a_bundle_inside_a_bundle_is_published(site_factory):
    site = site_factory({"content/articles/a/index.md": ARTICLE + "[内](b/sheet.pdf)\n",
                         "content/articles/a/b/index.md": "---\ntitle: 乙\ndate: 2024-01-02\n---\n[表](sheet.pdf)\n",
                         "content/articles/a/b/sheet.pdf": b"%PDF-1.4"}, QUIET)
    result = build(site)
    assert "articles/b/index.html" in result.files and "articles/b/sheet.pdf" in result.files
    assert 'href="/sub/articles/b/sheet.pdf"' in result.files["articles/a/index.html"].decode()
    assert 'href="/sub/articles/b/sheet.pdf"' in result.files["articles/b/index.html"].decode()
