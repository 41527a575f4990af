"""The build state's bookkeeping does no more work than the change: the engine is hashed once
per build, the page store is cleaned of what the build replaced (not walked whole), and the
dev server's folder knows a stored page by its name, not by hashing it again."""

from __future__ import annotations

from conftest import BASIC_TOML, NOW, build
from sitegen.build import record, state as state_module
from sitegen.build.cache import PageStore, StoredBytes
from sitegen.build.pipeline import BuildOptions, build_site
from sitegen.build.state import BuildState
from sitegen.build.writer import LiveFolder

TOML = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = false\nsearch = false')


def article(n: int, text: str = "正文。") -> str:
    return f"---\ntitle: 文章{n}\ndate: 2024-01-{n:02d}\n---\n{text}\n"


def cli_build(site, out) -> BuildState:
    """A build as the command line runs it: state opened from .cache/, built, committed."""
    state = BuildState.open(site, out, {"drafts": False})
    state.begin()
    result = build_site(
        BuildOptions(site_dir=site, out_dir=out, now=NOW, known_output=state.output_intact()), state
    )
    state.commit(result, "built")
    return state


def test_the_engine_is_hashed_once_per_build(site_factory, tmp_path, monkeypatch):
    site = site_factory({"content/articles/a1.md": article(1)}, TOML)
    read = []
    real = record.tree_digests
    monkeypatch.setattr(record, "tree_digests", lambda root: read.append(root) or real(root))
    cli_build(site, tmp_path / "out")
    cli_build(site, tmp_path / "out2")  # loads the cache saved by the first, saves again
    assert read.count(record.ENGINE_DIR) == 2, (
        "once per build: for the input digests, never again for the cache"
    )
    assert state_module.cache_format() == state_module.cache_format(record.file_digests(site))


def test_a_save_removes_only_the_pages_the_build_replaced(site_factory, tmp_path, monkeypatch):
    site = site_factory({f"content/articles/a{n}.md": article(n) for n in (1, 2, 3)}, TOML)
    out = tmp_path / "out"
    first = cli_build(site, out)
    store = first.store
    old = first.cache.pages["articles/a2/index.html"].stored
    assert store.path(old).is_file()
    stray = store.path("ff" + "0" * 62)  # left by someone else: only a cold save sweeps it
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"stray")

    def no_walk(self, wanted):
        raise AssertionError("the whole page store was walked")

    monkeypatch.setattr(PageStore, "keep_only", no_walk)
    (site / "content/articles/a2.md").write_text(article(2, "改过的正文。"), encoding="utf-8")
    second = cli_build(site, out)
    new = second.cache.pages["articles/a2/index.html"].stored
    assert new != old and store.path(new).is_file() and not store.path(old).exists()
    assert all(store.path(page.stored).is_file() for page in second.cache.pages.values())
    assert stray.exists()
    monkeypatch.undo()
    (site / ".cache/build/state.pickle").unlink()  # no cache to go by: the store is swept whole
    cli_build(site, out)
    assert not stray.exists()


def test_the_live_folder_knows_a_stored_page_by_its_file_name(tmp_path):
    stored = tmp_path / "store/ab" / ("cd" * 31)
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"<p>page</p>")
    data = StoredBytes(b"<p>page</p>")
    data.path = stored
    folder = LiveFolder(tmp_path / "live", sealed=(tmp_path / "cards", tmp_path / "store"))
    assert folder.write({"index.html": data}) == ["index.html"]
    assert folder.written["index.html"] == str(stored)  # its name is its digest: not hashed again
    assert folder.write({"index.html": data}) == []
    assert folder.write({"index.html": stored}) == [], "taken from the store next time: the same file"
    card = tmp_path / "cards/k.0123.png"  # a sealed share card: known by its name, not looked at
    card.parent.mkdir()
    card.write_bytes(b"png")
    assert folder.write({"index.html": stored, "og.png": card}) == ["og.png"]
    card.unlink()
    assert folder.write({"index.html": stored, "og.png": card}) == [], "not even looked at"
    assert (tmp_path / "live/index.html").read_bytes() == b"<p>page</p>"
    copy = tmp_path / "photo.jpg"  # a copy from content/: known by its stamp, changed in place
    copy.write_bytes(b"jpeg")
    assert folder.write({"index.html": stored, "photo.jpg": copy}) == ["photo.jpg"]
    copy.write_bytes(b"jpeg, edited")
    assert folder.write({"index.html": stored, "photo.jpg": copy}) == ["photo.jpg"]


