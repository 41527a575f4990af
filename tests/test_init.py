"""`build.py init DIR`: a new site that builds, checks and serves at once; a non-empty folder refused."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT
from sitegen.cli.main import main
from sitegen.cli.starter_site import starter_files
from sitegen.settings import TOP_KEYS

NOW = "2024-07-01T00:00:00+08:00"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.mark.slow  # whole builds through the command line: `make test`, not `make unit`
def test_init_build_check_serve(tmp_path):
    site = tmp_path / "county"
    done = run("init", str(site))
    assert done.returncode == 0, done.stderr
    assert "下一步" in done.stdout and f"serve --site {site.as_posix()}" in done.stdout
    assert sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file()) == starter_files()
    assert (site / ".gitignore").read_text(encoding="utf-8").split("\n")[1:3] == ["public/", ".cache/"]
    kinds = {p.relative_to(site / "content").parts[0] for p in (site / "content").rglob("*.*")}
    assert kinds >= {"articles", "guides", "events", "campaigns", "pages", "resources", "quizzes", "index.md"}
    built = run("build", "--site", str(site), "--now", NOW)
    assert built.returncode == 0 and built.stderr == "", built.stderr
    for page in ("index.html", "articles/2023-propaganda-month-launch/index.html", "guides/students-five-ones/index.html",
                 "events/2023-626-rally/event.ics", "quizzes/anti-drug-basics/index.html", "about/index.html"):
        assert (site / "public" / page).is_file(), page
    checked = run("check", "--site", str(site), "--now", NOW)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    port = 8000 + int(time.time() * 1000) % 900 + 37
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/about/", timeout=5) as response:
                    assert "关于本站" in response.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.time() < deadline, "the server did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_init_refuses_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert main(["init", str(tmp_path), "--lang", "en"], {}) == 2
    assert capsys.readouterr().err.strip() == f"build.py: error: {tmp_path} is not empty: init only fills a new or empty folder"
    assert main(["init", str(tmp_path)], {}) == 2
    assert capsys.readouterr().err.strip() == f"build.py: error: {tmp_path} 不是空文件夹：init 只在新的或空的文件夹中建网站"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_an_empty_folder_is_filled(tmp_path, capsys):
    assert main(["init", str(tmp_path), "--lang", "en"], {}) == 0
    assert capsys.readouterr().out.startswith(f"New site created in {tmp_path.as_posix()}. Next steps:")
    assert (tmp_path / "site.toml").is_file()


def test_the_starter_site_toml_names_every_key():
    """Every key of site.toml is there, set or commented out, so an editor sees what exists."""
    text = (ROOT / "sitegen/cli/starter/site.toml").read_text(encoding="utf-8")
    for key in TOP_KEYS:
        assert any(line.lstrip("# ").startswith((f"{key} =", f"[{key}", f"[[{key}"))
                   for line in text.splitlines()), key
