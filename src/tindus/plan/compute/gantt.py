"""A Gantt chart of projects as static SVG (no JavaScript): one bar per project from its start to
its end, coloured by status, with its milestones as diamonds and a line for today.

The chart is one image (``role="img"``) and holds no link: an image's content is not reachable by
keyboard or screen reader, so a link inside it would be an interactive element nested in another
(axe's ``nested-interactive``). The page lists the same projects, with their links, in a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    start: dt.date
    end: dt.date
    status: str
    status_label: str
    url: str = ""  # the project's page, for the table that goes with the chart
    milestones: list[tuple[str, dt.date, bool]] = field(default_factory=list)  # (title, date, done)


def _year_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    return [dt.date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]


def gantt_svg(
    bars: list[Bar],
    title: str,
    today: dt.date,
    width: int = 960,
    label_width: int = 300,
    show_date: Callable[[dt.date], str] = dt.date.isoformat,
) -> str:
    """The chart as SVG text; ``show_date`` writes the dates of the tooltips (the page's own format)."""
    if not bars:
        return ""
    first = min(min(b.start for b in bars), today)
    last = max(max(b.end for b in bars), today)
    first = dt.date(first.year, 1, 1)
    last = dt.date(last.year + 1, 1, 1)
    span = (last - first).days or 1
    row, top = 26, 28
    height = top + row * len(bars) + 10
    plot = width - label_width - 10

    def x(day: dt.date) -> float:
        return label_width + plot * (day - first).days / span

    parts = [
        f'<svg class="chart gantt" viewBox="0 0 {width} {height}" role="img" aria-labelledby="gantt-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="gantt-title">{escape(title)}</title>'
    ]
    for tick in [first, *_year_ticks(first, last)]:
        parts.append(
            f'<line class="chart-axis" x1="{x(tick):.1f}" y1="{top - 8}" x2="{x(tick):.1f}" y2="{height - 6}"/>'
            f'<text class="chart-label" x="{x(tick) + 3:.1f}" y="{top - 12}">{tick.year}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        label = escape(bar.label if len(bar.label) <= 44 else bar.label[:43] + "…")
        parts.append(f'<text class="chart-label" x="4" y="{y + 15}">{label}</text>')
        x0, x1 = x(bar.start), max(x(bar.end), x(bar.start) + 2)
        parts.append(
            f'<rect class="gantt-bar status-{escape(bar.status)}" x="{x0:.1f}" y="{y + 4}" width="{x1 - x0:.1f}" '
            f'height="{row - 10}"><title>{escape(bar.label)} · {escape(bar.status_label)} · '
            f"{escape(show_date(bar.start))} → {escape(show_date(bar.end))}</title></rect>"
        )
        for name, day, done in bar.milestones:
            cx, cy = x(day), y + row / 2 - 1
            css = "gantt-milestone done" if done else "gantt-milestone"
            parts.append(
                f'<path class="{css}" d="M{cx:.1f} {cy - 6:.1f} l6 6 l-6 6 l-6 -6 z">'
                f"<title>{escape(name)} · {escape(show_date(day))}</title></path>"
            )
    parts.append(
        f'<line class="gantt-today" x1="{x(today):.1f}" y1="{top - 8}" x2="{x(today):.1f}" y2="{height - 6}">'
        f"<title>{escape(show_date(today))}</title></line></svg>"
    )
    return "".join(parts)
