"""Small accessible SVG charts (no JavaScript, no external library): each bar or point carries a
tooltip (``<title>``), and the chart has a title and a text description for screen readers.

Text is laid out before it is drawn: its width is measured conservatively (:func:`text_width`), labels
get a column of their own, and long labels wrap on word boundaries over two lines, then are shortened at
a word boundary with an ellipsis, the full text in their ``<title>``. So no label is cut mid-word and no
label runs into a bar or a value.
"""

from __future__ import annotations

import unicodedata
from html import escape

FONT_SIZE = 11  # px, as .chart-label and .chart-value in tindus.css (set on the text too)
LINE_HEIGHT = 13
PAD = 6
ELLIPSIS = "…"

# Advance widths in em, each the widest of its group in DejaVu Sans and Liberation Sans (Arial's metrics),
# the widest of the fonts the style sheet names: a text is never wider than measured here.
_WIDTHS = [
    (0.32, " .,'’·\u00a0\u202fIijl"),
    (0.42, "rt!()-f;:/[]|"),
    (0.64, 'abcdeghknopqsuvxyz0123456789J«»?–_"*$'),
    (0.79, "ABCDEFGHKLNOPQRSTUVXYZ&"),
    (0.87, "Mw+=<>#"),
    (1.08, "WmŒœ%—…@"),
]
_WIDTH = {char: em for em, chars in _WIDTHS for char in chars}
_UNKNOWN = 1.1


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An upper bound of the width of ``text`` drawn at ``size`` px in a common sans-serif font."""
    total = 0.0
    for char in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(char):
            total += _WIDTH.get(char, _UNKNOWN)
    return total * size


def wrap(text: str, width: float, lines: int = 2, size: float = FONT_SIZE) -> list[str]:
    """``text`` on at most ``lines`` lines of ``width`` px, broken between words only; what does not fit
    is left out after the last whole word that fits, with an ellipsis. A single word wider than
    ``width`` stays whole (give the column the width of the widest word: :func:`widest_word`)."""
    words = text.split()
    rows: list[list[str]] = [[]]
    for word in words:
        if rows[-1] and text_width(" ".join([*rows[-1], word]), size) > width:
            rows.append([])
        rows[-1].append(word)
    if len(rows) <= lines:
        return [" ".join(row) for row in rows if row]
    last = rows[lines - 1]
    while len(last) > 1 and text_width(" ".join(last).rstrip(",;:") + ELLIPSIS, size) > width:
        last.pop()
    return [" ".join(row) for row in rows[: lines - 1]] + [" ".join(last).rstrip(",;:") + ELLIPSIS]


def widest_word(texts: list[str], size: float = FONT_SIZE) -> float:
    """The width of the widest word of ``texts`` followed by an ellipsis: the narrowest column they fit."""
    return max((text_width(word + ELLIPSIS, size) for text in texts for word in text.split()), default=0.0)


def _fmt(value: float) -> str:
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def _lines(lines: list[str], x: float, first_baseline: float, css: str, anchor: str, full: str) -> str:
    """A ``<text>`` of one or more lines, with the full text as its tooltip."""
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first_baseline + i * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{first_baseline:.1f}" text-anchor="{anchor}" class="{css}" font-size="{FONT_SIZE}">'
        f"<title>{escape(full)}</title>{spans}</text>"
    )


def bar_chart(items: list[tuple[str, float]], title: str, unit: str = "", width: int = 640) -> str:
    """Horizontal bars in the order given; negative values extend to the left of the axis.

    Left to right: the labels' column (right-aligned, wrapped on two lines at most), the room for the
    values of negative bars, the bars, the room for the values of positive bars.
    """
    if not items:
        return ""
    bar, gap, top, bottom = 18, 8, 10, 12
    labels = [label for label, _v in items]
    values = [value for _l, value in items]
    shown = [_fmt(value) for value in values]
    right_room = max((text_width(t) for t, v in zip(shown, values, strict=True) if v >= 0), default=0.0) + PAD
    left_room = max((text_width(t) for t, v in zip(shown, values, strict=True) if v < 0), default=-PAD) + PAD
    widest_line = max(text_width(label) for label in labels)
    column = max(min(widest_line, width * 0.42), widest_word(labels) if widest_line > width * 0.42 else 0)
    layouts = [wrap(label, column) for label in labels]
    row = max(bar, max(len(lines) for lines in layouts) * LINE_HEIGHT)
    height = top + len(items) * (row + gap) - gap + bottom
    margin = 2  # around the drawing, so that rounded coordinates stay inside it
    plot_left = margin + column + PAD + left_room
    plot = max(width - right_room - plot_left - margin, 40.0)
    width = max(width, round(plot_left + plot + right_room + margin))
    low = min(0.0, *values)
    high = max(0.0, *values)
    span = (high - low) or 1.0
    zero = plot_left + plot * (-low / span)
    description = " ; ".join(f"{label} : {text} {unit}".strip() for label, text in zip(labels, shown, strict=True))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        f'<line x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" y2="{height - bottom + 4}" class="chart-axis"/>',
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * (row + gap) + (row - bar) / 2
        middle = y + bar / 2
        length = plot * abs(value) / span
        x = zero if value >= 0 else zero - length
        css = "chart-bar" if value >= 0 else "chart-bar chart-bar-negative"
        text = f"{label} : {shown[index]} {unit}".strip()
        lines = layouts[index]
        first_baseline = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        out.append(
            f'<g><rect x="{x:.1f}" y="{y:.1f}" width="{max(length, 0.5):.1f}" height="{bar}" class="{css}">'
            f"<title>{escape(text)}</title></rect>"
            + _lines(lines, margin + column, first_baseline, "chart-label", "end", label)
            + f'<text x="{x + length + PAD if value >= 0 else x - PAD:.1f}" y="{middle + FONT_SIZE * 0.35:.1f}" '
            f'class="chart-value" font-size="{FONT_SIZE}" text-anchor="{"start" if value >= 0 else "end"}">'
            f"{escape(shown[index])}</text></g>"
        )  # fmt: skip
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
    """Dated events on a vertical line, oldest first: (ISO date, label, css kind) each. A long label
    wraps on two lines, then is shortened at a word boundary; its full text is its tooltip."""
    if not events:
        return ""
    first_row, top, axis, label_x = 30, 16, 120, 134
    room = width - label_x - PAD
    rows = [(day, label, kind, wrap(label, room)) for day, label, kind in sorted(events)]
    height = top + sum(first_row + (len(lines) - 1) * LINE_HEIGHT for *_rest, lines in rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart timeline" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{axis}" y1="{top - 6}" x2="{axis}" y2="{height - 8}" class="chart-axis"/>',
    ]
    y = top
    for day, label, kind, lines in rows:
        shown = f"{day[8:10]}/{day[5:7]}/{day[0:4]}"
        out.append(
            f'<g class="timeline-{escape(kind)}"><text x="{axis - 12}" y="{y + 4}" text-anchor="end" '
            f'class="chart-label" font-size="{FONT_SIZE}">{shown}</text><circle cx="{axis}" cy="{y}" r="6" '
            f'class="timeline-dot"><title>{escape(label)}</title></circle>'
            + _lines(lines, label_x, y + 4, "chart-label", "start", label)
            + "</g>"
        )
        y += first_row + (len(lines) - 1) * LINE_HEIGHT
    out.append("</svg>")
    return "".join(out)
