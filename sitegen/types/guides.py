"""Activity guides and their programmes: the schools' and officials' "five ones"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitegen.content.model import CommonFront, ContentType, Output
from sitegen.content.schema import suggest
from sitegen.errors import error
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


def _check(items, settings, walk) -> list:
    problems = []
    known = [p.slug for p in settings.programs]
    resources = sorted(i.slug for i in items if i.kind.name == "resource")
    taken: dict[tuple[str, int], Any] = {}  # (programme, order) -> the Item that holds it
    for item in (i for i in items if i.kind.name == "guide"):
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
                if walk.beside(item.folder, material.file) is None:
                    problems.append(
                        error(
                            item.source,
                            item.line_of("materials", index, "file"),
                            f"material file '{material.file}' not found beside {item.source}",
                        )
                    )
    return problems


def _outputs(site, guides) -> list[Output]:
    outputs = []
    for program in site.settings.programs:
        members = tuple(g for g in guides if g.front.program == program.slug)
        path = f"guides/{program.slug}/"
        outputs.append(
            Output(
                path + "index.html",
                "program.html",
                {"program": program, "guides": members, "canonical_path": path},
            )
        )
        outputs.append(Output(path + "qr.svg", data=qr_svg(site.absolute_url(path), program.title)))
    for guide in guides:
        outputs.append(
            Output(guide.path + "qr.svg", data=qr_svg(site.absolute_url(guide.path), guide.front.title))
        )
    return outputs


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
    check_all=_check,
    extra_outputs=_outputs,
    scaffold=SCAFFOLD,
    front_links=lambda item: [
        (item.line_of("materials", index, "url"), material.url)
        for index, material in enumerate(item.front.materials)
        if material.url
    ],
)
