"""Charts and stats checked against their numbers: from front matter or a file under data/.

Every problem is a path:line error, in the content file or in the data file that holds it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from sitegen.content import schema
from sitegen.content.reading import decode, parse_yaml
from sitegen.errors import Diagnostics, Problem, error
from sitegen.figures.model import CHART_KINDS, Chart, ChartFront, Series, number

Where = tuple[str, int]  # (path, line)

DATA_SUFFIXES = (".yaml", ".yml", ".csv")


def check_stats(items, problems: Diagnostics) -> None:
    for item in items:
        for index, stat in enumerate(item.front.stats):
            if _is_percent(stat.unit) and stat.value > 100:
                problems.append(
                    error(
                        item.source,
                        item.line_of("stats", index, "value"),
                        f"'{stat.label}' is {number(stat.value)}%: a percentage cannot be over 100",
                    )
                )


def resolve_charts(site_dir: Path, items, zone, problems: Diagnostics) -> dict:
    """source -> tuple of checked Charts, for every item with `charts`."""
    charts: dict[str, tuple[Chart, ...]] = {}
    for item in items:
        found = []
        for index, front in enumerate(item.front.charts):
            chart = _resolve(site_dir, item, index, front, zone, problems)
            if chart is not None:
                found.append(chart)
        if found:
            charts[item.source] = tuple(found)
    return charts


def _resolve(site_dir, item, index, front: ChartFront, zone, problems) -> Chart | None:
    def at(*path) -> Where:
        return item.source, item.line_of("charts", index, *path)

    series = [(s.name, s.values, at("series", n, "values")) for n, s in enumerate(front.series)]
    categories, categories_at = front.categories, at("categories")
    base = front
    if front.data:
        loaded = _load_file(site_dir, front.data, at("data"), zone, problems)
        if loaded is None:
            return None
        base, categories_file, series_file, categories_at_file = loaded
        if front.categories or front.series:
            problems.append(error(*at("data"), "give the numbers either here or in the data file, not both"))
            return None
        categories, series, categories_at = categories_file, series_file, categories_at_file
    title = front.title or base.title
    kind = front.type or base.type or "bar"
    unit = front.unit if front.unit is not None else (base.unit or "")
    found = _chart_problems(title, kind, categories, categories_at, series, unit, at)
    if found:
        problems.extend(found)
        return None
    return Chart(
        title or "",  # a chart without one was refused above
        kind,
        tuple(categories),
        tuple(Series(n, tuple(v)) for n, v, _ in series),
        unit,
        front.summary or base.summary or "",
        front.source or base.source or "",
    )


def _chart_problems(
    title: str | None,
    kind: str,
    categories,
    categories_at: Where,
    series: list[tuple[str, tuple, Where]],
    unit: str,
    at: Callable[..., Where],
) -> list[Problem]:
    """What is wrong with a chart's fields, as errors at their lines (empty when it can be drawn)."""
    found: list[Problem] = []
    if not title:
        found.append(error(*at(), "a chart needs a 'title'"))
    if kind not in CHART_KINDS:
        found.append(error(*at("type"), f"unknown chart type '{kind}'; use one of: {', '.join(CHART_KINDS)}"))
    if not categories:
        found.append(
            error(*categories_at, "a chart needs 'categories': the names along its axis or of its slices")
        )
    if not series:
        found.append(error(*categories_at, "a chart needs 'series': a name and one value per category"))
    if kind in ("pie", "donut") and len(series) > 1:
        found.append(error(*series[1][2], f"a {kind} chart has one series, not {len(series)}"))
    for name, values, where in series:
        if categories and len(values) != len(categories):
            found.append(
                error(*where, f"series '{name}' has {len(values)} values for {len(categories)} categories")
            )
        if any(v < 0 for v in values):
            found.append(
                error(*where, f"series '{name}' has a negative value: bars and slices cannot draw it")
            )
        if _is_percent(unit):
            over = [v for v in values if v > 100]
            if over:
                found.append(
                    error(*where, f"series '{name}' has {number(over[0])}%: a percentage cannot be over 100")
                )
    if _is_percent(unit) and kind in ("stacked", "pie", "donut") and not found:
        totals = [sum(s[1][i] for s in series) for i in range(len(categories))]
        if kind != "stacked":
            totals = [sum(series[0][1])]
        if any(t > 100 for t in totals):
            found.append(error(*categories_at, f"the parts add up to {number(max(totals))}%: more than 100"))
    if kind in ("pie", "donut") and series and not found and not sum(series[0][1]):
        found.append(error(*series[0][2], "every slice is 0: there is nothing to draw"))
    return found


