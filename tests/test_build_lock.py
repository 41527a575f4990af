"""The build lock (build/lock.py), with real processes: a second `build` of a site waits for
the first and says so, gives up with a clear message when waiting is over, takes over the lock
of a killed build, and `check` (which writes nothing) takes no lock at all."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

import sitegen.cli.main
from conftest import ROOT
from sitegen.cli.main import main

PAGE = "---\ntitle: 关于我们\n---\n本站介绍。\n"
EPOCH = {"SOURCE_DATE_EPOCH": "1719763200"}
HOLD = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from sitegen.build.lock import build_lock
with build_lock(Path({site!r}), 0, print):
    print("held", flush=True)
    sys.stdin.readline()  # until the test lets go
"""


def holder(site) -> subprocess.Popen:
    """Another process that holds the site's build lock until a line arrives on its stdin."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(root=str(ROOT), site=str(site))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert process.stdout.readline() == "held\n"
    return process


def release(process: subprocess.Popen) -> None:
    process.stdin.write("go\n")
    process.stdin.flush()
    assert process.wait() == 0


@pytest.fixture
def site(site_factory):
    return site_factory({"content/pages/about.md": PAGE})


def test_a_second_build_waits_for_the_first_and_says_which_process_it_waits_for(site):
    other = holder(site)
    waiting = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site), "--quiet"],
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **EPOCH})
    first = waiting.stderr.readline()
    assert f".cache/build.lock:1: warning: 本网站的另一次构建正在进行（进程 {other.pid}，开始于 " in first
    assert waiting.poll() is None, "it waits"
    release(other)
    rest = waiting.communicate()[1]
    assert waiting.returncode == 0, rest
    assert (site / "public/about/index.html").is_file()


def test_a_build_that_waited_long_enough_gives_up_with_the_lock_and_the_process(site, monkeypatch, capsys):
    monkeypatch.setattr(sitegen.cli.main, "LOCK_WAIT", 0.5)
    other = holder(site)
    try:
        assert main(["build", "--site", str(site)], EPOCH) == 1
        err = capsys.readouterr().err
        assert f".cache/build.lock:1: error: 本网站的另一次构建仍在进行（进程 {other.pid}，开始于 " in err
        assert "请等它完成后再试" in err
        assert main(["build", "--site", str(site), "--lang", "en"], EPOCH) == 1
        err = capsys.readouterr().err
        assert f".cache/build.lock:1: error: another build of this site is still running (process {other.pid}, started " in err
        assert not (site / "public").exists(), "nothing was built or written"
        assert main(["check", "--site", str(site), "--quiet"], EPOCH) == 0, "check takes no lock"
    finally:
        release(other)


def test_the_lock_of_a_killed_build_is_taken_over(site, monkeypatch, capsys):
    monkeypatch.setattr(sitegen.cli.main, "LOCK_WAIT", 0.5)
    other = holder(site)
    other.send_signal(signal.SIGKILL)
    other.wait()
    assert str(other.pid) in (site / ".cache/build.lock").read_text(), "the dead process is still named in the file"
    assert main(["build", "--site", str(site), "--quiet"], EPOCH) == 0
    assert "build.lock" not in capsys.readouterr().err
    assert (site / ".cache/build.lock").read_text().split()[0] == str(os.getpid())
