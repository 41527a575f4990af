"""Cached builds equal fresh builds, byte for byte, through a series of edits."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import ROOT, build, new_state
from sitegen.build.state import cache_file, load_cache, save_cache

SCHOOLS = Path(__file__).parent / "golden/schools/site"


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("change a body", lambda s: edit(s / "content/articles/news.md", "详见", "请见")),
    ("change a title", lambda s: edit(s / "content/events/launch.md", "宣传月启动仪式", "宣传月启动大会")),
    ("add an article", lambda s: (s / "content/articles/new.md").write_text(
        "---\ntitle: 新文章\ndate: 2023-06-20\naudiences: [学生]\n---\n新的**内容**。\n", encoding="utf-8")),
    ("rename an article", lambda s: (s / "content/articles/new.md").rename(s / "content/articles/renamed.md")),
    ("delete an article", lambda s: (s / "content/articles/renamed.md").unlink()),
    ("change a template", lambda s: (s / "templates").mkdir() or (s / "templates/page.html").write_text(
        (ROOT / "templates/page.html").read_text().replace("<article", "<article data-edited"), encoding="utf-8")),
    ("change an included template", lambda s: (s / "templates/partials").mkdir() or
        (s / "templates/partials/terms.html").write_text("<p>分类</p>\n", encoding="utf-8")),
    ("change site.toml", lambda s: edit(s / "site.toml", 'title = "青山县禁毒宣传"', 'title = "青山县禁毒宣传网"')),
    ("change an asset", lambda s: (s / "assets/css").mkdir(parents=True) or
        (s / "assets/css/site.css").write_text("body { color: black; }\n", encoding="utf-8")),
    ("change a campaign task", lambda s: edit(s / "content/campaigns/propaganda-month.md", "报送活动方案", "报送实施方案")),
]


def test_cached_builds_equal_fresh_builds_through_a_series_of_edits(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SCHOOLS, site, ignore=shutil.ignore_patterns(".cache"))
    cache = new_state(site)
    build(site, tmp_path / "cached", state=cache)
    for number, (name, change) in enumerate(EDITS):
        change(site)
        cache.cache.hits = cache.cache.misses = 0
        build(site, tmp_path / "cached", state=cache)
        fresh = tmp_path / f"fresh{number}"
        build(site, fresh, state=new_state(site))
        assert snapshot(tmp_path / "cached") == snapshot(fresh), f"after: {name}"
        shutil.rmtree(fresh)


def test_unchanged_pages_are_not_rendered_again_and_keep_their_timestamps(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SCHOOLS, site, ignore=shutil.ignore_patterns(".cache"))
    out = tmp_path / "out"
    cache = new_state(site)
    build(site, out, state=cache)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    rendered_before = dict(cache.cache.pages)
    edit(site / "content/articles/news.md", "详见", "请见")
    os.utime(site / "content/articles/news.md")
    build(site, out, state=cache)
    changed = {path for path, entry in cache.cache.pages.items() if entry is not rendered_before.get(path)}
    # The article itself, and the pages that show its summary: lists, the home page, its term pages, the feed.
    assert "articles/news/index.html" in changed
    assert "events/launch/index.html" not in changed
    assert "guides/lesson/index.html" not in changed
    kept = [p for p, stamp in stamps.items() if p.exists() and p.stat().st_mtime_ns == stamp]
    assert out / "events/launch/index.html" in kept
    assert out / "articles/news/index.html" not in kept


def test_the_saved_cache_is_used_and_a_damaged_one_is_ignored(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SCHOOLS, site, ignore=shutil.ignore_patterns(".cache"))
    cache = new_state(site)
    build(site, tmp_path / "a", state=cache)
    save_cache(site, cache.cache)
    warm = new_state(site)
    warm._cache = load_cache(site)
    build(site, tmp_path / "b", state=warm)
    assert warm.cache.misses == 0 and warm.cache.hits > 0 and warm.cache.pages_rendered == 0
    cache_file(site).write_bytes(b"not a pickle")
    cold = load_cache(site)
    assert cold.pages == {} and cold.bodies == {}
    state = new_state(site)
    state._cache = cold
    build(site, tmp_path / "c", state=state)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "c")


def test_compiled_templates_are_kept_and_a_damaged_one_is_recompiled(site_factory, tmp_path):
    from conftest import build

    site = site_factory({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-06-01\n---\n\n正文。\n"})
    first = build(site, tmp_path / "one").files
    compiled = sorted((site / ".cache/templates").glob("*.cache"))
    assert compiled, "templates are compiled once and kept in .cache/templates"
    for path in compiled:
        path.write_bytes(b"\x00garbage")
    assert build(site, tmp_path / "two").files == first


def test_a_replaced_attachment_shows_its_new_size(tmp_path):
    """Pages show attachment sizes: a file replaced under the same name re-renders its page."""
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "golden/library/site", site, ignore=shutil.ignore_patterns(".cache"))
    cache = new_state(site)
    build(site, tmp_path / "cached", state=cache)
    pdf = site / "content/resources/lesson/lesson.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%" + b"0" * 50_000 + b"\n")
    build(site, tmp_path / "cached", state=cache)
    build(site, tmp_path / "fresh", state=new_state(site))
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "fresh")
