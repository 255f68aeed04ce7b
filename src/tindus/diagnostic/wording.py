"""The last step of a report: labels, units, definitions, sources and plain-French readings.

Units are explicit and shares are always fractions (0.53 is 53 %): ``share`` (a fraction of a whole),
``rate`` (a yearly rate, a fraction), ``jobs``, ``establishments``, ``index`` (a ratio without unit),
``years``, ``rank``. Every figure carries its source, vintage and whether the data are synthetic;
``"s"`` stands for a value withheld by statistical secrecy.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.core.collation import french_key

from .compute import indicators as ind
from .compute.protection import DEFAULT_LEVEL
from .compute.secrecy import SECRET
from .data import BANDS
from .published import known
from .report import Facts

SCOPE_WORDS = {"industry": gettext_lazy("industry"), "manufacturing": gettext_lazy("manufacturing")}
DEFINITION_TEXTS = {
    "share": gettext_lazy("part of the whole, as a fraction"),
    "lq": gettext_lazy("location quotient: the sector's weight in the zone divided by its weight in the reference"),
    "lq_total": gettext_lazy(
        "location quotient on total employment: (sector jobs ÷ all jobs of the zone) ÷ "
        "(sector jobs ÷ all jobs of the reference)"
    ),
    "lq_scope": gettext_lazy(
        "location quotient within the scope: (sector jobs ÷ jobs of the scope in the zone) ÷ "
        "(sector jobs ÷ jobs of the scope in the reference)"
    ),
    "lq_rest": gettext_lazy("location quotient against the rest of the reference (the reference minus the zone)"),
    "krugman": gettext_lazy(
        "Krugman index: sum of the absolute differences between the zone's and France's "
        "sector shares (0: same structure, 2: nothing in common)"
    ),
    "krugman_rest": gettext_lazy(
        "Krugman index of the Observatoire des territoires: half the sum of the absolute "
        "differences with the rest of France (0 to 1)"
    ),
    "growth": gettext_lazy("change between the two years, and the yearly rate that compounds to it"),
    "shift_share": gettext_lazy(
        "the change split into a national effect (France's growth), a sector-mix effect "
        "(each sector's national growth) and a local effect (the rest)"
    ),
    "top_share": gettext_lazy(
        "share of the largest establishments in the jobs of the scope, estimated from "
        "SIRENE headcount bands (midpoints)"
    ),
    "herfindahl": gettext_lazy("sum of the squared shares of the establishments (1: a single one holds everything)"),
    "creation_rate": gettext_lazy("creations of the year ÷ active establishments at the end of the previous year"),
    "closure_rate": gettext_lazy("closures of the year ÷ active establishments at the end of the previous year"),
    "rank": gettext_lazy("position among the territories of the wave whose figure is published, 1 = highest"),
    "total": gettext_lazy("sum over the zone"),
    "count": gettext_lazy("count of active establishments"),
    "age": gettext_lazy("median of (year − creation year) of active establishments"),
}
BASE_LABELS = {
    "total": gettext_lazy("base: total employment"),
    "scope": gettext_lazy("base: jobs of the scope"),
}


# The formula shown beside a definition's sentence: the notation of ``indicators.DEFINITIONS`` without its
# English notes (the sentence says them in the reader's language); words left in a formula are translated.
FORMULAS = {
    "share": "s_i = x_i / Σ_j x_j",
    "lq": "LQ_i = (z_i / Z) / (r_i / R)",
    "lq_rest": "LQ*_i = (z_i / Z) / ((r_i − z_i) / (R − Z))",
    "lq_total": "LQ_i = (z_i / E_z) / (r_i / E_r)",
    "lq_scope": "LQ_i = (z_i / Z) / (r_i / R)",
    "krugman": "K = Σ_i |z_i / Z − r_i / R|",
    "krugman_rest": "K* = ½ Σ_i |z_i / Z − (r_i − z_i) / (R − Z)|",
    "growth": gettext_lazy("Δ = x_end − x_start; yearly rate = (x_end / x_start)^(1 / years) − 1"),
    "shift_share": gettext_lazy(
        "Δz_i = z0_i·g (national) + z0_i·(g_i − g) (sector mix) + local residual; g = R1/R0 − 1, g_i = r1_i/r0_i − 1"
    ),
    "herfindahl": "H = Σ_u s_u²",
}


def _definition(key: str) -> str:
    text = DEFINITION_TEXTS.get(key)
    formula = str(FORMULAS.get(key, ""))
    return f"{text} ({formula})" if text and formula else str(text or formula)


def _round(value, digits: int):
    if value is None or value == SECRET:
        return value
    return round(value, digits) if digits else round(value)


def word(c: dict, f: Facts, labels: dict, names: dict) -> dict:
    """The report of the computed figures ``c`` of the facts ``f``, worded for a reader."""
    urssaf, sirene = _sources(f)
    reference = _reference(f)
    epci_names = dict(f.zone.epcis or [])
    return {
        "zone": {
            "name": f.zone.name, "kind": f.zone.kind, "wave": f.zone.wave, "id": f.zone.official_id,
            "communes": len(f.zone.communes), "cog": _cog(f),
            "figures_cover": [epci_names.get(g.removeprefix("epci:"), g) for g in f.place.geos]
            if f.zone.kind == "custom" else [],
        },
        "scope": f.scope,
        "scope_label": _("industry (NAF sections B to E)") if f.scope == "industry"
        else _("manufacturing (NAF section C)"),
        "base": f.base,
        "base_label": str(BASE_LABELS[f.base]),
        "reference": reference,
        "period": {"start": f.start, "end": f.end},
        "sources": {"urssaf": urssaf, "sirene": sirene},
        "synthetic": bool(urssaf.get("synthetic") or sirene.get("synthetic")),
        "units": {"share": _("fraction of a whole (0.53 = 53 %)"), "rate": _("yearly rate, as a fraction"),
                  "jobs": _("jobs"), "establishments": _("establishments"), "index": _("index"), "years": _("years"),
                  "rank": _("rank")},
        "figures": _figures(c, f, urssaf, sirene),
        "readings": readings(c, f, labels, reference),
        "sectors": _sectors(c, labels),
        "sector_by_epci": _sector_by_epci(c, labels, epci_names),
        "series": {str(y): _round(v, 0) for y, v in c["series"].items() if v is not None},
        "top_employers": _employers(f, c["size_structure"]),
        "size_structure": [{"band": band_label(r["code"]), **r} for r in c["size_structure"]],
        "demography": [
            {"year": y, "creations": cr, "closures": cl, "stock": st, "creation_rate": _round(ind.rate(cr, st), 4),
             "closure_rate": _round(ind.rate(cl, st), 4)}
            for y, cr, cl, st in c["demography"]
        ],
        "definitions": {k: _definition(k) for k in DEFINITION_TEXTS},
        "comparison": _comparison(c, f, names.get("regions", {}), reference),
        "by_level": {
            level: [{"code": r["code"], "label": labels.get((_label_level(level), r["code"]), r["code"]),
                     "jobs": _round(r["jobs"], 0), "establishments": r["establishments"]} for r in rows]
            for level, rows in c["by_level"].items()
        },
        "map": {"communes": {k: _round(v, 4) for k, v in c["map"]["communes"].items()},
                "epci": {k: _round(v, 4) for k, v in c["map"]["epci"].items()}},
        "secrecy": {
            "method": _("joint secondary suppression of every table published together (the territories, "
                        "their EPCI, the régions and France), checked by linear programming"),
            "level": DEFAULT_LEVEL,
            "rule": _("a figure from fewer than 3 employers, or where one employer holds more than 85 %, is "
                      "secret; other figures are withheld so that none can be worked out from the published ones"),
        },
    }  # fmt: skip


def _sources(f: Facts) -> tuple[dict, dict]:
    urssaf = f.provenance.get("urssaf-commune-ape", {})
    sirene = f.provenance.get("sirene-geo") or f.provenance.get("sirene-etablissements") or {}
    return urssaf, sirene


def _reference(f: Facts) -> str:
    if len(f.covered) >= 96:
        return _("France")
    return _("all the warehouse's data (départements %(list)s)") % {"list": ", ".join(f.covered)}


def _figures(c: dict, f: Facts, urssaf: dict, sirene: dict) -> list[dict]:
    scope_word = SCOPE_WORDS[f.scope]

    def figure(fid: str, label: str, value, unit: str, source: dict, definition: str) -> dict:
        return {"id": fid, "label": label, "definition": _definition(definition),
                "definition_text": str(DEFINITION_TEXTS.get(definition, "")),
                "formula": str(FORMULAS.get(definition, "")), "value": value, "unit": unit,
                "source": source.get("source", ""), "vintage": source.get("vintage", ""),
                "synthetic": source.get("synthetic", False), "secret": value == SECRET, "of": None}  # fmt: skip

    shift = c["shift_share"]
    few = len(c["sizes"]) < 3
    figures = [
        figure("total.jobs", _("private salaried jobs"), _round(c["total_jobs"], 0), "jobs", urssaf, "total"),
        figure("total.industry_jobs", _("%(scope)s jobs") % {"scope": scope_word}, _round(c["scope_jobs"], 0),
               "jobs", urssaf, "total"),
        figure("share.industry_jobs", _("share of %(scope)s in jobs") % {"scope": scope_word},
               _round(c["scope_share"], 4), "share", urssaf, "share"),
        figure("share.industry_establishments",
               _("share of %(scope)s in active establishments") % {"scope": scope_word},
               _round(c["scope_establishment_share"], 4), "share", sirene, "share"),
        figure("total.establishments", _("active establishments"), c["establishments"], "establishments", sirene,
               "count"),
        figure("growth.change", _("change in %(scope)s jobs %(start)s-%(end)s") % {
            "scope": scope_word, "start": f.start, "end": f.end}, _round(c["change"], 0), "jobs", urssaf, "growth"),
        figure("growth.annual_rate", _("annual rate of change %(start)s-%(end)s") % {"start": f.start, "end": f.end},
               _round(c["annual_rate"], 4), "rate", urssaf, "growth"),
        figure("lq.industry", _("specificity of %(scope)s (LQ vs France, base: total employment)")
               % {"scope": scope_word}, _round(c["lq_scope"], 2), "index", urssaf, "lq_total"),
        figure("krugman", _("Krugman specialisation index (A38, vs France)"), _round(c["krugman"], 3), "index",
               urssaf, "krugman"),
        figure("krugman_rest", _("Krugman index against the rest of France (A38, Observatoire des territoires)"),
               _round(c["krugman_rest"], 3), "index", urssaf, "krugman_rest"),
        figure("shift_share.national", _("shift-share: national effect"),
               _round(shift.national, 1) if shift else SECRET, "jobs", urssaf, "shift_share"),
        figure("shift_share.mix", _("shift-share: sector-mix effect"), _round(shift.mix, 1) if shift else SECRET,
               "jobs", urssaf, "shift_share"),
        figure("shift_share.local", _("shift-share: local effect"), _round(shift.local, 1) if shift else SECRET,
               "jobs", urssaf, "shift_share"),
        figure("top_share.1", _("share of the largest establishment"),
               SECRET if few else _round(ind.top_share(c["sizes"], 1), 3), "share", sirene, "top_share"),
        figure("top_share.5", _("share of the 5 largest establishments"),
               SECRET if few else _round(ind.top_share(c["sizes"], 5), 3), "share", sirene, "top_share"),
        figure("top_share.10", _("share of the 10 largest establishments"),
               SECRET if few else _round(ind.top_share(c["sizes"], 10), 3), "share", sirene, "top_share"),
        figure("herfindahl", _("Herfindahl index of establishments"),
               SECRET if few else _round(ind.herfindahl(c["sizes"]), 4), "index", sirene, "herfindahl"),
        figure("age.median", _("median age of active establishments"), c["age_median"], "years", sirene, "age"),
    ]  # fmt: skip
    for key, label in (("industrial_share", _("industrial share of jobs")),
                       ("industrial_growth", _("growth of industrial jobs"))):  # fmt: skip
        if key in c["ranks"]:
            value = c["ranks"][key]
            figures.append(
                figure(f"rank.{key}", _("rank among the territories of wave %(wave)s: %(what)s")
                       % {"wave": f.zone.wave, "what": label}, value if value == SECRET else value[0], "rank",
                       urssaf, "rank") | ({"of": value[1]} if value != SECRET else {})
            )  # fmt: skip

    return figures


def _sectors(c: dict, labels: dict) -> list[dict]:
    return [
        {**row, "label": labels.get(("A38", row["sector"]), row["sector"]), "jobs": _round(row["jobs"], 0),
         "share": _round(row["share"], 4),
         **{k: _round(row[k], 2) for k in ("lq_france", "lq_region", "lq_rest_of_france", "lq_rest_of_region")},
         "change": _round(row["change"], 0),
         **{k: _round(row[k], 1) for k in ("national_effect", "mix_effect", "local_effect")}}
        for row in c["sectors"]
    ]  # fmt: skip


def _sector_by_epci(c: dict, labels: dict, epci_names: dict) -> dict:
    """The sector × EPCI table, its EPCI columns in the French order of their names, the total last."""
    by_epci = c["sector_by_epci"]

    def label(row_id: str) -> str:
        return labels.get(("A38", row_id.removeprefix("A38:")), row_id) if row_id.startswith("A38:") else _("Total")

    sirens = list(by_epci["columns"])
    order = sorted(range(len(sirens)), key=lambda i: french_key(epci_names.get(sirens[i], sirens[i])))
    order.append(len(sirens))  # the total column, last
    return {
        "columns": [{"id": sirens[i], "label": epci_names.get(sirens[i], sirens[i])} for i in order[:-1]]
        + [{"id": "Total", "label": _("Total")}],
        "rows": [
            {"id": r["id"].removeprefix("A38:") if r["id"].startswith("A38:") else "Total", "label": label(r["id"]),
             "cells": [_round(r["cells"][i], 0) for i in order]}
            for r in by_epci["rows"]
        ],
        "masked": by_epci["masked"],
    }  # fmt: skip


def _comparison(c: dict, f: Facts, region_names: dict, reference: str) -> list[dict]:
    out = []
    for row in c["comparison"]:
        label = {"france": reference, "wave": _("median territory of wave %(wave)s") % {"wave": f.zone.wave},
                 "region": region_names.get(row.get("code"), row["label"])}.get(row["kind"], row["label"])  # fmt: skip
        if row["kind"] == "epci" and row["communes_in_zone"] < row["communes"]:
            label = _("%(name)s (%(inside)s of its %(all)s communes in the zone)") % {
                "name": label, "inside": row["communes_in_zone"], "all": row["communes"]}  # fmt: skip
        out.append({
            **row, "label": label, "jobs": _round(row.get("jobs"), 0),
            "industry_jobs": _round(row.get("industry_jobs"), 0), "change": _round(row.get("change"), 0),
            **{k: _round(row.get(k), 4) for k in ("industry_share", "annual_rate", "lq_industry", "krugman")},
        })  # fmt: skip
    # The EPCI rows keep their place among the others, in the French order of their names.
    places = [i for i, row in enumerate(out) if row["kind"] == "epci"]
    for place, row in zip(places, sorted((out[i] for i in places), key=lambda r: french_key(r["label"])), strict=True):
        out[place] = row
    return out


def band_label(code: str) -> str:
    """The French name of a SIRENE headcount band: « unités non employeuses (ou présumées) », « 0 salarié
    au 31/12… », « 1 ou 2 salariés », « 10 à 19 salariés »… (two bands have no employee at year end:
    each says which it is)."""
    if code == "NN":
        return _("non-employing units (or presumed so)")
    if code == "00":
        return _("0 employees at year end (some during the year)")
    if code not in BANDS:
        return code
    low, high = (f"{n:,}".replace(",", "\u00a0") for n in BANDS[code])
    if code == "01":
        return _("1 or 2 employees")
    if code == "53":
        return _("%(low)s employees or more") % {"low": low}
    return _("%(low)s to %(high)s employees") % {"low": low, "high": high}


def _employers(f: Facts, size_structure: list[dict]) -> list[dict]:
    """The largest employers; a headcount band that the size table masks is masked here too."""
    published = {r["code"]: r["establishments"] != SECRET for r in size_structure}
    return [
        {"name": (e["name"] or "—") if e["public"] else _("(identity not disclosed by INSEE)"),
         "commune": e["commune"], "naf": e["naf"], "naf_label": e["naf_label"],
         "size_band": band_label(e["size_band"]) if published.get(e["size_band"], False) else SECRET}
        for e in f.employers
    ]  # fmt: skip


def _label_level(level: str) -> str:
    return {"section": "section", "division": "A88", "naf": "naf"}.get(level, level.upper())


def _cog(f: Facts) -> dict:
    """The COG vintage of the report and, where the territory's own list is older, the communes merged since."""
    from tindus.warehouse.reference import LATEST_COG

    names = {code: name for code, name, *_rest in f.places}
    return {
        "vintage": LATEST_COG,
        "listed_vintage": f.zone.listed_vintage,
        "listed": len(set(f.zone.listed)) if f.zone.listed else len(f.zone.communes),
        "merged": [{"code": old, "into": new, "into_name": names.get(new, new)} for old, new in f.former],
    }


