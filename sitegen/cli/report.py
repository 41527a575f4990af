"""What the command line prints about a run: problems and summary lines, in the site's language.

Every text is composed in English and translated by the message catalog where it is printed,
so the build record can keep it as it was composed and a later run shows it in its language.
"""

from __future__ import annotations

import re
import sys

from sitegen.errors import Problem
from sitegen.messages import shown, shown_line, translate

_PROBLEM = re.compile(r"^.+?:\d+: (error|warning): ")


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def print_problems(problems, language: str) -> None:
    for problem in problems:
        print(
            shown(problem, language) if isinstance(problem, Problem) else shown_line(problem, language),
            file=sys.stderr,
        )


def say(text: str, language: str, error: bool = False) -> None:
    try:
        text = shown_line(text, language) if _PROBLEM.match(text) else translate(text, language)
    except Exception:  # noqa: BLE001  the internal-failure line goes through here: never fail on it
        pass
    print(text, file=sys.stderr if error else sys.stdout, flush=True)


def totals(errors: int, warnings: int) -> str:
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"


def failed_line(problems: list[Problem], check_only: bool) -> str:
    errors = sum(p.is_error for p in problems)
    return f"{'check' if check_only else 'build'} failed: {totals(errors, len(problems) - errors)}"


def left_out_line(left_out) -> str | None:
    """'2 drafts and 1 scheduled item left out: --drafts shows them', or None."""
    drafts = sum(1 for entry in left_out if entry.draft)
    scheduled = len(left_out) - drafts
    if not left_out:
        return None
    parts = ([counted(drafts, "draft")] if drafts else []) + (
        [counted(scheduled, "scheduled item")] if scheduled else []
    )
    return f"{' and '.join(parts)} left out: --drafts shows {'it' if len(left_out) == 1 else 'them'}"


def left_out_lines(left_out) -> list[str]:
    """One line per left-out item, for `check`: what it is and, when scheduled, its date."""
    lines = []
    for entry in left_out:
        if entry.draft:
            lines.append(f"{entry.source}: draft (draft: true), left out")
        else:
            lines.append(f"{entry.source}: scheduled for {entry.date.isoformat()}, left out until then")
    return lines
