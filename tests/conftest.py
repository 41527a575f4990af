"""Shared helpers: small inline sites written to tmp_path, and builds run in-process."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.errors import BuildFailed, Diagnostics  # noqa: E402
from sitegen.settings import load_settings  # noqa: E402
from sitegen.build.pipeline import BuildOptions, build_site  # noqa: E402
from sitegen.build.state import BuildState  # noqa: E402
from sitegen.build import dependencies  # noqa: E402

NOW = dt.datetime(2024, 7, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))

BASIC_TOML = """\
title = "测试站"
base_url = "https://example.org/sub/"

[taxonomies.tags]
[taxonomies.venues]
terms = ["学校", "社区", "家庭", "单位", "场所", "农村", "网络"]
[taxonomies.audiences]
terms = ["学生", "家长", "教师", "公职人员", "公众"]
"""


SITE_PARTS = ("site.toml", "content", "templates", "assets", "data", "expected-errors.txt")
FIXTURE_FOLDERS = (ROOT / "tests" / "golden", ROOT / "tests" / "invalid")


def copy_site(source: Path, target: Path) -> Path:
    """A copy of a committed site (a fixture, or the repository's own demonstration site) to
    build in: tests never write into the repository. Copied once per target."""
    if not target.exists():
        target.mkdir(parents=True)
        for part in SITE_PARTS:
            if (source / part).is_dir():
                shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns(".cache"))
            elif (source / part).is_file():
                shutil.copy2(source / part, target / part)
    return target


def _analysed_once(analyse):
    """The template analysis (build/dependencies.py) kept for the whole test session, by all of
    what it is computed from. It parses every template of the theme: most of a small site's build
    (~0.2 of ~0.3 CPU s), paid again by each test's fresh build state; the engine's own memo
    between builds still runs above this one. The environment only parses: not in the key."""
    analyses: dict[tuple, dependencies.TemplateKeys] = {}

    def analysed(env, sources: dict, everything: str, helper_reads: dict):
        key = (everything, frozenset(sources.items()), frozenset(helper_reads.items()))
        if key not in analyses:
            analyses[key] = analyse(env, sources, everything, helper_reads)
        return analyses[key]
    return analysed


dependencies._closure_keys = _analysed_once(dependencies._closure_keys)


def _written_into_fixtures() -> set[str]:
    return {str(p) for folder in FIXTURE_FOLDERS for name in (".cache", "public") for p in folder.rglob(name)}


# Modules that build whole sites, run subprocesses or kill builds: `make test` runs them,
# `make unit` (the quick tier, no apt) leaves them out.
SLOW_MODULES = {"test_bench_smoke", "test_compress", "test_demo_site", "test_dependencies", "test_exhaustion",
                "test_odd_sites", "test_serve_watch", "test_fuzz_hardening",  # every command in subprocesses,
                # real file-system watches, hypothesis: together over half of the quick tier's time
                "test_faults", "test_fuzz", "test_incremental", "test_manifest"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
            if path.stem == "test_nginx":
                item.add_marker(pytest.mark.serving)
        elif path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def pytest_sessionstart(session):
    session.config._fixture_leftovers = _written_into_fixtures()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when a test built inside a committed fixture instead of a copy."""
    new = _written_into_fixtures() - getattr(session.config, "_fixture_leftovers", set())
    if new:
        print(f"\nERROR: tests wrote into committed fixtures (copy them with conftest.copy_site): {sorted(new)}")
        session.exitstatus = 1


def write_site(root: Path, files: dict[str, str | bytes], toml: str = BASIC_TOML) -> Path:
    """Write a site: {"content/articles/a.md": "...", ...}; text is dedented."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(toml, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


def build(site: Path, out: Path | None = None, **options):
    """Build in-process; returns BuildResult, raises BuildFailed."""
    out = out or site / "public"
    state = options.pop("state", None)
    return build_site(BuildOptions(site_dir=site, out_dir=out, now=options.pop("now", NOW), **options), state)


def settings_of(site: Path, base_url: str | None = None):
    """(Settings or None, the problems found) of a site folder."""
    problems = Diagnostics()
    settings = load_settings(site, problems, base_url)
    return settings, list(problems)


def new_state(site: Path):
    """A build state kept in memory, as the dev server keeps one."""
    return BuildState.in_memory(site, site / "public")


def errors_of(site: Path, **options) -> list[str]:
    """The error lines a failing build reports, as the command line prints them."""
    with pytest.raises(BuildFailed) as failed:
        build(site, **options)
    return [str(p) for p in failed.value.problems if p.is_error]


@pytest.fixture
def site_factory(tmp_path):
    def make(files: dict, toml: str = BASIC_TOML, name: str = "site") -> Path:
        return write_site(tmp_path / name, files, toml)
    return make
