"""Assemble the diagnostic of one zone from the warehouse: figures with their definition, source,
vintage and secrecy flag, tables already protected by statistical secrecy, and plain-French readings."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import data
from . import indicators as ind
from .batch import main_indicators
from .secrecy import SECRET, TOTAL, Table, crosstab, primary_secret, protect

BAND_LABELS = {
    "NN": "0", "00": "0", "01": "1-2", "02": "3-5", "03": "6-9", "11": "10-19", "12": "20-49", "21": "50-99",
    "22": "100-199", "31": "200-249", "32": "250-499", "41": "500-999", "42": "1 000-1 999", "51": "2 000-4 999",
    "52": "5 000-9 999", "53": "10 000+",
}  # fmt: skip


SCOPE_WORDS = {"industry": gettext_lazy("industry"), "manufacturing": gettext_lazy("manufacturing")}
RANK_LABELS = {
    "industrial_share": gettext_lazy("industrial share of jobs"),
    "industrial_growth": gettext_lazy("growth of industrial jobs"),
}


@dataclass
class Zone:
    """What is diagnosed: a name, its current communes, its région(s), and for an official territory its wave."""

    name: str
    communes: list[str]
    regions: list[str]
    kind: str = "territory"  # territory | epci
    wave: int | None = None
    official_id: str = ""
    epcis: list[tuple[str, str]] | None = None  # (siren, name) of member EPCI, for the EPCI breakdown


def _figure(fid: str, label: str, value, unit: str, source: dict, definition: str = "", secret: bool = False) -> dict:
    return {
        "id": fid,
        "label": label,
        "definition": definition or ind.DEFINITIONS.get(fid.split(".")[0], ""),
        "value": SECRET if secret else value,
        "unit": unit,
        "source": source.get("source", ""),
        "vintage": source.get("vintage", ""),
        "synthetic": source.get("synthetic", False),
        "secret": secret,
    }


def build(con: duckdb.DuckDBPyConnection, zone: Zone, *, scope: str = "industry", start: int | None = None,
          end: int | None = None, naf_labels: dict[tuple[str, str], str] | None = None) -> dict:  # fmt: skip
    """The whole diagnostic of ``zone`` as a JSON-serialisable dict."""
    with data.zone_tables(con, zone.communes):
        return _build(con, zone, scope=scope, start=start, end=end, naf_labels=naf_labels)


def _build(con, zone: Zone, *, scope: str, start: int | None, end: int | None, naf_labels) -> dict:
    labels = naf_labels or {}
    available = data.years(con)
    if not available:
        raise LookupError(_("The warehouse holds no URSSAF series: import one first."))
    end = end or available[-1]
    start = start or available[0]
    if start not in available or end not in available or start >= end:
        raise ValueError(
            _("The period must be within the URSSAF series (%(first)s-%(last)s).")
            % {"first": available[0], "last": available[-1]}
        )
    prov = data.provenance(con)
    urssaf = prov.get("urssaf-commune-ape", {})
    sirene = prov.get("sirene-geo") or prov.get("sirene-etablissements") or {}
    communes = zone.communes
    covered = data.coverage(con)
    if len(covered) >= 96:
        reference = _("France")
    else:
        reference = _("all the warehouse's data (départements %(list)s)") % {"list": ", ".join(covered)}
    scope_word = SCOPE_WORDS[scope]
    scope_label = _("industry (NAF sections B to E)") if scope == "industry" else _("manufacturing (NAF section C)")

    all_jobs = data.jobs_by(con, communes, "section", end)
    industry_jobs = data.jobs_by(con, communes, "a38", end, scope)
    france_all = data.jobs_by(con, None, "section", end)
    france_a38 = data.jobs_by(con, None, "a38", end, scope)
    region_a38 = data.jobs_by(con, None if not zone.regions else _region_communes(con, zone.regions), "a38", end, scope)
    industry_start = data.jobs_by(con, communes, "a38", start, scope)
    france_start = data.jobs_by(con, None, "a38", start, scope)
    establishments = data.establishments_by(con, communes, "section")
    industrial_establishments = data.establishments_by(con, communes, "a38", scope)

    total_jobs, total_industry = ind.total(all_jobs), ind.total(industry_jobs)
    total_est, total_ind_est = ind.total(establishments), ind.total(industrial_establishments)
    growth = ind.Growth(ind.total(industry_start), total_industry, end - start)
    lq_industry = ind.location_quotient(
        {"industry": total_industry, "other": total_jobs - total_industry},
        {"industry": ind.total(france_a38), "other": ind.total(france_all) - ind.total(france_a38)},
    )["industry"]

    # Sector × EPCI table of industrial jobs, protected by primary and secondary secrecy.
    table, masked, epci_names = _sector_table(con, zone, end, scope)
    hidden_sectors = {sector for (sector, column) in masked if column == TOTAL}
    shift = ind.shift_share(industry_start, industry_jobs, france_start, france_a38)
    lq_fr = ind.location_quotient(industry_jobs, france_a38)
    lq_reg = ind.location_quotient(industry_jobs, region_a38)
    lq_rest = ind.location_quotient_rest(industry_jobs, france_a38)
    lq_rest_region = ind.location_quotient_rest(industry_jobs, region_a38)
    sector_rows = []
    for sector in sorted(set(industry_jobs) | set(industry_start), key=lambda s: -industry_jobs.get(s, 0)):
        secret = sector in hidden_sectors
        jobs = industry_jobs.get(sector, 0)
        part = shift[sector]
        sector_rows.append({
            "sector": sector, "label": labels.get(("A38", sector), sector),
            "jobs": SECRET if secret else round(jobs),
            "share": SECRET if secret else _round(jobs / total_industry if total_industry else 0, 4),
            "lq_france": SECRET if secret else _round(lq_fr.get(sector), 2),
            "lq_region": SECRET if secret else _round(lq_reg.get(sector), 2),
            "lq_rest_of_france": SECRET if secret else _round(lq_rest.get(sector), 2),
            "lq_rest_of_region": SECRET if secret else _round(lq_rest_region.get(sector), 2),
            "change": SECRET if secret else round(part.change),
            "national_effect": SECRET if secret else _round(part.national, 1),
            "mix_effect": SECRET if secret else _round(part.mix, 1),
            "local_effect": SECRET if secret else _round(part.local, 1),
            "secret": secret,
        })  # fmt: skip
    shift_total = ind.shift_share_total(shift)

    sizes = data.establishment_sizes(con, communes, scope)
    employers = data.top_employers(con, communes, 10, scope)
    structure = data.size_structure(con, communes)
    demography = data.demography(con, communes, max(start, end - 9), end)
    ages = sorted(data.ages(con, communes, end))
    readings = _readings(con, communes, end, scope, industry_jobs, france_a38, hidden_sectors, labels, reference)
    wave = main_indicators(con, f"ti-{zone.wave}", start, end, scope) if zone.wave else {}
    ranks = _ranks(wave, zone.official_id)

    figures = [
        _figure("total.jobs", _("private salaried jobs"), round(total_jobs), _("jobs"), urssaf, "Σ jobs"),
        _figure("total.industry_jobs", _("%(scope)s jobs") % {"scope": scope_word}, round(total_industry), _("jobs"),
                urssaf, "Σ jobs of the scope"),
        _figure("share.industry_jobs", _("share of %(scope)s in jobs") % {"scope": scope_word},
                _round(total_industry / total_jobs if total_jobs else 0, 4), "%", urssaf),
        _figure("share.industry_establishments",
                _("share of %(scope)s in active establishments") % {"scope": scope_word},
                _round(total_ind_est / total_est if total_est else 0, 4), "%", sirene),
        _figure("total.establishments", _("active establishments"), round(total_est), _("establishments"), sirene,
                "count of active establishments", secret=0 < total_est < 3),
        _figure("growth.change", _("change in %(scope)s jobs %(start)s-%(end)s") % {"scope": scope_word, "start": start,
                "end": end}, round(growth.change), _("jobs"), urssaf),
        _figure("growth.annual_rate", _("annual rate of change %(start)s-%(end)s") % {"start": start, "end": end},
                _round(growth.annual_rate, 4), "%", urssaf),
        _figure("lq.industry", _("specificity of %(scope)s (LQ vs France)") % {"scope": scope_word},
                _round(lq_industry, 2), "", urssaf),
        _figure("krugman", _("Krugman specialisation index (A38, vs France)"),
                _round(ind.krugman_index(industry_jobs, france_a38), 3), "", urssaf),
        _figure("shift_share.national", _("shift-share: national effect"), _round(shift_total.national, 1),
                _("jobs"), urssaf),
        _figure("shift_share.mix", _("shift-share: sector-mix effect"), _round(shift_total.mix, 1), _("jobs"), urssaf),
        _figure("shift_share.local", _("shift-share: local effect"), _round(shift_total.local, 1), _("jobs"), urssaf),
        _figure("top_share.1", _("share of the largest establishment"), _round(ind.top_share(sizes, 1), 3), "%", sirene,
                "estimated from SIRENE headcount bands (midpoints)", secret=len(sizes) < 3),
        _figure("top_share.5", _("share of the 5 largest establishments"), _round(ind.top_share(sizes, 5), 3), "%",
                sirene, "estimated from SIRENE headcount bands (midpoints)", secret=len(sizes) < 3),
        _figure("top_share.10", _("share of the 10 largest establishments"), _round(ind.top_share(sizes, 10), 3), "%",
                sirene, "estimated from SIRENE headcount bands (midpoints)", secret=len(sizes) < 3),
        _figure("herfindahl", _("Herfindahl index of establishments"), _round(ind.herfindahl(sizes), 4), "", sirene,
                secret=len(sizes) < 3),
        _figure("age.median", _("median age of active establishments"), ages[len(ages) // 2] if ages else None,
                _("years"), sirene, "median of (year − creation year)"),
    ]  # fmt: skip
    for key, (position, count) in ranks.items():
        label = _("rank among the territories of wave %(wave)s: %(what)s") % {
            "wave": zone.wave,
            "what": RANK_LABELS[key],
        }
        figures.append(_figure(f"rank.{key}", label, position, f"/ {count}", urssaf))

    return {
        "zone": {
            "name": zone.name,
            "kind": zone.kind,
            "wave": zone.wave,
            "id": zone.official_id,
            "communes": len(communes),
        },  # fmt: skip
        "scope": scope,
        "scope_label": scope_label,
        "reference": reference,
        "period": {"start": start, "end": end},
        "sources": {"urssaf": urssaf, "sirene": sirene},
        "synthetic": bool(urssaf.get("synthetic") or sirene.get("synthetic")),
        "figures": figures,
        "readings": readings,
        "sectors": sector_rows,
        "sector_by_epci": _published_table(table, masked, epci_names, labels),
        "series": {str(y): round(v) for y, v in data.jobs_series(con, communes, scope).items()},
        "top_employers": [
            {
                "name": (e["name"] or "—") if e["public"] else _("(identity not disclosed by INSEE)"),
                "commune": e["commune"],
                "naf": e["naf"],
                "naf_label": e["naf_label"],
                "size_band": BAND_LABELS.get(e["size_band"], e["size_band"]),
            }
            for e in employers
        ],  # fmt: skip
        "size_structure": _protected_counts(structure),
        "demography": [
            {
                "year": y,
                "creations": c,
                "closures": f_,
                "stock": s,
                "creation_rate": _round(ind.rate(c, s), 4),
                "closure_rate": _round(ind.rate(f_, s), 4),
            }
            for y, c, f_, s in demography
        ],  # fmt: skip
        "definitions": ind.DEFINITIONS,
        "comparison": _comparison(con, zone, start, end, scope, reference, wave),
        "by_level": _levels(con, communes, end, scope, labels),
        "map": {
            "communes": _shares_by(con, communes, end, scope, "commune"),
            "epci": _shares_by(con, communes, end, scope, "epci"),
        },
    }


def _readings(con, communes, end, scope, zone_a38, france_a38, hidden, labels, reference) -> list[str]:
    """Plain-French readings of the dominant and specific activities (NAF sous-classe and A38)."""
    zone_naf = data.jobs_by(con, communes, "naf", end, scope)
    france_naf = data.jobs_by(con, None, "naf", end, scope)
    cells = {(r[1]): r for r in data.cells_by_naf(con, communes, end, scope)}
    found = []
    for level, zone_vector, ref_vector, min_lq in (
        ("naf", zone_naf, france_naf, 3.0),
        ("A38", zone_a38, france_a38, 1.5),
    ):
        for s in ind.specific_sectors(zone_vector, ref_vector, min_weight=0.05, min_lq=min_lq, limit=3):
            if level == "A38" and s.key in hidden:
                continue
            if level == "naf":
                _sector, _jobs, units, largest = cells.get(s.key, (s.key, 0, 0, 0))
                if primary_secret(int(units or 0), zone_vector[s.key], largest):
                    continue
            label = labels.get((level, s.key), s.key)
            found.append(
                _("%(sector)s weighs %(weight)s of %(scope)s jobs, %(lq)s times more than in %(reference)s.")
                % {"sector": label, "weight": f"{s.weight:.0%}", "scope": SCOPE_WORDS[scope],
                   "lq": f"{s.lq:.1f}".replace(".", ","), "reference": reference}
            )  # fmt: skip
    # The dominant sectors, specific or not: the heaviest A38 branches of the zone.
    for key, weight in ind.dominant_sectors(zone_a38, 3):
        if key in hidden or weight <= 0:
            continue
        found.append(
            _("%(sector)s is among the dominant sectors: %(weight)s of %(scope)s jobs.")
            % {"sector": labels.get(("A38", key), key), "weight": f"{weight:.0%}", "scope": SCOPE_WORDS[scope]}
        )
    return found


def _shares_by(con, communes, end, scope, zone) -> dict[str, float | str | None]:
    """Share of the scope in jobs by commune or EPCI, masked by primary secrecy ("s")."""
    out: dict[str, float | str | None] = {}
    for code, jobs, scope_jobs, units, largest in data.industry_by(con, communes, end, scope, zone):
        if code is None:
            continue
        if primary_secret(int(units), scope_jobs, largest):
            out[code] = SECRET
        else:
            out[code] = round(scope_jobs / jobs, 4) if jobs else None
    return out


def _comparison(con, zone: Zone, start: int, end: int, scope: str, reference: str, wave: dict) -> list[dict]:
    """Main indicators of the zone, its member EPCI, its région(s), France and the median territory of its wave."""
    from statistics import median

    rows = [
        {"label": zone.name, "kind": "zone", **main_indicators(con, "zone", start, end, scope, zone.communes)["zone"]}
    ]
    if zone.kind != "epci" and zone.epcis:
        epcis = main_indicators(con, "epci", start, end, scope)
        rows += [{"label": name, "kind": "epci", **epcis[siren]} for siren, name in zone.epcis if siren in epcis]
    regions = main_indicators(con, "region", start, end, scope)
    rows += [{"label": _("région %(code)s") % {"code": code}, "kind": "region", **regions[code]}
             for code in zone.regions if code in regions]  # fmt: skip
    rows.append({"label": reference, "kind": "france", **main_indicators(con, "france", start, end, scope)["FR"]})
    if wave:
        keys = ("industry_share", "annual_rate", "lq_industry", "krugman")
        rows.append({
            "label": _("median territory of wave %(wave)s") % {"wave": zone.wave}, "kind": "wave",
            **{k: median([w[k] for w in wave.values() if w[k] is not None]) for k in keys},
        })  # fmt: skip
    for row in rows:  # totals of 1 or 2 establishments would be secret
        if 0 < row.get("establishments", 3) < 3:
            row.update({k: SECRET for k in row if k not in ("label", "kind")})
    return [{k: (_round(v, 4) if isinstance(v, float) else v) for k, v in row.items()} for row in rows]


def _levels(con, communes, end, scope, labels) -> dict[str, list[dict]]:
    """Jobs and establishments of the scope at every NAF level and aggregate, each a table with its total,
    protected by primary and secondary secrecy."""
    cells = {naf: (jobs, units, largest) for naf, jobs, units, largest in data.cells_by_naf(con, communes, end, scope)}
    mapping = {
        row[0]: row for row in con.execute("SELECT naf, section, division, a10, a17, a38, a88 FROM ref_naf").fetchall()
    }
    establishments = data.establishments_by(con, communes, "naf", scope)
    out: dict[str, list[dict]] = {}
    for index, level in enumerate(("section", "division", "a10", "a17", "a38", "a88", "naf"), start=1):
        grouped: dict[str, list[float]] = {}
        for naf in set(cells) | set(establishments):
            key = naf if level == "naf" else mapping[naf][index] if naf in mapping else None
            if key is None:
                continue
            jobs, units, largest = cells.get(naf, (0, 0, 0))
            entry = grouped.setdefault(key, [0.0, 0, 0.0, 0])
            entry[0] += jobs or 0
            entry[1] += int(units or 0)
            entry[2] = max(entry[2], largest or 0)
            entry[3] += int(establishments.get(naf, 0))
        keys = sorted(grouped)
        table = Table({k: grouped[k][0] for k in keys} | {TOTAL: sum(g[0] for g in grouped.values())})
        table.add_constraint(TOTAL, keys)
        masked = protect(table, {k for k in keys if primary_secret(grouped[k][1], grouped[k][0], grouped[k][2])})
        counts = Table({k: grouped[k][3] for k in keys} | {TOTAL: sum(g[3] for g in grouped.values())})
        counts.add_constraint(TOTAL, keys)
        masked_counts = protect(counts, {k for k in keys if 0 < grouped[k][3] < 3})
        label_level = {"section": "section", "division": "A88", "naf": "naf"}.get(level, level.upper())
        out[level] = [
            {"code": k, "label": labels.get((label_level, k), k),
             "jobs": SECRET if k in masked else round(grouped[k][0]),
             "establishments": SECRET if k in masked_counts else grouped[k][3]}
            for k in keys
        ]  # fmt: skip
    return out


def _round(value, digits):
    return None if value is None else round(value, digits)


def _region_communes(con, regions: list[str]) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT current_code FROM ref_commune WHERE region IN (SELECT unnest(?::VARCHAR[]))", [regions]
    ).fetchall()
    return [r[0] for r in rows]


def _sector_table(con, zone: Zone, year: int, scope: str) -> tuple[Table, set, dict]:
    cells = data.cells_by_epci(con, zone.communes, "a38", year, scope)
    epcis = sorted({c[0] for c in cells if c[0]})
    sectors = sorted({c[1] for c in cells})
    values = {(sector, epci): jobs for epci, sector, jobs, _u, _l in cells}
    table = crosstab(values, sectors, epcis)
    primary = {
        (sector, epci) for epci, sector, jobs, units, largest in cells if primary_secret(int(units or 0), jobs, largest)
    }
    masked = protect(table, primary) if primary else set()
    names = dict(zone.epcis or [])
    return table, masked, {e: names.get(e, e) for e in epcis}


def _published_table(table: Table, masked: set, epci_names: dict, labels: dict) -> dict:
    columns = [*epci_names, TOTAL]
    rows = sorted({r for r, _c in table.values if r != TOTAL}) + [TOTAL]
    return {
        "columns": [{"id": c, "label": epci_names.get(c, _("Total"))} for c in columns],
        "rows": [
            {
                "id": r,
                "label": _("Total") if r == TOTAL else labels.get(("A38", r), r),
                "cells": [SECRET if (r, c) in masked else round(table.values.get((r, c), 0)) for c in columns],
            }
            for r in rows
        ],
        "masked": len(masked),
    }


def _protected_counts(counts: dict[str, int]) -> list[dict]:
    """Establishments by headcount band; 1- or 2-establishment bands masked, then one more if needed."""
    bands = [b for b in BAND_LABELS if b in counts]
    table = Table({b: counts[b] for b in bands} | {TOTAL: sum(counts.values())})
    table.add_constraint(TOTAL, bands)
    masked = protect(table, {b for b in bands if primary_secret(counts[b], counts[b], 1)})
    return [{"band": BAND_LABELS[b], "code": b, "establishments": SECRET if b in masked else counts[b]} for b in bands]


def _ranks(wave: dict[str, dict], official_id: str) -> dict[str, tuple[int, int]]:
    """Rank of the territory among those of its wave on the main indicators (1 = highest)."""
    out = {}
    for name, key in (("industrial_share", "industry_share"), ("industrial_growth", "annual_rate")):
        found = ind.rank({z: v[key] for z, v in wave.items()}, official_id)
        if found:
            out[name] = found
    return out
