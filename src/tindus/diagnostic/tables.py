"""The indicator tables of a diagnostic report, cell by cell, for the API and the Parquet file.

Nothing is computed here: every cell is read from the report that :func:`.services.build_report` makes for
the page and its downloads, where statistical secrecy is already applied (``"s"``). A masked cell becomes
``{"value": None, "secret": True}``; an undefined one (« — » on the page) ``{"value": None, "secret": False}``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .compute.secrecy import SECRET

# Where each table is on the page (its section), so that callers can filter on it.
SECTIONS = ("figures", "comparison", "maps", "evolution", "sectors", "epci", "size")


def cell(column: str, value) -> dict:
    if value == SECRET:
        return {"column": column, "value": None, "secret": True}
    return {"column": column, "value": value, "secret": False}


def _source(report: dict, which: tuple[str, ...] = ("urssaf",)) -> dict:
    sources = [report["sources"][name] for name in which]
    return {
        "source": " ; ".join(str(s.get("source", "")) for s in sources if s.get("source")),
        "vintage": " ; ".join(str(s.get("vintage", "")) for s in sources if s.get("vintage")),
        "synthetic": bool(any(s.get("synthetic") for s in sources)),
    }


def _table(report, table_id, title, section, columns, rows, which=("urssaf",)) -> dict:
    """``columns``: (id, label, unit); ``rows``: (id, label, values by column id[, source])."""
    out_rows = []
    for row in rows:
        row_id, label, values = row[0], row[1], row[2]
        out = {"id": str(row_id), "label": str(label), "cells": [cell(c[0], values.get(c[0])) for c in columns]}
        if len(row) > 3:
            out["source"] = row[3]
        out_rows.append(out)
    return {
        "id": table_id,
        "title": str(title),
        "section": section,
        "columns": [{"id": c[0], "label": str(c[1]), "unit": c[2]} for c in columns],
        "rows": out_rows,
        "masked": sum(c["secret"] for r in out_rows for c in r["cells"]),
        "source": _source(report, which),
    }


def _figures(report: dict) -> dict:
    rows = [
        (f["id"], f["label"], {"value": f["value"], "of": f["of"]},
         {"source": str(f["source"]), "vintage": str(f["vintage"]), "synthetic": bool(f["synthetic"])})
        for f in report["figures"]
    ]  # fmt: skip
    columns = [("value", _("Value"), ""), ("of", _("Out of"), "rank")]
    table = _table(report, "figures", _("All indicators"), "figures", columns, rows, ("urssaf", "sirene"))
    units = {f["id"]: f["unit"] for f in report["figures"]}
    for row in table["rows"]:
        row["unit"] = units[row["id"]]
    return table


def _comparison(report: dict) -> dict:
    columns = [("jobs", _("Jobs"), "jobs"), ("industry_jobs", _("Industrial jobs"), "jobs"),
               ("industry_share", _("Industrial share"), "share"), ("change", pgettext("variation", "Change"), "jobs"),
               ("annual_rate", _("Annual rate"), "rate"), ("lq_industry", _("LQ industry"), "index"),
               ("krugman", _("Krugman"), "index")]  # fmt: skip
    rows = [(f"{r['kind']}:{r['code']}" if r.get("code") else r["kind"], r["label"], r) for r in report["comparison"]]
    return _table(report, "comparison", _("Comparison"), "comparison", columns, rows)


def _sectors(report: dict) -> dict:
    columns = [("jobs", _("Jobs"), "jobs"), ("share", _("Share"), "share"), ("lq_france", _("LQ France"), "index"),
               ("lq_region", _("LQ région"), "index"), ("lq_rest_of_france", _("LQ rest of France"), "index"),
               ("lq_rest_of_region", _("LQ rest of région"), "index"),
               ("change", pgettext("variation", "Change"), "jobs"), ("national_effect", _("National effect"), "jobs"),
               ("mix_effect", _("Sector-mix effect"), "jobs"), ("local_effect", _("Local effect"), "jobs")]  # fmt: skip
    rows = [(r["sector"], r["label"], r) for r in report["sectors"]]
    return _table(report, "sectors", _("Sectors"), "sectors", columns, rows)


def _sector_by_epci(report: dict) -> dict:
    by_epci = report["sector_by_epci"]
    columns = [(c["id"], c["label"], "jobs") for c in by_epci["columns"]]
    rows = [(r["id"], r["label"], dict(zip([c[0] for c in columns], r["cells"], strict=True)))
            for r in by_epci["rows"]]  # fmt: skip
    return _table(report, "sector-by-epci", _("Sectors by EPCI"), "epci", columns, rows)


def _size(report: dict) -> dict:
    rows = [(r["code"], r["band"], r) for r in report["size_structure"]]
    columns = [("establishments", _("Establishments"), "establishments")]
    return _table(report, "size-structure", _("Size"), "size", columns, rows, ("sirene",))


def _demography(report: dict) -> dict:
    columns = [("creations", _("Creations"), "establishments"), ("closures", _("Closures"), "establishments"),
               ("stock", _("Active at start"), "establishments"), ("creation_rate", _("Creation rate"), "share"),
               ("closure_rate", _("Closure rate"), "share")]  # fmt: skip
    rows = [(r["year"], r["year"], r) for r in report["demography"]]
    return _table(report, "demography", _("Demography"), "size", columns, rows, ("sirene",))


def _series(report: dict) -> dict:
    rows = [(year, year, {"jobs": value}) for year, value in report["series"].items()]
    return _table(report, "series", _("Evolution"), "evolution", [("jobs", _("Jobs"), "jobs")], rows)


def _maps(report: dict) -> list[dict]:
    column = [("share", _("Share"), "share")]
    communes = [(code, code, {"share": v}) for code, v in sorted(report["map"]["communes"].items())]
    epcis = [(siren, siren, {"share": v}) for siren, v in sorted(report["map"]["epci"].items())]
    return [
        _table(report, "map-communes", _("Map by commune"), "maps", column, communes, ("urssaf", "sirene")),
        _table(report, "map-epci", _("Map by EPCI"), "maps", column, epcis),
    ]


def _levels(report: dict) -> list[dict]:
    columns = [("jobs", _("Jobs"), "jobs"), ("establishments", _("Establishments"), "establishments")]
    return [
        _table(report, f"level-{level}", f"{_('Sectors')} {level.upper()}", "sectors", columns,
               [(r["code"], r["label"], r) for r in rows], ("urssaf", "sirene"))
        for level, rows in report["by_level"].items()
    ]  # fmt: skip


def indicator_tables(report: dict) -> list[dict]:
    """Every indicator table of ``report``, in page order (then the detailed levels of the downloads)."""
    return [
        _figures(report), _comparison(report), *_maps(report), _series(report), _sectors(report),
        _sector_by_epci(report), _size(report), _demography(report), *_levels(report),
    ]  # fmt: skip
