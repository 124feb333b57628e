"""Bar charts as plain numbers for an SVG template (templates/admin/_bar_chart.html).

No JavaScript and no vendored library: the server computes each bar's box and
the template draws it, with a data table beside it for screen readers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    show_label: bool = True


@dataclass
class BarChart:
    id: str
    title: str
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    plot_left: int
    max_value: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.bars or all(bar.height == 0 for bar in self.bars)


def bar_chart(chart_id: str, title: str, points: list[tuple[str, int | Decimal]],
              value_format: Callable[[object], str] = str, width: int = 640, height: int = 220,
              label_every: int = 1) -> BarChart:
    """Vertical bars scaled to the largest value; every `label_every`-th label is drawn under the axis."""
    top, bottom, left, right = 20, height - 28, 8, 8
    plot_height = bottom - top
    largest = max((Decimal(value) for _, value in points), default=Decimal(0))
    slot = (width - left - right) / max(len(points), 1)
    gap = min(6.0, slot * 0.2)
    bars = []
    for i, (label, value) in enumerate(points):
        bar_height = float(Decimal(value) / largest * plot_height) if largest > 0 else 0.0
        bars.append(Bar(x=round(left + i * slot + gap / 2, 2), y=round(bottom - bar_height, 2),
                        width=round(slot - gap, 2), height=round(bar_height, 2), label=label,
                        value=value_format(value), show_label=(i % label_every == 0 or i == len(points) - 1)))
    return BarChart(chart_id, title, width, height, top, bottom, left, value_format(largest), bars)
