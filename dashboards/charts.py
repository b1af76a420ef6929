"""Geometry of the dashboards' server-rendered SVG charts: pure Python, no Django, no JavaScript.

A chart is drawn by ``dashboards/_bar_chart.html`` from these numbers; every chart of a page also has a table
alternative and a one-sentence summary (RGAA: a chart is never the only way to read a figure).
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 600  # viewBox units
LABEL_WIDTH = 190
BAR_HEIGHT = 22
GAP = 10
VALUE_WIDTH = 40


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: float
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    total: float
    y: float
    text_y: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def end_x(self) -> float:
        return max((s.x + s.width for s in self.segments), default=float(LABEL_WIDTH)) + 6


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    legend: list[tuple[str, str]]  # (label, colour) of the segment kinds, in order
    table: list[tuple[str, list[float], float]]  # the table alternative: (bar, value per legend entry, total)
    width: int = WIDTH

    @property
    def height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + GAP) + GAP

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH


def bar_chart(
    title: str,
    rows: list[tuple[str, list[tuple[str, str, float]]]],
    colours: dict[str, str],
) -> BarChart:
    """Horizontal (stacked) bars: ``rows`` is ``[(bar label, [(segment key, segment label, value), …]), …]``.

    Lengths are proportional to the largest bar total; zero-valued segments are left out.
    """
    largest = max((sum(v for _k, _l, v in segments) for _label, segments in rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest
    bars = []
    legend: dict[str, tuple[str, str]] = {}
    values: list[tuple[str, dict[str, float]]] = []
    for i, (label, segments) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        x = float(LABEL_WIDTH)
        drawn = []
        for key, seg_label, value in segments:
            legend.setdefault(key, (seg_label, colours.get(key, "#666666")))
            if value <= 0:
                continue
            width = round(value * scale, 2)
            drawn.append(Segment(key, seg_label, value, round(x, 2), width, colours.get(key, "#666666")))
            x += width
        total = sum(v for _k, _l, v in segments)
        bars.append(Bar(label=label, total=total, y=y, text_y=y + BAR_HEIGHT * 0.7, segments=drawn))
        values.append((label, {k: v for k, _l, v in segments}))
    table = [(label, [by_key.get(k, 0) for k in legend], sum(by_key.values())) for label, by_key in values]
    return BarChart(title=title, bars=bars, legend=list(legend.values()), table=table)
