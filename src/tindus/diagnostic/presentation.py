"""Charts and maps of a diagnostic report (SVG, drawn on the shipped outlines)."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tindus import charts
from tindus.geo import svg
from tindus.referentials.models import Outline

BUCKETS = [(0.10, "choro-1"), (0.20, "choro-2"), (0.35, "choro-3"), (0.50, "choro-4"), (2.0, "choro-5")]
LEGEND = [
    ("choro-1", "< 10 %"),
    ("choro-2", "10-20 %"),
    ("choro-3", "20-35 %"),
    ("choro-4", "35-50 %"),
    ("choro-5", "≥ 50 %"),
]


def _bucket(value) -> str:
    if value == "s":
        return "choro-s"
    if value is None:
        return "choro-none"
    return next(css for limit, css in BUCKETS if value < limit)


def _label(name: str, value) -> str:
    # Translated outside the f-strings: xgettext cannot read a call inside one.
    if value == "s":
        return _("%(name)s : s (statistical secrecy)") % {"name": name}
    if value is None:
        return _("%(name)s : no data") % {"name": name}
    return f"{name} : {value * 100:.0f}\u202f%"


def choropleth(report: dict, layer: str) -> str:
    values = report["map"]["communes" if layer == "commune" else "epci"]
    outlines = Outline.objects.filter(layer=layer, code__in=list(values))
    features = [
        svg.Feature(o.code, _label(o.name, values[o.code]), o.geometry, css_class=_bucket(values[o.code]))
        for o in outlines
    ]
    if not features:
        return ""
    title = _("Share of %(scope)s in private jobs by %(layer)s, %(year)s") % {
        "scope": report["scope_label"],
        "layer": _("commune") if layer == "commune" else _("EPCI"),
        "year": report["period"]["end"],
    }
    return svg.render([svg.Layer(layer, features, "map-choropleth", focus=True)], title=title, description=title,
                      ident=f"map-{layer}")  # fmt: skip


def chart_sectors(report: dict) -> str:
    items = [(row["label"], row["jobs"]) for row in report["sectors"] if row["jobs"] not in ("s", 0)][:12]
    return charts.bar_chart(items, _("Jobs by sector (A38), %(year)s") % {"year": report["period"]["end"]}, _("jobs"))


def chart_series(report: dict) -> str:
    points = [(year, value) for year, value in report["series"].items() if value != "s"]  # secret years left out
    return charts.line_chart(points, _("%(scope)s jobs by year") % {"scope": report["scope_label"]}, _("jobs"))


def chart_shift_share(report: dict) -> str:
    values = {f["id"]: f["value"] for f in report["figures"]}
    items = [
        (label, values.get(key))
        for label, key in ((_("national effect"), "shift_share.national"), (_("sector-mix effect"), "shift_share.mix"),
                           (_("local effect"), "shift_share.local"))
        if values.get(key) not in (None, "s")
    ]  # fmt: skip
    return charts.bar_chart(items, _("Shift-share of the change %(start)s-%(end)s") % report["period"], _("jobs"))


def sections() -> list[tuple[str, str]]:
    """The page's contents: (anchor id of the heading, its title), in page order."""
    return [
        ("key-figures", _("Key figures")),
        ("comparison-h", _("Comparison")),
        ("map-communes-h", _("Map by commune")),
        ("map-epci-h", _("Map by EPCI")),
        ("evolution-h", _("Evolution")),
        ("sectors-h", _("Sectors")),
        ("epci-h", _("Sectors by EPCI")),
        ("employers-h", _("Largest employers")),
        ("size-h", _("Size and demography")),
        ("all-h", _("All indicators")),
        ("secrecy-h", _("Why some figures are « s »")),
    ]


# The maps and charts of a report (about 40 ms: outlines read and drawn) are kept with it while services keeps
# the report itself: the same report object, in the same language, has the same drawings.
VISUALS_CACHE_SIZE = 32
_drawn: OrderedDict[tuple[int, str | None], tuple[dict, dict[str, str]]] = OrderedDict()
_drawn_lock = threading.Lock()


def visuals(report: dict) -> dict[str, str]:
    key = (id(report), get_language())
    with _drawn_lock:
        kept = _drawn.get(key)
        if kept is not None and kept[0] is report:  # the report is held here, so its id is not reused
            _drawn.move_to_end(key)
            return kept[1]
    drawn = {
        "map_communes": choropleth(report, "commune"),
        "map_epci": choropleth(report, "epci"),
        "chart_sectors": chart_sectors(report),
        "chart_series": chart_series(report),
        "chart_shift_share": chart_shift_share(report),
        "legend": LEGEND,
    }
    with _drawn_lock:
        _drawn[key] = (report, drawn)
        while len(_drawn) > VISUALS_CACHE_SIZE:
            _drawn.popitem(last=False)
    return drawn