def test_a_dev_build_leaves_the_store_alone(site_factory, tmp_path):
    site = site_factory({"content/articles/a1.md": article(1)}, TOML)
    state = BuildState.in_memory(site, tmp_path / "out")
    build(site, tmp_path / "out", state=state)
    assert state.save() == [] and not (site / ".cache/build/state.pickle").exists()


def test_the_dev_servers_walk_reads_only_changed_files(site_factory, monkeypatch):
    from sitegen.content import files

    site = site_factory({f"content/articles/a{n}.md": article(n) for n in (1, 2, 3)}, TOML)
    first = files.walk_site(site)
    read = []
    real = files._digest
    monkeypatch.setattr(files, "_digest", lambda path: read.append(path) or real(path))
    (site / "content/articles/a2.md").write_text(article(2, "改过。"), encoding="utf-8")
    again = files.walk_site(site, first)
    assert [p.rsplit("/", 1)[-1] for p in read] == ["a2.md"]
    assert again.files["content/articles/a1.md"].digest == first.files["content/articles/a1.md"].digest
    assert again.files["content/articles/a2.md"].digest != first.files["content/articles/a2.md"].digest
    read.clear()
    files.walk_site(site)  # without an earlier walk (the command line) every file is read
    assert len(read) == len(first.files)


def test_a_dev_build_keeps_no_moments_and_reuses_body_keys(site_factory, tmp_path, monkeypatch):
    from sitegen.build import pipeline

    site = site_factory({f"content/articles/a{n}.md": article(n) for n in (1, 2, 3)}, TOML)
    state = BuildState.in_memory(site, tmp_path / "out")
    assert build(site, tmp_path / "out", state=state).moments == ()  # only a recorded build needs them
    computed = []
    real = pipeline.digest
    monkeypatch.setattr(pipeline, "digest", lambda *parts: computed.append(parts) or real(*parts))
    (site / "content/articles/a2.md").write_text(article(2, "改过。"), encoding="utf-8")
    build(site, tmp_path / "out", state=state)
    # body keys: (body, folder, line, summary, cover, links key)
    bodies = [parts for parts in computed if len(parts) == 6 and str(parts[1]).startswith("content/")]
    assert [parts[0] for parts in bodies] == ["改过。\n"], "only the edited article's body key is worked out again"


