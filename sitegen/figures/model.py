"""Front-matter shapes of figures (every type may carry them) and the checked values drawn from them."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.schema import When

CHART_KINDS = ("bar", "stacked", "line", "pie", "donut")


@dataclass(frozen=True, kw_only=True)
class Stat:
    """One figure shown large: 129,816 户 签订禁种铲毒承诺书."""

    label: str
    value: float
    unit: str = ""
    source: str = ""
    as_of: When | None = None


@dataclass(frozen=True, kw_only=True)
class SeriesFront:
    name: str
    values: tuple[float, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ChartFront:
    """A chart written in front matter, or pointing at `data/NAME.yaml` or `data/NAME.csv`."""

    title: str | None = None
    type: str | None = None  # CHART_KINDS; default "bar"
    categories: tuple[str, ...] = ()
    series: tuple[SeriesFront, ...] = ()
    unit: str | None = None
    summary: str | None = None  # the text alternative; default: every number in a sentence
    source: str | None = None
    data: str | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A checked chart, its numbers complete: what the drawing and the data table are made from."""

    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    summary: str = ""
    source: str = ""


@dataclass(frozen=True)
class DrawnChart:
    """What a page shows: the SVG, its text alternative, and the numbers as a table."""

    ident: str  # unique on its page: "chart-1"
    chart: Chart
    svg: str  # markup, already escaped
    alt: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def number(value: float) -> str:
    """129816 -> 129,816; 0.79 stays 0.79."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"
