import datetime as dt
import re

from tindus.plan.compute.gantt import Bar, gantt_svg


def test_bars_are_placed_on_a_shared_time_axis():
    bars = [
        Bar("A", dt.date(2020, 1, 1), dt.date(2020, 12, 31), "in_progress", "en cours", "/a/"),
        Bar(
            "B <script>",
            dt.date(2021, 1, 1),
            dt.date(2021, 7, 2),
            "done",
            "réalisé",
            milestones=[("M", dt.date(2021, 3, 1), True)],
        ),
    ]
    svg = gantt_svg(bars, "Calendrier", today=dt.date(2021, 6, 1), width=1000, label_width=300)
    rects = re.findall(r'<rect class="gantt-bar status-(\w+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert [r[0] for r in rects] == ["in_progress", "done"]
    (_, xa, wa), (_, xb, wb) = rects
    # Axis from 1 Jan 2020 to 1 Jan 2022 (731 days) over 690 px: a full year is about half of it.
    assert float(xa) == 300.0
    assert abs(float(wa) - 690 * 365 / 731) < 0.2
    assert float(xb) > float(xa) + float(wa)
    assert "B &lt;script&gt;" in svg and "<script>" not in svg
    assert 'class="gantt-milestone done"' in svg
    assert "<a " not in svg and 'role="img"' in svg  # an image holds no link (axe: nested-interactive)
    assert ">2021<" in svg and ">2020<" in svg


def test_dates_are_written_by_the_callers_format():
    bars = [
        Bar(
            "A",
            dt.date(2020, 1, 1),
            dt.date(2020, 12, 31),
            "done",
            "réalisé",
            milestones=[("M", dt.date(2020, 3, 1), True)],
        )
    ]
    svg = gantt_svg(bars, "Calendrier", today=dt.date(2021, 6, 1), show_date=lambda d: d.strftime("%d/%m/%Y"))
    assert "01/01/2020 → 31/12/2020" in svg and "M · 01/03/2020" in svg and "01/06/2021" in svg
    assert "2020-01-01" not in svg


def test_no_bar_no_chart():
    assert gantt_svg([], "x", today=dt.date(2024, 1, 1)) == ""
