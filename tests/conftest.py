"""Shared helpers: small inline sites written to tmp_path, and builds run in-process."""
from __future__ import annotations

import datetime as dt
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.errors import BuildFailed  # noqa: E402
from sitegen.build.pipeline import BuildOptions, build_site  # noqa: E402
from sitegen.build.state import BuildState  # noqa: E402

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
