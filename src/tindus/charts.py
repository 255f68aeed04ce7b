"""Small accessible SVG charts (no JavaScript, no external library): each bar or point carries a
tooltip (``<title>``), and the chart has a title and a text description for screen readers."""

from __future__ import annotations

from html import escape


def _fmt(value: float) -> str:
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def bar_chart(items: list[tuple[str, float]], title: str, unit: str = "", width: int = 640) -> str:
    """Horizontal bars, longest first as given; negative values extend to the left of the axis."""
    if not items:
        return ""
    bar, gap, label_width = 18, 6, 260
    height = len(items) * (bar + gap) + 30
    low = min(0.0, *(v for _l, v in items))
    high = max(0.0, *(v for _l, v in items))
    span = (high - low) or 1.0
    plot = width - label_width - 70
    zero = label_width + plot * (-low / span)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height - 20}" class="chart-axis"/>',
    ]
    for index, (label, value) in enumerate(items):
        y = 10 + index * (bar + gap)
        length = plot * abs(value) / span
        x = zero if value >= 0 else zero - length
        css = "chart-bar" if value >= 0 else "chart-bar chart-bar-negative"
        text = f"{label} : {_fmt(value)} {unit}".strip()
        out.append(
            f'<g><rect x="{x:.1f}" y="{y}" width="{max(length, 0.5):.1f}" height="{bar}" class="{css}">'
            f"<title>{escape(text)}</title></rect>"
            f'<text x="{label_width - 6}" y="{y + bar - 5}" text-anchor="end" class="chart-label">'
            f"{escape(label[:42])}</text>"
            f'<text x="{x + length + 4 if value >= 0 else x - 4:.1f}" y="{y + bar - 5}" class="chart-value" '
            f'text-anchor="{"start" if value >= 0 else "end"}">{escape(_fmt(value))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def line_chart(points: list[tuple[str, float]], title: str, unit: str = "", width: int = 640, height: int = 240) -> str:
    """A line with a dot per point (x labels every few points)."""
    if len(points) < 2:
        return ""
    left, right, top, bottom = 60, 20, 20, 30
    values = [v for _x, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - left - right) / (len(points) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + (height - top - bottom) * (1 - (v - low) / span)

    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(xy(i, v) for i, v in enumerate(values))
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="4" y="{top + 4}" class="chart-value">{escape(_fmt(high))}</text>',
        f'<text x="4" y="{height - bottom}" class="chart-value">{escape(_fmt(low))}</text>',
        f'<path d="{path}" class="chart-line"/>',
    ]
    every = max(1, len(points) // 8)
    for i, (label, value) in enumerate(points):
        x, y = xy(i, value)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="chart-dot"><title>{escape(label)} : '
            f"{escape(_fmt(value))} {escape(unit)}</title></circle>"
        )
        if i % every == 0 or i == len(points) - 1:
            out.append(
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" class="chart-label">{escape(label)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def timeline_chart(events: list[tuple[str, str, str]], title: str, width: int = 720) -> str:
    """Dated events on a vertical line, oldest first: (ISO date, label, css kind) each."""
    if not events:
        return ""
    row, top = 30, 16
    height = top + row * len(events)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart timeline" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="120" y1="{top - 6}" x2="120" y2="{height - 8}" class="chart-axis"/>',
    ]
    for index, (day, label, kind) in enumerate(sorted(events)):
        y = top + index * row
        shown = f"{day[8:10]}/{day[5:7]}/{day[0:4]}"
        out.append(
            f'<g class="timeline-{escape(kind)}"><text x="108" y="{y + 4}" text-anchor="end" class="chart-label">'
            f'{shown}</text><circle cx="120" cy="{y}" r="6" class="timeline-dot"><title>{escape(label)}</title>'
            f'</circle><text x="134" y="{y + 4}" class="chart-label">{escape(label[:90])}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