def test_a_build_that_finds_nothing_changed_does_not_import_the_engine(site_factory, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    site = site_factory({"content/articles/a1.md": article(1)}, TOML)
    command = ["build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW.isoformat()]
    probe = (
        "import sys; from sitegen.cli.main import main; code = main(sys.argv[1:]); "
        "print(code, sorted(m for m in ('sitegen.types', 'sitegen.settings', 'jinja2', 'markdown', 'PIL') "
        "if m in sys.modules))"
    )
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")[-2]
    assert run().startswith("0 ['PIL', 'jinja2', 'markdown', 'sitegen.settings', 'sitegen.types']")
    assert run() == "0 []", "the no-change shortcut: ~0.1 s, the engine's imports alone take ~0.3 s"


def test_the_watchers_paths_are_all_the_dev_servers_walk_looks_at(site_factory, monkeypatch):
    from sitegen.content import files

    site = site_factory({f"content/articles/a{n}.md": article(n) for n in (1, 2, 3)}, TOML)
    site = site.resolve()
    first = files.walk_site(site)
    assert not first.linked
    looked = []
    real_lstat = files.os.lstat
    monkeypatch.setattr(files.os, "lstat", lambda path: looked.append(str(path)) or real_lstat(path))
    edited, unreported = site / "content/articles/a2.md", site / "content/articles/a3.md"
    edited.write_text(article(2, "改过。"), encoding="utf-8")
    unreported.write_text(article(3, "也改过，没有报告。"), encoding="utf-8")
    again = files.walk_site(site, first, frozenset({str(edited)}))
    inside = [path for path in looked if path.startswith(str(site) + "/")]
    assert inside == [str(edited)] * len(inside) and inside and list(again.files) == list(first.files)
    assert again.files["content/articles/a2.md"].digest != first.files["content/articles/a2.md"].digest
    assert again.files["content/articles/a3.md"] == first.files["content/articles/a3.md"]
    # a file the watcher reports that the last walk did not hold: everything is walked again
    new = site / "content/articles/a4.md"
    new.write_text(article(4), encoding="utf-8")
    looked.clear()
    whole = files.walk_site(site, again, frozenset({str(new)}))
    assert "content/articles/a4.md" in whole.files and str(unreported) in looked
    assert whole.files["content/articles/a3.md"].digest != first.files["content/articles/a3.md"].digest


def test_a_reported_file_gone_too_large_or_not_regular_is_walked_as_a_whole_walk_would(site_factory):
    import os

    from sitegen.content import files

    site = site_factory({f"content/articles/a{n}.md": article(n) for n in (1, 2)}, TOML).resolve()
    first = files.walk_site(site)
    gone = site / "content/articles/a1.md"
    gone.unlink()
    after = files.walk_site(site, first, frozenset({str(gone)}))
    assert "content/articles/a1.md" not in after.files and after == files.walk_site(site)
    large = site / "content/articles/a2.md"
    large.write_bytes(b"x" * (files.LIMITS["content"] + 1))
    refused = files.walk_site(site, after, frozenset({str(large)}))
    assert "content/articles/a2.md" not in refused.files
    assert [p.path for p in refused.problems] == ["content/articles/a2.md"]
    large.unlink()
    os.mkfifo(large)
    special = files.walk_site(site, after, frozenset({str(large)}))
    assert [p.path for p in special.problems] == ["content/articles/a2.md"] and "FIFO" in special.problems[0].message


def test_a_stored_page_seen_intact_is_not_looked_at_again_until_rechecked(tmp_path):
    store = PageStore(tmp_path / "pages")
    page, _ = store.put(b"<p>one</p>")
    assert store.get(page) == store.path(page.stored)
    store.path(page.stored).unlink()  # deleted by hand, or by a build on the command line
    assert store.get(page) is not None, "not looked at: trusted until the dev server's tidy rechecks"
    store.recheck()
    assert store.get(page) is None
    again, _ = store.put(b"<p>one</p>")
    assert store.get(again) is not None
    store.path(again.stored).write_bytes(b"<p>changed</p>")
    store.recheck()
    assert store.get(again) is None


def test_the_dev_server_keeps_its_template_environment_while_settings_and_templates_stay(site_factory, tmp_path):
    import dataclasses

    from sitegen.errors import Diagnostics
    from sitegen.settings import load_settings

    site = site_factory({"content/articles/a1.md": article(1)}, TOML)
    settings = load_settings(site, Diagnostics(), None)
    state = BuildState.in_memory(site, tmp_path / "out")
    kept = state.environment(settings, compiled=False)
    assert state.environment(settings, compiled=False) is kept
    assert state.environment(dataclasses.replace(settings, title="另一个站"), compiled=False) is not kept
    kept = state.environment(settings, compiled=False)
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/article.html").write_text("{{ item.title }}", encoding="utf-8")  # a new override
    assert state.environment(settings, compiled=False) is not kept
    recorded = BuildState.open(site, tmp_path / "out", {"drafts": False})
    assert recorded.environment(settings, compiled=False) is not recorded.environment(settings, compiled=False)


def test_a_site_with_a_symbolic_link_is_walked_whole_on_every_change(site_factory):
    from sitegen.content import files

    site = site_factory({"content/articles/a1.md": article(1)}, TOML).resolve()
    (site / "content/articles/a2.md").symlink_to(site / "content/articles/a1.md")
    first = files.walk_site(site)
    assert first.linked
    target = site / "content/articles/a1.md"
    target.write_text(article(1, "改过。"), encoding="utf-8")  # the watcher reports the target only
    again = files.walk_site(site, first, frozenset({str(target)}))
    assert again.files["content/articles/a2.md"].digest == again.files["content/articles/a1.md"].digest
    assert again.files["content/articles/a2.md"].digest != first.files["content/articles/a2.md"].digest