def readings(c: dict, f: Facts, labels: dict, reference: str) -> list[str]:
    """Plain-French readings that use published figures only: the heaviest sectors with their published
    share of the scope's published total, and how specific they are (their published location quotient)."""
    scope_word = SCOPE_WORDS[f.scope]
    out = []
    rows = [r for r in c["sectors"] if not r["secret"] and known(r["share"])]
    specific = [r for r in rows if r["share"] >= 0.05 and known(r["lq_france"]) and (r["lq_france"] or 0) >= 1.5]
    for row in sorted(specific, key=lambda r: (-r["share"], r["sector"]))[:3]:
        out.append(
            _("%(sector)s weighs %(weight)s of %(scope)s jobs, %(lq)s times more than in %(reference)s "
              "(%(base)s).")
            % {"sector": labels.get(("A38", row["sector"]), row["sector"]), "weight": f"{round(row['share'] * 100)} %",
               "scope": scope_word, "lq": f"{row['lq_france']:.1f}".replace(".", ","), "reference": reference,
               "base": BASE_LABELS[f.base]}
        )  # fmt: skip
    for code, share, lq in c["specific_naf"][:3]:
        out.append(
            _("%(sector)s weighs %(weight)s of %(scope)s jobs, %(lq)s times more than in %(reference)s "
              "(%(base)s).")
            % {"sector": labels.get(("naf", code), code), "weight": f"{round(share * 100)} %", "scope": scope_word,
               "lq": f"{lq:.1f}".replace(".", ","), "reference": reference, "base": BASE_LABELS[f.base]},
        )  # fmt: skip
    for row in sorted(rows, key=lambda r: (-r["share"], r["sector"]))[:3]:
        out.append(
            _("%(sector)s is among the dominant sectors: %(weight)s of %(scope)s jobs.")
            % {
                "sector": labels.get(("A38", row["sector"]), row["sector"]),
                "weight": f"{round(row['share'] * 100)} %",
                "scope": scope_word,
            }
        )
    return out
