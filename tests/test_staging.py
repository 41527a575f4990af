"""Private work folders and checked cache entries (build/staging.py): builds running at once
never see each other's half-made files, a killed build leaves nothing a later one publishes,
and a cached image or share card that was truncated or damaged is made again, never published."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from conftest import ROOT, build, copy_site, new_state
from sitegen.build.staging import SealedFolder, work_folder
from sitegen.media.cards import forget_changed_cards
from sitegen.outputs.search import _indexed_pages

SCHOOLS = ROOT / "tests/golden/schools/site"
ARTICLE = "---\ntitle: 校园禁毒宣传\ndate: 2024-01-01\ncover: photo.jpg\ncover_alt: 现场\n---\n![现场照片](photo.jpg)\n"


def photo(colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 600), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def site_with_photo(site_factory):
    return site_factory({"content/articles/p/index.md": ARTICLE, "content/articles/p/photo.jpg": photo()})


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_build_leaves_no_work_folder_and_removes_those_of_killed_builds(site_factory, tmp_path):
    site = site_with_photo(site_factory)
    leftover = site / ".cache/work" / f"{dead_pid()}-abc"
    (leftover / "image-0").mkdir(parents=True)
    (leftover / "image-0/photo.jpg").write_bytes(b"half")
    alive = site / ".cache/work" / f"{os.getppid()}-xyz"  # a build still running: left alone
    alive.mkdir()
    build(site, tmp_path / "out")
    assert sorted(p.name for p in (site / ".cache/work").iterdir()) == [alive.name]
    assert (tmp_path / "out/articles/p/photo.jpg").read_bytes()[:2] == b"\xff\xd8"


def test_the_work_folder_is_private_and_removed_even_on_failure(tmp_path):
    with work_folder(tmp_path) as first, work_folder(tmp_path) as second:
        assert first != second and first.parent == second.parent == tmp_path / ".cache/work"
        (first / "x").write_text("x")
    try:
        with work_folder(tmp_path) as third:
            raise RuntimeError("the build failed")
    except RuntimeError:
        pass
    assert not first.exists() and not second.exists() and not third.exists()


def _cached_variants(site: Path) -> list[Path]:
    return sorted(p for p in (site / ".cache/images").rglob("*") if p.is_file() and p.name != "manifest.json")


def test_a_truncated_or_damaged_cached_image_is_encoded_again(site_factory, tmp_path):
    site = site_with_photo(site_factory)
    first = build(site, tmp_path / "a")
    assert first.images.processed == 1
    good = {p.name: p.read_bytes() for p in _cached_variants(site)}
    published = (tmp_path / "a/articles/p/photo.jpg").read_bytes()
    for n, damage in enumerate(("truncate", "flip")):
        victim = _cached_variants(site)[n]
        data = victim.read_bytes()
        victim.write_bytes(data[: len(data) // 2] if damage == "truncate" else data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:])
        again = build(site, tmp_path / f"b{n}")
        assert (again.images.processed, again.images.cached) == (1, 0), damage
        assert {p.name: p.read_bytes() for p in _cached_variants(site)} == good
        assert (tmp_path / f"b{n}/articles/p/photo.jpg").read_bytes() == published
    assert build(site, tmp_path / "c").images.cached == 1


def test_a_cached_image_without_recorded_digests_is_encoded_again(site_factory, tmp_path):
    site = site_with_photo(site_factory)
    build(site, tmp_path / "a")
    manifest = next((site / ".cache/images").rglob("manifest.json"))
    data = json.loads(manifest.read_text())
    for variant in data["variants"]:
        del variant["sha256"]
    manifest.write_text(json.dumps(data))
    assert build(site, tmp_path / "b").images.processed == 1


def test_a_truncated_or_damaged_cached_card_is_drawn_again(site_factory, tmp_path):
    site = site_with_photo(site_factory)
    first = build(site, tmp_path / "a")
    assert first.cards_drawn == 2
    card = (tmp_path / "a/articles/p/og.jpg").read_bytes()
    cached = sorted((site / ".cache/cards").iterdir())
    assert len(cached) == 2 and all(p.name.count(".") == 2 for p in cached), "key.digest.jpg"
    for n, damage in enumerate(("truncate", "flip")):
        victim = next(p for p in (site / ".cache/cards").iterdir() if p.read_bytes() == card)
        data = victim.read_bytes()
        victim.write_bytes(data[:1000] if damage == "truncate" else data[:500] + bytes([data[500] ^ 1]) + data[501:])
        again = build(site, tmp_path / f"b{n}")
        assert again.cards_drawn == 1, damage
        assert (tmp_path / f"b{n}/articles/p/og.jpg").read_bytes() == card
        assert len(list((site / ".cache/cards").iterdir())) == 2, "the damaged file is gone"
    assert build(site, tmp_path / "c").cards_drawn == 0


def test_a_kept_state_does_not_reread_cached_cards_but_sees_damage(site_factory, tmp_path, monkeypatch):
    import sitegen.build.staging as staging

    site = site_with_photo(site_factory)
    state = new_state(site)
    assert build(site, tmp_path / "a", state=state).cards_drawn == 2
    hashed = []
    real = staging.file_digest
    monkeypatch.setattr(staging, "file_digest", lambda path: hashed.append(path) or real(path))
    assert build(site, tmp_path / "b", state=state).cards_drawn == 0
    assert hashed == [], "cards checked by an earlier build are known by their size and time"
    victim = next(p for p in (site / ".cache/cards").iterdir() if p.suffix == ".jpg")
    data = victim.read_bytes()
    victim.write_bytes(data[:500] + bytes([data[500] ^ 1]) + data[501:])  # same size, a new time
    forget_changed_cards(state.card_files, state.cache.cards)  # what the dev server does between saves
    again = build(site, tmp_path / "c", state=state)
    assert again.cards_drawn == 1 and victim.read_bytes() == data, "drawn again under the same name"
    assert (tmp_path / "c/articles/p/og.jpg").read_bytes() == data


def test_a_kept_state_does_not_look_its_cards_up_again(site_factory, tmp_path, monkeypatch):
    from sitegen.build.staging import SealedFolder

    site = site_with_photo(site_factory)
    state = new_state(site)
    build(site, tmp_path / "a", state=state)
    looked = []
    real = SealedFolder.find
    monkeypatch.setattr(SealedFolder, "find", lambda self, key, suffix: looked.append(key) or real(self, key, suffix))
    assert build(site, tmp_path / "b", state=state).cards_drawn == 0 and looked == []
    assert (tmp_path / "b/articles/p/og.jpg").read_bytes() == (tmp_path / "a/articles/p/og.jpg").read_bytes()
    (site / "content/articles/p/index.md").write_text(ARTICLE.replace("校园禁毒宣传", "校园禁毒宣传周"), "utf-8")
    assert build(site, tmp_path / "c", state=state).cards_drawn == 1 and len(looked) == 1, "a new title: looked up"


def test_a_sealed_file_is_checked_against_the_digest_in_its_name(tmp_path):
    from sitegen.build.staging import seal

    made = tmp_path / "work.jpg"
    made.write_bytes(b"card bytes")
    (tmp_path / "cache").mkdir()
    sealed = seal(made, tmp_path / "cache", "k1")
    assert SealedFolder(tmp_path / "cache").find("k1", ".jpg") == sealed
    assert SealedFolder(tmp_path / "cache").find("k2", ".jpg") is None
    sealed.write_bytes(b"card byte")
    assert SealedFolder(tmp_path / "cache").find("k1", ".jpg") is None and not sealed.exists()


def test_an_index_that_does_not_hold_every_page_is_noticed():
    entry = b'{"version":"1.5.2","languages":{"zh-cn":{"hash":"zh-cn_1","wasm":null,"page_count":51}}}'
    assert _indexed_pages(entry) == 51
    assert _indexed_pages(b"") == _indexed_pages(b'{"languages": []}') == _indexed_pages(b"{") == 0


def test_two_builds_of_one_site_at_once_each_publish_a_whole_index(tmp_path):
    site = copy_site(SCHOOLS, tmp_path / "site")
    build(site, tmp_path / "alone")
    expected = sorted(p.relative_to(tmp_path / "alone").as_posix() for p in (tmp_path / "alone/pagefind").rglob("*"))
    # Each with an empty cache of its own (in memory): both run Pagefind at the same time.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda name: build(site, tmp_path / name), ("one", "two")))
    for name in ("one", "two"):
        found = sorted(p.relative_to(tmp_path / name).as_posix() for p in (tmp_path / name / "pagefind").rglob("*"))
        assert found == expected, name
        assert len(list((tmp_path / name / "pagefind/0/fragment").iterdir())) == 9
    assert list((site / ".cache/work").iterdir()) == []


def snapshot(folder: Path) -> dict:
    """Every path under `folder` with its kind, size, time and bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[path.relative_to(folder).as_posix()] = (
            info.st_mode, info.st_size, info.st_mtime_ns, path.read_bytes() if path.is_file() else None
        )
    return found


