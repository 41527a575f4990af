"""Faults: a build killed at any point, a full or read-only disk, a damaged cache.

The last good output must survive every one of them, and the next build must succeed.
"""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import BASIC_TOML, ROOT, build, errors_of
from sitegen.build import record, swap, writer as writing
from sitegen.build.state import cache_file, cache_format, load_cache

NOW = "2024-07-01T00:00:00+08:00"
QUIET_TOML = BASIC_TOML.replace('title = "测试站"', 'title = "测试站"\nshare_cards = false\nsearch = false')


def article(n: int, text: str = "正文。") -> str:
    return f"---\ntitle: 文章{n}\ndate: 2024-01-{n:02d}\n---\n{text}\n"


@pytest.fixture
def small_site(site_factory):
    return site_factory({f"content/articles/a{n}.md": article(n) for n in range(1, 8)}, QUIET_TOML)


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


# A build run as a separate process that SIGKILLs itself at one chosen moment of writing.
KILLER = textwrap.dedent("""
    import os, signal, sys, pathlib
    sys.path.insert(0, {root!r})
    from sitegen.build import swap, writer as writing
    from sitegen.cli import main as cli
    point = sys.argv[1]
    die = lambda: os.kill(os.getpid(), signal.SIGKILL)
    if point == "mid-write":  # the fifth file written or linked into the new tree
        real, real_link, count = pathlib.Path.write_bytes, os.link, [0]
        def counted(target):
            if "/.cache/pages/" not in str(target):
                count[0] += 1
                if count[0] == 5:
                    die()
        def write_bytes(self, data):
            counted(self)
            return real(self, data)
        def link(source, target, **options):
            counted(target)
            return real_link(source, target, **options)
        pathlib.Path.write_bytes = write_bytes
        os.link = link
    elif point == "before-swap":
        swap.swap = lambda new, out: die()
    elif point == "after-swap":
        real_swap = swap.swap
        swap.swap = lambda new, out: (real_swap(new, out), die())
    elif point == "between-renames":  # a file system without the atomic exchange
        swap.exchange = lambda a, b: False
        real_rename, renames = os.rename, [0]
        def rename(a, b):
            real_rename(a, b)
            renames[0] += 1
            if renames[0] == 1:
                die()
        os.rename = rename
    sys.exit(cli.main(sys.argv[2:]))
""")


def run_build(site: Path, out: Path, point: str | None = None) -> subprocess.CompletedProcess:
    args = ["build", "--site", str(site), "--out", str(out), "--now", NOW, "--quiet", "--lang", "en"]
    if point is None:
        command = [sys.executable, str(ROOT / "build.py")] + args
    else:
        command = [sys.executable, "-c", KILLER.format(root=str(ROOT)), point] + args
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("point", ["mid-write", "before-swap", "between-renames", "after-swap"])
def test_a_build_killed_while_writing_loses_nothing(small_site, tmp_path, point):
    out = tmp_path / "public"
    assert run_build(small_site, out).returncode == 0
    good = snapshot(out)
    (small_site / "content/articles/a1.md").write_text(article(1, "改过的正文。"), encoding="utf-8")
    (small_site / "content/articles/a9.md").write_text(article(9), encoding="utf-8")
    killed = run_build(small_site, out, point)
    assert killed.returncode == -9, killed.stderr
    if point == "after-swap":
        assert "改过的正文" in (out / "articles/a1/index.html").read_text(encoding="utf-8")
    elif point == "between-renames":
        assert not out.exists() and any(".old-" in name for name in leftovers(out))
    else:
        assert snapshot(out) == good  # exactly as it was
    # what the killed build left behind: a staging or old tree beside the output, or a half-updated spare
    assert leftovers(out) or writing.spare_folder(small_site, out).is_dir()
    again = run_build(small_site, out)
    assert again.returncode == 0, again.stderr
    assert leftovers(out) == []  # ... is cleaned up by the next one
    assert "改过的正文" in (out / "articles/a1/index.html").read_text(encoding="utf-8")
    assert (out / "articles/a9/index.html").is_file()
    build(small_site, tmp_path / "fresh")
    assert snapshot(out) == snapshot(tmp_path / "fresh")  # nothing of the half-written tree leaks through


def test_a_failing_build_puts_back_an_output_left_half_swapped(small_site, tmp_path):
    out = tmp_path / "public"
    assert run_build(small_site, out).returncode == 0
    good = snapshot(out)
    (small_site / "content/articles/a1.md").write_text(article(1, "改过的正文。"), encoding="utf-8")  # something to write
    assert run_build(small_site, out, "between-renames").returncode == -9
    (small_site / "content/articles/bad.md").write_text("---\ntitle: 坏\ndate: 2024-13-01\n---\n", encoding="utf-8")
    failed = run_build(small_site, out)
    assert failed.returncode == 1 and "content/articles/bad.md:3: error" in failed.stderr
    assert snapshot(out) == good and leftovers(out) == []


