"""One error type for the whole build: a path, a line and a message."""

from __future__ import annotations

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


def raise_if_errors(problems: list[Problem]) -> None:
    if any(p.is_error for p in problems):
        raise BuildFailed(problems)


def reason(exc: Exception) -> str:
    """Why a file operation failed, in the system's words without its number and path ("No space
    left on device"): the message catalog has them in Chinese."""
    return getattr(exc, "strerror", None) or str(exc)
