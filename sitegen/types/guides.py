"""Activity guides and their programmes: the schools' and officials' "five ones"."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.content.model import CheckContext, CommonFront, ContentType, ExtraPage, Output
from sitegen.content.schema import suggest
from sitegen.errors import Diagnostics, error
from sitegen.media.qr import qr_svg
from sitegen.settings import RecordLabels

ORDER_RANGE = range(1, 6)


@dataclass(frozen=True, kw_only=True)
class Material:
    title: str
    file: str | None = None  # in the guide's bundle
    url: str | None = None  # a page of the site (/...) or another site
    resource: str | None = None  # the slug of an item of the resource library


@dataclass(frozen=True, kw_only=True)
class GuideFront(CommonFront):
    program: str = field()
    order: int = field()
    grades: str = ""
    duration: str = ""
    objectives: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()
    record_form: bool = False
    record_labels: RecordLabels = RecordLabels()  # the sheet's labels this guide sets over its programme's


def _check(guides, context: CheckContext, problems: Diagnostics) -> None:
    settings = context.settings
    known = [p.slug for p in settings.programs]
    resources = context.slugs_of("resource")
    taken: dict[tuple[str, int], Any] = {}  # (programme, order) -> the Item that holds it
    for item in guides:
        front = item.front
        if settings.program(front.program) is None:
            allowed = ", ".join(known) if known else "none: declare [programs.<slug>] in site.toml"
            problems.append(
                error(
                    item.source,
                    item.line_of("program"),
                    f"unknown programme '{front.program}'; known: {allowed}",
                )
            )
        if front.order not in ORDER_RANGE:
            problems.append(
                error(item.source, item.line_of("order"), f"order must be 1 to 5, not {front.order}")
            )
        other = taken.setdefault((front.program, front.order), item)
        if other is not item:
            for here, there in ((item, other), (other, item)):
                problems.append(
                    error(
                        here.source,
                        here.line_of("order"),
                        f"order {front.order} of '{front.program}' is also used by {there.source}",
                    )
                )
        if item.slug in known:
            problems.append(
                error(
                    item.source,
                    item.line_of("slug"),
                    f"slug '{item.slug}' is taken by the programme page guides/{item.slug}/",
                )
            )
        for index, material in enumerate(front.materials):
            line = item.line_of("materials", index)
            if sum(ref is not None for ref in (material.file, material.url, material.resource)) != 1:
                problems.append(
                    error(item.source, line, "a material needs one of 'file', 'url' or 'resource'")
                )
            elif material.resource is not None and material.resource not in resources:
                problems.append(
                    error(
                        item.source,
                        item.line_of("materials", index, "resource"),
                        f"no resource with slug '{material.resource}'{suggest(material.resource, resources)}"
                        f" (known: {', '.join(resources) or 'none'})",
                    )
                )
            elif material.file is not None and ("\0" in material.file or "\\" in material.file):
                problems.append(
                    error(
                        item.source,
                        item.line_of("materials", index, "file"),
                        f"material file {material.file!r} must be a path such as 'files/sheet.pdf'",
                    )
                )
            elif material.file is not None:
                if context.walk.beside(item.folder, material.file) is None:
                    problems.append(
                        error(
                            item.source,
                            item.line_of("materials", index, "file"),
                            f"material file '{material.file}' not found beside {item.source}",
                        )
                    )


def _slug_clash(guide, other) -> str:
    """Two programmes' guides from files of the same name (visit.md) would share an address."""
    return (
        f"duplicate slug '{guide.slug}': {guide.source} and {other.source} would both be "
        f"guides/{guide.slug}/; give one of them its own slug, such as "
        f"'slug: {guide.front.program}-{guide.slug}'"
    )


def _program_pages(site, guides) -> list[ExtraPage]:
    """One page per programme declared in site.toml, with its guides in order."""
    pages = []
    for program in site.settings.programs:
        members = tuple(g for g in guides if g.front.program == program.slug)
        path = f"guides/{program.slug}/"
        context = {"program": program, "guides": members, "canonical_path": path}
        pages.append(ExtraPage(path, "program.html", context, program.title, program.description))
    return pages


def _outputs(site, guides) -> list[Output]:
    outputs = []
    for program in site.settings.programs:
        path = f"guides/{program.slug}/"
        outputs.append(Output(path + "qr.svg", data=qr_svg(site.absolute_url(path), program.title)))
    for guide in guides:
        outputs.append(
            Output(guide.path + "qr.svg", data=qr_svg(site.absolute_url(guide.path), guide.front.title))
        )
    return outputs


def _new_fields(site_dir: Path, settings):
    """`build.py new guide` writes into the first programme, at its first free order."""
    if not settings.programs:
        return error("site.toml", 1, "declare a programme first: [programs.<slug>] with a title")
    program = settings.programs[0].slug
    folder = site_dir / "content" / "guides" / program
    taken = {_order_of(p) for p in folder.glob("*.md")} | {_order_of(p) for p in folder.glob("*/index.md")}
    order = next((n for n in ORDER_RANGE if n not in taken), None)
    if order is None:
        return error(
            f"content/guides/{program}",
            1,
            f"programme '{program}' already has its five activities (order 1-5)",
        )
    return program, {"program": program, "order": order}


def _order_of(path: Path) -> int | None:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:40]:
        if line.startswith("order:"):
            try:
                return int(line.split(":", 1)[1].split("#")[0])
            except ValueError:
                return None
    return None


SCAFFOLD = """\
---
title: {title}
program: {program}        # 所属项目，见 site.toml 的 [programs.…]
order: {order}            # 在项目中的序号，1 到 5
grades: 小学五年级至高中二年级   # 适用年级或对象
duration: 1课时（40分钟）  # 活动时长
objectives:               # 活动目标
  - 待填写
materials:                # 活动材料：title 加 file（同一文件夹中的文件）、url 或 resource（资源库的网址名）
  # - title: 教学课件
  #   url: /articles/……/
record_form: true         # 是否附打印用的活动记录表
{taxonomies}draft: true               # 写完后改为 false 或删除本行
---

## 活动准备

## 活动步骤

1.\x20

## 注意事项
"""

GUIDE = ContentType(
    "guide",
    "guides",
    GuideFront,
    "guides/{slug}/",
    "guide.html",
    "活动指南",
    "活动指南",
    list_template="guide-list.html",
    sort_key=lambda item, now: (item.front.program, item.front.order, item.front.title),
    cards_by_default=True,
    check=_check,
    slug_clash=_slug_clash,
    extra_outputs=_outputs,
    extra_pages=_program_pages,
    search_text=lambda item: [item.front.grades, item.front.duration, *item.front.objectives],
    scaffold=SCAFFOLD,
    new_fields=_new_fields,
    front_links=lambda item: [
        (item.line_of("materials", index, "url"), material.url)
        for index, material in enumerate(item.front.materials)
        if material.url
    ],
)