def test_the_swap_works_without_the_atomic_exchange(small_site, tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    out = tmp_path / "public"
    build(small_site, out)
    (small_site / "content/articles/a1.md").write_text(article(1, "第二版。"), encoding="utf-8")
    build(small_site, out)
    assert "第二版" in (out / "articles/a1/index.html").read_text(encoding="utf-8")
    _join_removals()
    assert leftovers(out) == []


def _join_removals():
    import threading

    for thread in threading.enumerate():
        if thread.name == "remove-old-output":
            thread.join()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_disk_error_is_reported_and_the_output_kept(small_site, tmp_path, monkeypatch, code):
    out = tmp_path / "public"
    build(small_site, out)
    good = snapshot(out)
    real, real_replace = Path.write_bytes, os.replace

    def failing(self, data):
        if "articles" in self.as_posix():
            raise OSError(code, os.strerror(code), str(self))
        return real(self, data)

    def failing_replace(source, target, **options):  # pages are linked from the page store, then renamed
        if "articles" in str(target):
            raise OSError(code, os.strerror(code), str(target))
        return real_replace(source, target, **options)

    monkeypatch.setattr(Path, "write_bytes", failing)
    monkeypatch.setattr(os, "replace", failing_replace)
    (small_site / "content/articles/a1.md").write_text(article(1, "新的。"), encoding="utf-8")
    errors = errors_of(small_site, out=out)
    assert errors == [f"{out}:1: error: could not write the site: {os.strerror(code)} "
                      f"({errors[0].split('(', 1)[1].split(')')[0]}); the previous output is unchanged"]
    assert snapshot(out) == good and leftovers(out) == []


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture
def disk(tmp_path):
    """A small real file system (tmpfs), when this machine lets the tests mount one."""
    folder = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount_tmpfs(folder, "1m"):
        pytest.skip("mounting a tmpfs needs root with CAP_SYS_ADMIN; the simulated disk errors above still ran")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_gives_a_clear_error(small_site, disk):
    out = disk / "public"
    assert run_build(small_site, out).returncode == 0
    good = snapshot(out)
    (small_site / "content/articles/big.pdf").write_bytes(os.urandom(1_200_000))
    failed = run_build(small_site, out)
    assert failed.returncode == 1
    assert f"{out}:1: error: could not write the site: No space left on device" in failed.stderr
    assert snapshot(out) == good and leftovers(out) == []


def test_a_read_only_disk_gives_a_clear_error(small_site, disk):
    out = disk / "public"
    assert run_build(small_site, out).returncode == 0
    good = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    (small_site / "content/articles/a1.md").write_text(article(1, "新的。"), encoding="utf-8")
    failed = run_build(small_site, out)
    assert failed.returncode == 1
    assert f"{out}:1: error: could not write the site: Read-only file system" in failed.stderr
    assert snapshot(out) == good


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05\x95garbage", "truncated"])
def test_a_damaged_cache_is_ignored_and_rebuilt(small_site, tmp_path, damage):
    out = tmp_path / "public"
    assert run_build(small_site, out).returncode == 0
    good = snapshot(out)
    state = cache_file(small_site)
    if damage == "truncated":
        damage = state.read_bytes()[: state.stat().st_size // 2]
    state.write_bytes(damage)
    assert load_cache(small_site).loaded == {}
    record.forget(small_site)  # else the no-change shortcut would not even read the cache
    rebuilt = run_build(small_site, out)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert snapshot(out) == good
    assert load_cache(small_site).loaded  # saved afresh


def test_a_cache_of_the_wrong_shape_is_ignored(small_site, tmp_path):
    import pickle


    cache_file(small_site).parent.mkdir(parents=True, exist_ok=True)
    cache_file(small_site).write_bytes(pickle.dumps((cache_format(), {"not": "a cache"})))
    assert load_cache(small_site).loaded == {}
    assert run_build(small_site, tmp_path / "public").returncode == 0


@pytest.mark.parametrize("exchange", [True, False], ids=["rename-exchange", "two-renames"])
def test_the_spare_tree_is_reused_and_never_leaks_into_the_output(small_site, tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    out = tmp_path / "public"
    spare = writing.spare_folder(small_site, out)
    for round_ in range(4):
        (small_site / f"content/articles/a{round_ + 1}.md").write_text(article(round_ + 1, f"第{round_}次改。"),
                                                                        encoding="utf-8")
        if round_ == 2:
            (small_site / "content/articles/a7.md").unlink()  # a deleted page must not come back
            (spare / "stray.html").write_text("left by an interrupted build")
            (spare / "articles/a3/index.html").write_text("tampered")
        build(small_site, out, write=True)
        fresh = tmp_path / f"fresh{round_}"
        build(small_site, fresh)
        assert snapshot(out) == snapshot(fresh)
        assert leftovers(out) == []
        if round_ >= 1:
            assert spare.is_dir(), "the replaced tree is kept for the next build"
    assert not (out / "articles/a7").exists()
    unchanged = out / "articles/a6/index.html"
    assert os.path.samestat(unchanged.stat(), (spare / "articles/a6/index.html").stat())  # shared, not copied
