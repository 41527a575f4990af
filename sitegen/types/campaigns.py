"""Campaigns: propaganda months and special actions, with phases, goals, task lists and progress."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field

from sitegen.content.model import CheckContext, CommonFront, ContentType, as_moment
from sitegen.content.schema import When, suggest
from sitegen.errors import Diagnostics, error
from sitegen.figures.progress import (
    STATUSES,
    Progress,
    TaskState,
    parse_reports,
    progress_of,
    task_state,
    tracks_progress,
)
from sitegen.figures.timeline import timeline_svg


@dataclass(frozen=True, kw_only=True)
class Phase:
    name: str
    start: When | None = None
    end: When | None = None
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class Task:
    area: str
    deadline: When
    task: str
    lead: str = ""
    responsible: tuple[str, ...] = ()
    status: str | None = None  # 未开始, 进行中, 已完成
    done: dt.date | None = None  # the day it was finished (implies 已完成)
    report: str | None = None  # a URL, or the source path of the article reporting it
    reports: tuple[str, ...] = ()  # recurring reports: "every 10th, 20th, 30th" or dates


@dataclass(frozen=True, kw_only=True)
class CampaignFront(CommonFront):
    start: When = field()
    end: When = field()
    theme: str = ""
    goals: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    tasks: tuple[Task, ...] = ()


def _check(campaigns, context: CheckContext, problems: Diagnostics) -> None:
    zone = context.settings.zone
    for item in campaigns:
        front = item.front
        if as_moment(front.end, zone) < as_moment(front.start, zone):
            problems.append(error(item.source, item.line_of("end"), "the campaign ends before it starts"))
        for index, phase in enumerate(front.phases):
            if phase.start and phase.end and as_moment(phase.end, zone) < as_moment(phase.start, zone):
                problems.append(
                    error(
                        item.source,
                        item.line_of("phases", index, "end"),
                        f"phase '{phase.name}' ends before it starts",
                    )
                )
        for index, task in enumerate(front.tasks):
            _check_task(item, index, task, context.sources, zone, problems)


def _check_task(item, index: int, task: Task, sources: frozenset, zone, problems: Diagnostics) -> None:
    def at(name: str) -> int:
        return item.line_of("tasks", index, name)

    front = item.front
    if task.status is not None and task.status not in STATUSES:
        problems.append(
            error(
                item.source,
                at("status"),
                f"status '{task.status}' is not one of {', '.join(STATUSES)}{suggest(task.status, STATUSES)}",
            )
        )
    if task.done is not None:
        first = min(
            [_day(front.start)] + [_day(p.start) for p in front.phases if p.start]
        )  # preparations count
        if task.done < first:
            problems.append(
                error(item.source, at("done"), f"'done: {task.done}' is before the campaign starts ({first})")
            )
        if task.status not in (None, "已完成"):
            problems.append(
                error(
                    item.source,
                    at("done"),
                    f"'done' says the task is finished but its status is '{task.status}'",
                )
            )
    if (
        task.report is not None
        and report_source(item, task.report) not in sources
        and not _is_url(task.report)
    ):
        problems.append(
            error(
                item.source,
                at("report"),
                f"report '{task.report}' points at nothing: give an https:// "
                "address or the source path of an article, such as content/articles/x.md",
            )
        )
    _, dates, found = parse_reports(task.reports)
    problems += [
        error(item.source, item.line_of("tasks", index, "reports", n), message) for n, message in found
    ]
    for day in dates:
        if not _day(front.start) <= day <= _day(front.end):
            problems.append(error(item.source, at("reports"), f"report date {day} is outside the campaign"))


def _day(when) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def _is_url(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def report_source(item, ref: str) -> str:
    """A report written as a source path: from the site folder (content/...) or from the campaign's file."""
    ref = ref.split("#")[0].strip()
    if ref.startswith("content/"):
        return posixpath.normpath(ref)
    if ref.startswith("/"):
        return posixpath.normpath("content" + ref)
    return posixpath.normpath(posixpath.join(item.folder, ref))


@dataclass(frozen=True)
class Area:
    name: str
    tasks: tuple[TaskState, ...]  # by deadline
    progress: Progress | None


@dataclass(frozen=True)
class CampaignView:
    """What the campaign page and its card show, as of now."""

    areas: tuple[Area, ...]
    progress: Progress | None
    overdue: tuple[TaskState, ...]
    ended: bool
    timeline: str  # SVG markup
    timeline_words: str


def campaign_view(front: CampaignFront, now: dt.datetime) -> CampaignView:
    zone = now.tzinfo
    grouped: dict[str, list[Task]] = {}
    for task in front.tasks:
        grouped.setdefault(task.area, []).append(task)
    areas = []
    every: list[TaskState] = []
    tracked = tracks_progress(front.tasks)
    for name, tasks in grouped.items():
        states = [
            task_state(t, front.end, now, zone, front.start, "未开始" if tracked else None)
            for t in sorted(tasks, key=lambda t: as_moment(t.deadline, zone))
        ]
        every += states
        done = progress_of(states)
        areas.append(Area(name, tuple(states), Progress(name, done.done, done.total) if tracked else None))
    today = now.date()
    svg, words = timeline_svg(front, every, today)
    return CampaignView(
        tuple(areas),
        progress_of(every) if tracked else None,
        tuple(s for s in every if s.state == "overdue"),
        today > _day(front.end),
        svg,
        words,
    )


def _helpers(site) -> dict:
    def report_url(item, ref: str) -> str | None:
        if _is_url(ref):
            return ref
        path = site.address(report_source(item, ref))  # recorded: the page depends on that address only
        return site.url(path) if path is not None else None

    return {"campaign_view": lambda front: campaign_view(front, site.now), "report_url": report_url}


SCAFFOLD = """\
---
title: {title}
start: {date}             # 开始日期
end: {date}               # 结束日期
theme:                    # 主题
goals:                    # 工作目标
  - 待填写
phases:                   # 工作步骤
  - name: 动员部署
    start: {date}
    end: {date}
tasks:                    # 任务清单
  - area: 组织领导        # 工作领域
    deadline: {date}      # 完成时限
    task: 待填写          # 工作任务
    lead: 待填写          # 牵头单位
    responsible: []       # 责任单位
    status: 未开始        # 未开始、进行中、已完成
    # done: {date}        # 完成日期
    # report: content/articles/x.md   # 工作报告：文章的文件路径或网址
{taxonomies}draft: true               # 写完后改为 false 或删除本行
---

## 工作要求
"""

CAMPAIGN = ContentType(
    "campaign",
    "campaigns",
    CampaignFront,
    "campaigns/{slug}/",
    "campaign.html",
    "专项行动",
    "专项行动",
    list_template="campaign-list.html",  # cards with progress (only campaign pages use the helpers)
    sort_key=lambda item, now: (item.front.start.isoformat(), item.front.title),
    newest_first=True,
    cards_by_default=True,
    check=_check,
    search_text=lambda item: [item.front.theme, *item.front.goals, *(task.task for task in item.front.tasks)],
    helpers=_helpers,
    scaffold=SCAFFOLD,
    now_key=lambda items, now: tuple((i.source, str(campaign_view(i.front, now))) for i in items),
)
