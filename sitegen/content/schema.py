"""Turn a parsed front-matter mapping into a typed dataclass, collecting every problem.

The content types declare their front matter as frozen dataclasses; this module reads the
type hints and checks each value, so a type's schema is its dataclass and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import types
import typing
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

When = typing.Union[dt.datetime, dt.date]  # noqa: UP007 - a date, or a time of day with its zone
LineOf = Callable[[tuple], int]  # field path -> line in the source file
Report = Callable[[int, str], None]  # (line, message)

MIN_YEAR, MAX_YEAR = 1000, 8999  # 虎门销烟 (1839) fits; year 1 and 9999 overflow calendar sums
DATE_HINT = "use YYYY-MM-DD or ISO 8601 such as 2023-06-26T09:00:00+08:00"


def suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def parse_when(value: Any, zone: ZoneInfo) -> When | None:
    """YAML already turns most dates into date/datetime; strings get one more chance."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return None


def build(
    cls: type,
    data: dict,
    path: tuple,
    line_of: LineOf,
    report: Report,
    zone: ZoneInfo,
    also_known: tuple = (),
):
    """Validate `data` against dataclass `cls`; return an instance, or None when it is unusable.
    `also_known` are field names handled elsewhere, offered as suggestions too."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    ok = True
    for key, value in data.items():
        if key not in fields:
            report(
                line_of(path + (key,)),
                f"unknown field '{_dotted(path + (key,))}'"
                + suggest(str(key), list(fields) + list(also_known)),
            )
            ok = False
            continue
        if value is None:  # "field:" with nothing after it: as if not written
            continue
        converted = _convert(hints[key], value, path + (key,), line_of, report, zone)
        if converted is _INVALID:
            ok = False
        elif converted is not None:
            values[key] = converted
    for name, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and name not in values and data.get(name) is None:
            report(line_of(path), f"missing required field '{_dotted(path + (name,))}'")
            ok = False
    return cls(**values) if ok else None


_INVALID = object()


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _type_name(hint) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false", dt.date: "a date"}
    if hint == When:
        return "a date or date and time"
    if typing.get_origin(hint) is tuple:
        return "a list"
    if dataclasses.is_dataclass(hint):
        return "a mapping with " + ", ".join(f.name for f in dataclasses.fields(hint))
    return names.get(hint, getattr(hint, "__name__", str(hint)))


def _convert_date(hint, value, path, line_of: LineOf, report: Report, zone):
    """A `When` (date, or time of day with its zone) or a plain date; _INVALID with a hint if unreadable."""
    moment = parse_when(value, zone)
    if moment is None or (hint is dt.date and isinstance(moment, dt.datetime)):  # noqa
        from sitegen.content.slips import iso_date_for

        iso = iso_date_for(value)
        report(
            line_of(path),
            f"bad date {str(value)!r} for '{_dotted(path)}': "
            + (f"write {iso} (year-month-day with '-')" if iso else DATE_HINT),
        )
        return _INVALID
    if not MIN_YEAR <= moment.year <= MAX_YEAR:  # a day either side in any time zone must still exist
        report(
            line_of(path),
            f"date {str(value)!r} for '{_dotted(path)}' is out of range: years {MIN_YEAR} to {MAX_YEAR}",
        )
        return _INVALID
    return moment


def _convert_list(item_hint, value: list, path, line_of: LineOf, report: Report, zone):
    items = [_convert(item_hint, v, path + (i,), line_of, report, zone) for i, v in enumerate(value)]
    if any(v is _INVALID for v in items):
        return _INVALID
    return tuple(v for v in items if v is not None)


def _convert(hint, value, path, line_of: LineOf, report: Report, zone):
    """Return the converted value, None for an explicit empty value, or _INVALID."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType) and hint != When:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        hint = args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007 - built at run time
        origin = typing.get_origin(hint)

    def wrong(extra: str = "") -> object:
        shown = value if isinstance(value, (str, int, float, bool, dt.date)) else type(value).__name__
        report(line_of(path), f"'{_dotted(path)}' must be {_type_name(hint)}, not {shown!r}{extra}")
        return _INVALID

    if hint == When or hint is dt.date:
        return _convert_date(hint, value, path, line_of, report, zone)
    if hint is bool:
        return value if isinstance(value, bool) else wrong(" (write true or false)")
    if hint is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else wrong()
    if hint is float:  # a figure: 129816 stays a whole number, 0.79 a decimal
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else wrong()
    if hint is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value if isinstance(value, str) else wrong()
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        if isinstance(value, str) and item_hint is str:
            value = [value]  # a single term written without brackets
        return (
            _convert_list(item_hint, value, path, line_of, report, zone)
            if isinstance(value, list)
            else wrong()
        )
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(value, dict):
            return wrong()
        built = build(hint, value, path, line_of, report, zone)
        return _INVALID if built is None else built
    raise TypeError(f"schema type {hint!r} is not supported")
