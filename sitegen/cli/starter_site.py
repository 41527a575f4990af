"""`build.py init DIR`: a new site folder that builds, checks and serves at once.

The starter is a real site kept in sitegen/cli/starter/ (tests build it as it is): a
commented site.toml, one example of every content type and a .gitignore.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STARTER = Path(__file__).with_name("starter")
LEFT_OUT = {".cache", "public"}  # what a build of the starter itself may have left there

NEXT_STEPS_ZH = """\
已在 {folder} 建好新网站。下一步：
  1. 打开 {folder}/site.toml，改网站名称（title）、网址（base_url）和主办单位（organization）。
  2. 预览：python build.py serve --site {folder}   然后在浏览器打开 http://127.0.0.1:8000/
  3. 写新内容：python build.py new article 标题 --site {folder}   （示例内容可以改写或删除）
  4. 发布前检查：python build.py check --site {folder}，再生成：python build.py build --site {folder}
所有设置项和字段的说明见 docs/reference.md，编辑指南见 docs/editing.md。"""

NEXT_STEPS_EN = """\
New site created in {folder}. Next steps:
  1. Edit {folder}/site.toml: the site's title, base_url and organization.
  2. Preview: python build.py serve --site {folder}   then open http://127.0.0.1:8000/
  3. Write: python build.py new article TITLE --site {folder}   (rewrite or delete the examples)
  4. Before publishing: python build.py check --site {folder}, then python build.py build --site {folder}
Every setting and field is listed in docs/reference.md; the editors' guide is docs/editing.md."""


def starter_files() -> list[Path]:
    """The starter's files, relative to its folder, in a stable order."""
    return sorted(
        path.relative_to(STARTER)
        for path in STARTER.rglob("*")
        if path.is_file() and not LEFT_OUT & set(path.relative_to(STARTER).parts)
    )


def refusal(folder: Path) -> str | None:
    """Why `folder` cannot become a new site, or None."""
    if folder.exists() and not folder.is_dir():
        return f"{folder} exists and is not a folder"
    if folder.is_dir() and any(folder.iterdir()):
        return f"{folder} is not empty: init only fills a new or empty folder"
    return None


def init_site(folder: Path) -> list[Path]:
    """Copy the starter into `folder` (new or empty, checked by the caller); return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for rel in starter_files():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STARTER / rel, target)
        written.append(rel)
    return written


def next_steps(folder: Path, chinese: bool) -> str:
    return (NEXT_STEPS_ZH if chinese else NEXT_STEPS_EN).format(folder=folder.as_posix())
