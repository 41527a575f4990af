"""One error type for the whole build (a path, a line and a message), and the one collector
every stage that can find problems is handed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A finding about one place in the site. `severity` is "error" or "warning"."""

    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, message, "error")


def warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, message, "warning")


class BuildFailed(Exception):
    """Raised at the end of a stage that found errors; carries every problem found so far."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{sum(p.is_error for p in problems)} error(s)")
        self.problems = sorted(problems)


def reason(exc: Exception) -> str:
    """Why a file operation failed, in the system's words without its number and path ("No space
    left on device"): the message catalog has them in Chinese."""
    return getattr(exc, "strerror", None) or str(exc)


class Diagnostics:
    """Every problem a build finds, in the order found. A stage is handed the collector, adds
    what it finds and carries on, so one build reports all its errors at once; the pipeline
    stops between stages when there are errors, before anything is written."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._found: list[Problem] = list(problems)

    def append(self, problem: Problem) -> None:
        self._found.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._found.extend(problems)

    def __iadd__(self, problems: Iterable[Problem]) -> Diagnostics:
        self.extend(problems)
        return self

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self._found)

    def stop_if_errors(self) -> None:
        if self.has_errors:
            raise BuildFailed(self._found)
