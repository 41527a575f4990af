"""Campaigns: propaganda months and special actions, with phases, goals and task lists."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitegen.errors import error
from sitegen.content.model import CommonFront, ContentType, as_moment
from sitegen.content.schema import When


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


@dataclass(frozen=True, kw_only=True)
class CampaignFront(CommonFront):
    start: When = field()
    end: When = field()
    theme: str = ""
    goals: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    tasks: tuple[Task, ...] = ()


def _check(items, settings, site_dir) -> list:
    problems = []
    zone = settings.zone
    for item in (i for i in items if i.kind.name == "campaign"):
        front = item.front
        if as_moment(front.end, zone) < as_moment(front.start, zone):
            problems.append(error(item.source, item.line_of("end"), "the campaign ends before it starts"))
        for index, phase in enumerate(front.phases):
            if phase.start and phase.end and as_moment(phase.end, zone) < as_moment(phase.start, zone):
                problems.append(error(item.source, item.line_of("phases", index, "end"),
                                      f"phase '{phase.name}' ends before it starts"))
    return problems


def tasks_by_area(front: CampaignFront, now: dt.datetime) -> list[tuple[str, list[tuple[Task, bool]]]]:
    """Areas in the order they first appear; tasks by deadline, each with 'passed'."""
    areas: dict[str, list[Task]] = {}
    for task in front.tasks:
        areas.setdefault(task.area, []).append(task)
    zone = now.tzinfo
    return [(area, [(task, as_moment(task.deadline, zone, end_of_day=True) < now)
                    for task in sorted(tasks, key=lambda t: as_moment(t.deadline, zone))])
            for area, tasks in areas.items()]


def _helpers(site) -> dict:
    return {"tasks_by_area": lambda front: tasks_by_area(front, site.now)}


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
{taxonomies}draft: true               # 写完后改为 false 或删除本行
---

## 工作要求
"""

CAMPAIGN = ContentType("campaign", "campaigns", CampaignFront, "campaigns/{slug}/", "campaign.html", "专项行动", "专项行动",
                       sort_key=lambda item, now: (item.front.start.isoformat(), item.front.title),
                       newest_first=True, check_all=_check, helpers=_helpers, scaffold=SCAFFOLD,
                       now_key=lambda items, now: tuple((i.source, str(tasks_by_area(i.front, now))) for i in items))
