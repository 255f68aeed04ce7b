"""What a région's page and the national page show: the map coloured by the chosen indicator with its legend and
table, the tables of figures, the source line, the links to the other steering pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.accounts.permissions import may_open
from tindus.referentials.models import Outline, Region

from . import cells as c
from . import maps, region_tables
from .compute import mapping
from .indicators import COUNT, INDICATORS, NOT_SHARED, SHARE, Indicator
from .scope import followed_territories
from .summary import RegionRow, TerritoryRow, region_rows, territory_rows, totals_of

# The other steering pages, by piece: shown when they exist and the reader may open them.
REGION_LINKS = (("programme:region_projects", gettext_lazy("Projects across territories")),
                ("programme:region_diagnostics", gettext_lazy("Diagnostics side by side")),
                ("programme:region_report", gettext_lazy("Programme report")))  # fmt: skip
NATIONAL_LINKS = (("programme:national_projects", gettext_lazy("Projects across territories")),
                  ("programme:national_diagnostics", gettext_lazy("Diagnostics side by side")),
                  ("programme:national_report", gettext_lazy("Programme report")))  # fmt: skip


def links(user: Any, names: tuple[tuple[str, Any], ...], **kwargs: Any) -> list[tuple[str, str]]:
    """(label, url) of the pages among ``names`` that exist and that ``user`` may open."""
    found = []
    for name, label in names:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        if may_open(user, url):
            found.append((str(label), url))
    return found


def source_line(today: dt.date, synthetic: list[str]) -> str:
    text = _(
        "Source: plans, instances, consultations, synergies and events entered in Tindus by each territory, on "
        "%(date)s. Each territory decides what it shares: « not shared » marks a figure it keeps to itself."
    ) % {"date": formats.date_format(today, "DATE_FORMAT")}
    if synthetic:
        text += " " + _("Synthetic demonstration figures: %(names)s.") % {"names": ", ".join(synthetic)}
    return text


def indicator_choices(chosen: Indicator) -> list[tuple[str, str, bool]]:
    return [(i.key, str(i.label), i.key == chosen.key) for i in INDICATORS]


def _legend(values: list[float], indicator: Indicator) -> tuple[tuple[float, ...], list[tuple[str, str]]]:
    share, whole = indicator.unit == SHARE, indicator.unit == COUNT
    bounds = mapping.limits(values, share, whole)

    def shown(v: float) -> str:
        return c.figure(v, indicator.unit).text

    def between(low: float, high: float) -> str:
        if whole:
            return shown(high) if high == low + 1 else f"{shown(low + 1)} – {shown(high)}"
        return f"{shown(low)} – {shown(high)}"

    if not bounds:
        entries = [("choro-1", shown(0))]
    else:
        first, last = ("<", "≥") if share else ("≤", ">")
        middle = [(f"choro-{i + 2}", between(low, high))
                  for i, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False))]  # fmt: skip
        entries = [("choro-1", f"{first} {shown(bounds[0])}"), *middle,
                   (f"choro-{len(bounds) + 1}", f"{last} {shown(bounds[-1])}")]  # fmt: skip
    return bounds, [*entries, ("choro-s", _("not shared")), ("choro-none", _("nothing to measure"))]


def _shade(value: Any, bounds: tuple[float, ...], indicator: Indicator) -> str:
    if value == NOT_SHARED:
        return "choro-s"
    if value is None:
        return "choro-none"
    return f"choro-{mapping.shade(float(value), bounds, indicator.unit == SHARE)}"


def _map(items: list[tuple[str, str, tuple, Any, str]], background: list, indicator: Indicator, title: str,
         table_id: str, first_header: str) -> dict[str, Any]:  # fmt: skip
    """items: (code, label, outlines, value, href). The SVG, its legend and its table (which holds the links)."""
    numbers = [float(v) for _c, _l, _o, v, _h in items if v not in (None, NOT_SHARED)]
    bounds, legend = _legend(numbers, indicator)
    areas = [
        maps.Area(code, outlines, f"{label} : {c.figure(value, indicator.unit).text}",
                  _shade(value, bounds, indicator))
        for code, label, outlines, value, _href in items
    ]  # fmt: skip
    # Outlines overlap (a wave-1 territory and its wave-2 successor): the areas with a figure are drawn last.
    areas.sort(key=lambda a: a.css_class not in ("choro-none", "choro-s"))
    drawn = sum(1 for a in areas if a.outlines)
    description = _("%(drawn)d of %(total)d areas drawn, coloured by %(indicator)s.") % {
        "drawn": drawn, "total": len(areas), "indicator": indicator.label
    }  # fmt: skip
    table = c.Table(
        table_id, _("Map: %(indicator)s") % {"indicator": indicator.label},
        [first_header, str(indicator.label).capitalize(), _("Outline")],
        [[c.text(label, href), c.figure(value, indicator.unit),
          c.text(_("drawn") if outlines else _("no outline available"))]
         for _code, label, outlines, value, href in items],
    )  # fmt: skip
    return {
        "svg": maps.choropleth(areas, background, title, description, ident="programme-map"),
        "legend": legend,
        "table": table,
    }


def region_context(user: Any, region: Region, indicator: Indicator, today: dt.date) -> dict[str, Any]:
    rows = territory_rows(followed_territories(region), today)
    totals = totals_of(rows)
    label = _("Total of the région")
    outlines = maps.territory_outlines([r.territory for r in rows])
    # A territory not using Tindus yet has nothing to measure (not a zero); a demo one says « synthetic ».
    items = [(r.territory.slug, region_tables.territory_cell(r).text, outlines.get(r.territory.pk, ()),
              indicator.of_row(r) if r.followed.in_use else None, "")
             for r in rows]  # fmt: skip
    title = _("%(region)s: %(indicator)s by territory") % {"region": region.name, "indicator": indicator.label}
    return {
        "rows": rows,
        "totals": totals,
        "map": _map(items, [(Outline.Layer.REGION, region.code)], indicator, title, "territories-map", _("Territory"))
        if rows
        else None,  # fmt: skip
        "tables": region_tables.territory_tables(rows, totals, label) if rows else [],
        "financeurs": region_tables.financeurs(totals.by_financeur, totals, label) if rows else None,
        "source": source_line(today, _synthetic(rows)),
        "links": links(user, REGION_LINKS, region=region.code),
    }


def national_context(user: Any, indicator: Indicator, today: dt.date) -> dict[str, Any]:
    groups = region_rows(today)
    national = totals_of([row for g in groups for row in g.rows])
    items = []
    firsts = []
    for g in groups:
        name, href = _region_label(g)
        firsts.append((c.text(name, href), g.totals))
        if g.region is not None:
            items.append((g.region.code, name, ((Outline.Layer.REGION, g.region.code),), indicator.of_totals(g.totals),
                          href))  # fmt: skip
    existing = {code for code, *_rest in items}
    drawable = set(Outline.objects.filter(layer=Outline.Layer.REGION, code__in=existing).values_list("code", flat=True))
    items = [(code, name, outlines if code in drawable else (), value, href)
             for code, name, outlines, value, href in items]  # fmt: skip
    label = _("Whole of France")
    return {
        "groups": groups,
        "totals": national,
        "map": _map(
            items,
            [],
            indicator,
            _("France: %(indicator)s by région") % {"indicator": indicator.label},
            "regions-map",
            _("Région"),
        ),  # fmt: skip
        "tables": region_tables.group_tables(firsts, national, label),
        "financeurs": region_tables.financeurs(national.by_financeur, national, label),
        "source": source_line(today, _synthetic([row for g in groups for row in g.rows])),
        "links": links(user, NATIONAL_LINKS),
    }


def _region_label(group: RegionRow) -> tuple[str, str]:
    if group.region is None:
        return _("Territories without a région (no communes)"), ""
    return group.region.name, reverse("programme:region", kwargs={"region": group.region.code})


def _synthetic(rows: list[TerritoryRow]) -> list[str]:
    return [r.followed.label for r in rows if r.synthetic]