def test_check_leaves_the_site_folder_byte_for_byte_untouched(site_factory, tmp_path):
    from sitegen.cli.main import main

    site = site_with_photo(site_factory)
    epoch = {"SOURCE_DATE_EPOCH": "1719763200"}
    before = snapshot(site)
    assert main(["check", "--site", str(site), "--lang", "en", "--quiet"], epoch) == 0
    assert snapshot(site) == before, "a site never built: no .cache/ appears"
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out"), "--quiet"], epoch) == 0
    # A new image, a changed template and a changed page: all work `check` must do without keeping it.
    (site / "content/articles/q").mkdir()
    (site / "content/articles/q/index.md").write_text(ARTICLE.replace("校园", "社区"), encoding="utf-8")
    (site / "content/articles/q/photo.jpg").write_bytes(photo((40, 40, 200)))
    (site / "templates").mkdir()
    (site / "templates/base.html").write_text('{% extends "theme/base.html" %}\n', encoding="utf-8")
    before = snapshot(site)
    assert main(["check", "--site", str(site), "--lang", "en", "--quiet"], epoch) == 0
    assert snapshot(site) == before, "the .cache/ of an earlier build is read, never written"
    (site / "content/articles/q/photo.jpg").write_bytes(b"not a photo")
    before = snapshot(site)
    assert main(["check", "--site", str(site), "--lang", "en", "--quiet"], epoch) == 1
    assert snapshot(site) == before, "nor when check finds errors"
