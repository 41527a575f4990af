"""Campaign progress as of the build's "now": each task's state in words, progress per area and
overall, and the next date of a recurring report. Pure functions of the front matter and now."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

STATUSES = ("未开始", "进行中", "已完成")
_EVERY = re.compile(r"^\s*(every|每月)|^\s*\d+\s*(st|nd|rd|th|日)\s*$")  # "20th" alone: a list's next day


@dataclass(frozen=True)
class TaskState:
    """How a task reads on the page: `state` is the CSS class, `words` what the reader sees."""

    task: object  # the campaign's Task
    state: str  # done, overdue, ended, open, passed, coming
    words: str
    next_report: dt.date | None = None


@dataclass(frozen=True)
class Progress:
    name: str  # the area, or "全部任务"
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0

    @property
    def words(self) -> str:
        return f"{self.total}项任务已完成{self.done}项（{self.percent}%）"


def _day(when) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def parse_reports(entries) -> tuple[tuple[int, ...], tuple[dt.date, ...], list[tuple[int, str]]]:
    """('every 10th, 20th, 30th' | '每月10日、20日、30日' | 'YYYY-MM-DD')... -> (days of the month,
    dates, [(index of the entry, problem)])."""
    days: list[int] = []
    dates: list[dt.date] = []
    problems = []
    for index, entry in enumerate(entries):
        text = str(entry).strip()
        if _EVERY.match(text):
            found = [int(n) for n in re.findall(r"\d+", text)]
            if not found or any(not 1 <= n <= 31 for n in found):
                problems.append(
                    (
                        index,
                        f"'{text}': write the days of the month from 1 to 31, such as 'every 10th, 20th, "
                        "30th'",
                    )
                )
            days += found
            continue
        try:
            dates.append(dt.date.fromisoformat(text))
        except ValueError:
            problems.append((index, f"'{text}' is neither a date (YYYY-MM-DD) nor 'every 10th, 20th, 30th'"))
    return tuple(sorted(set(days))), tuple(sorted(dates)), problems


def next_report(entries, start, end, today: dt.date) -> dt.date | None:
    """The first report date on or after `today` within the campaign, or None when none is left."""
    days, dates, _ = parse_reports(entries)
    first, last = max(_day(start), today), _day(end)
    due = [d for d in dates if first <= d <= last]
    year, month = first.year, first.month
    while days and (year, month) <= (last.year, last.month):
        length = calendar.monthrange(year, month)[1]
        for day in days:  # the 30th of February is its last day
            moment = dt.date(year, month, min(day, length))
            if first <= moment <= last:
                due.append(moment)
                break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return min(due) if due else None


def task_state(
    task, campaign_end, now: dt.datetime, zone, campaign_start=None, assumed: str | None = None
) -> TaskState:
    """`assumed`: the status of a task that gives none (未开始 when the campaign tracks progress)."""
    today = now.astimezone(zone).date()
    deadline, ended = _day(task.deadline), today > _day(campaign_end)
    status = "已完成" if task.done is not None else (task.status or assumed)
    upcoming = None
    if task.reports and not ended and status != "已完成":
        upcoming = next_report(task.reports, campaign_start or task.deadline, campaign_end, today)
    if status == "已完成":
        when = f"（{_cn(task.done)}）" if task.done else ""
        return TaskState(task, "done", f"已完成{when}")
    if ended:
        return TaskState(task, "ended", "行动已结束" + (f"，未报完成（{status}）" if status else ""))
    if deadline < today:
        late = (today - deadline).days
        if status is None:
            return TaskState(task, "passed", "已过时限", upcoming)
        return TaskState(task, "overdue", f"已逾期{late}天（{status}）", upcoming)
    left = (deadline - today).days
    remaining = "今天到期" if left == 0 else f"剩{left}天"
    if status is None:
        return TaskState(task, "coming", f"未到时限，{remaining}", upcoming)
    return TaskState(task, "open", f"{status}，{remaining}", upcoming)


def _cn(day) -> str:
    day = _day(day)
    return f"{day.year}年{day.month}月{day.day}日"


def tracks_progress(tasks) -> bool:
    """A plain task list (no task with a status or a done date) has no progress to show."""
    return any(t.status or t.done for t in tasks)


def progress_of(states: list[TaskState]) -> Progress:
    return Progress("全部任务", sum(s.state == "done" for s in states), len(states))