def _is_percent(unit: str) -> bool:
    return unit.strip() in ("%", "％", "百分比")


def _load_file(site_dir: Path, ref: str, where: Where, zone, problems: Diagnostics):
    """(chart fields, categories, [(name, values, (path, line))], (path, line) of the categories)."""
    rel = ref.lstrip("/")
    path = (site_dir / rel).resolve()
    data_dir = (site_dir / "data").resolve()
    if not rel.startswith("data/") or not path.is_relative_to(data_dir) or path.suffix not in DATA_SUFFIXES:
        problems.append(
            error(
                *where, f"'data: {ref}' must name a .yaml or .csv file under data/, such as data/figures.csv"
            )
        )
        return None
    if not path.is_file():
        problems.append(error(*where, f"'data: {ref}' points at nothing: there is no such file"))
        return None
    text = decode(path.read_bytes(), rel)
    if isinstance(text, Problem):
        problems.append(text)
        return None
    if path.suffix == ".csv":
        return _from_csv(text, rel, problems)
    return _from_yaml(text, rel, zone, problems)


def _from_yaml(text: str, rel: str, zone, problems):
    data, lines = parse_yaml(text, rel, 1, problems, what="chart data")
    if data is None:
        return None

    def line_of(path: tuple) -> int:
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    if data.pop("data", None) is not None:
        problems.append(error(rel, line_of(("data",)), "a data file cannot point at another"))
    front = schema.build(
        ChartFront, data, (), line_of, lambda line, message: problems.append(error(rel, line, message)), zone
    )
    if front is None:
        return None
    series = [(s.name, s.values, (rel, line_of(("series", n, "values")))) for n, s in enumerate(front.series)]
    return front, front.categories, series, (rel, line_of(("categories",)))


def _from_csv(text: str, rel: str, problems):
    """First row: a heading for the categories, then one series name per column; then one row per category."""
    rows = [
        (number_, row)
        for number_, row in enumerate(csv.reader(io.StringIO(text)), 1)
        if any(c.strip() for c in row)
    ]
    if len(rows) < 2 or len(rows[0][1]) < 2:
        problems.append(
            error(
                rel,
                1,
                "a chart's CSV needs a heading row (categories, then series names) and a row per category",
            )
        )
        return None
    header = [c.strip() for c in rows[0][1]]
    categories: list[str] = []
    columns: list[list[float]] = [[] for _ in header[1:]]
    before = len(problems)
    for line, row in rows[1:]:
        if len(row) != len(header):
            problems.append(
                error(rel, line, f"this row has {len(row)} cells; the heading row has {len(header)}")
            )
            continue
        categories.append(row[0].strip())
        for column, cell in zip(columns, row[1:], strict=False):
            if not cell.strip():
                problems.append(error(rel, line, "an empty cell: write 0 if the value is zero"))
                column.append(0.0)
                continue
            try:
                column.append(float(cell.strip().replace(",", "")))
            except ValueError:
                problems.append(error(rel, line, f"'{cell.strip()}' is not a number"))
    if len(problems) > before:
        return None
    series = [
        (name, tuple(int(v) if v.is_integer() else v for v in values), (rel, 1))
        for name, values in zip(header[1:], columns, strict=False)
    ]
    return ChartFront(), tuple(categories), series, (rel, 1)
