"""The diagnostic of one zone, in four steps with explicit inputs: fetch → compute → protect → word.

- **fetch** (:func:`fetch`): what the warehouse says (SQL in :mod:`.data`) and the protected tables
  of the official geographies (:mod:`.protected`), for the zone and its comparisons;
- **compute** and **protect** (:func:`compute`): every indicator, computed only on published cells
  (:mod:`.published`), so that a masked cell gives ``"s"`` wherever it would show;
- **word** (:mod:`.wording`): labels, units, definitions and plain-French readings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import duckdb

from . import data
from . import published as pub
from .compute import indicators as ind
from .compute.publication import ALL, TOTAL
from .compute.secrecy import SECRET, Table, primary_secret, protect
from .compute.secrecy import TOTAL as TABLE_TOTAL
from .protected import ProtectedTables, ProtectedYear, PublishedYear

# SIRENE headcount bands, smallest first ("NN": non-employing; "00": none at year end but some during it).
BANDS = ("NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53")
LEVELS = ("section", "division", "a10", "a17", "a38", "a88", "naf")
NODE_PREFIX = {"section": "sec:", "division": "div:", "a10": "A10:", "a17": "A17:", "a38": "A38:", "a88": "div:",
               "naf": ""}  # fmt: skip
BASES = ("total", "scope")


class ZoneNotCoveredError(LookupError):
    """The zone reaches départements that the warehouse does not hold."""

    def __init__(self, missing: list[str], covered: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing, self.covered = missing, covered


@dataclass
class Zone:
    """What is diagnosed: a name, its current communes (COG of the warehouse) and what it is."""

    name: str
    communes: list[str]
    regions: list[str]
    kind: str = "territory"  # territory (official) | epci | custom
    wave: int | None = None
    official_id: str = ""
    epcis: list[tuple[str, str]] | None = None  # (siren, name) of the EPCI it touches, COG of the warehouse
    listed: list[str] = field(default_factory=list)  # the communes as the territory lists them
    listed_vintage: int | None = None

    @property
    def geo(self) -> str:
        if self.kind == "epci":
            return f"epci:{(self.epcis or [('', '')])[0][0]}"
        return f"territory:{self.wave}:{self.official_id}"


@dataclass
class Facts:
    """Everything the report needs, read once."""

    zone: Zone
    place: pub.Place
    scope: str
    base: str
    start: int
    end: int
    years: list[int]
    provenance: dict
    covered: list[str]
    naf_rows: list[tuple]
    end_tables: PublishedYear
    start_tables: PublishedYear
    totals: dict[int, ProtectedYear]
    places: list[tuple[str, str, str, str, str]]  # (commune, name, epci, département, région)
    former: list[tuple[str, str]]
    epci_sizes: dict[str, int]
    commune_rows: list[tuple]
    establishments: dict[str, dict[str, float]]
    sizes: list[float]
    employers: list[dict]
    structure: dict[str, int]
    demography: list[tuple]
    ages: list[float]


def build(con: duckdb.DuckDBPyConnection, zone: Zone, protected: ProtectedTables, *, scope: str = "industry",
          start: int | None = None, end: int | None = None, base: str = "total",
          naf_labels: dict | None = None, names: dict | None = None) -> dict:  # fmt: skip
    """The whole diagnostic of ``zone`` as a JSON-serialisable dict."""
    from .wording import word

    facts = fetch(con, zone, protected, scope=scope, start=start, end=end, base=base)
    return word(compute(facts), facts, naf_labels or {}, names or {})


def fetch(con: duckdb.DuckDBPyConnection, zone: Zone, protected: ProtectedTables, *, scope: str,
          start: int | None, end: int | None, base: str) -> Facts:  # fmt: skip
    from django.utils.translation import gettext as _  # messages only

    available = data.years(con)
    if not available:
        raise LookupError(_("The warehouse holds no URSSAF series: import one first."))
    covered = data.coverage(con)
    places = data.commune_places(con, zone.communes)
    missing = sorted({p[3] for p in places} - set(covered))
    if missing or not places:
        raise ZoneNotCoveredError(missing, covered)
    end = end or available[-1]
    start = start or available[0]
    if start not in available or end not in available or start >= end:
        raise ValueError(
            _("The period must be within the URSSAF series (%(first)s-%(last)s).")
            % {"first": available[0], "last": available[-1]}
        )
    end_tables, start_tables = protected.published(end), protected.published(start)
    place = _place(zone, end_tables)
    with data.zone_rows(con, zone.communes) as rows:
        establishments = {level: data.establishments_by(con, rows, level, scope) for level in LEVELS}
        establishments["all"] = data.establishments_by(con, rows, "section")
        return Facts(
            zone=zone, place=place, scope=scope, base=base if base in BASES else "total", start=start, end=end,
            years=available, provenance=data.provenance(con), covered=covered, naf_rows=data.naf_rows(con, scope),
            end_tables=end_tables, start_tables=start_tables,
            totals={y: protected.totals(y) for y in available}, places=places,
            former=data.former_codes(con, zone.listed),
            epci_sizes=data.epci_sizes(con, [siren for siren, _name in zone.epcis or []]),
            commune_rows=data.atom_rows(con, [end], zone.communes, detail=False),
            establishments=establishments, sizes=data.establishment_sizes(con, rows, scope),
            employers=data.top_employers(con, rows, 10, scope), structure=data.size_structure(con, rows),
            demography=data.demography(con, rows, max(start, end - 9), end), ages=sorted(data.ages(con, rows, end)),
        )  # fmt: skip


def _place(zone: Zone, tables: PublishedYear) -> pub.Place:
    """An official geography as itself; a custom zone as the EPCIs it touches (or the official geography
    made of exactly those EPCIs)."""
    if zone.kind != "custom" and tables.covers(zone.geo):
        return pub.Place((tables.geo(zone.geo),))
    epcis = [f"epci:{siren}" for siren, _name in zone.epcis or [] if tables.covers(f"epci:{siren}")]
    atoms = frozenset().union(*(tables.geos[tables.geo(e)] for e in epcis)) if epcis else frozenset()
    same = [g for g, members in tables.geos.items() if members == atoms]
    return pub.Place((same[0],) if same else tuple(tables.geo(e) for e in epcis))


# --- compute and protect ---------------------------------------------------------------------------------


def compute(f: Facts) -> dict:
    """Every figure of the report, from published cells only (``"s"`` where a masked cell would show)."""
    node = pub.scope_node(f.scope)
    sectors = pub.a38_nodes(f.naf_rows, f.scope)
    end, start = f.end_tables, f.start_tables
    zone_end, zone_start = f.place.vector(end, sectors), f.place.vector(start, sectors)
    total_end, total_start = f.place.value(end, node), f.place.value(start, node)
    all_end = f.place.value(end, ALL)
    fr, reg = pub.france(), pub.regions(f.zone.regions)
    fr_end, fr_start = fr.vector(end, sectors), fr.vector(start, sectors)
    reg_end = reg.vector(end, sectors)
    bases = {
        "total": (all_end, fr.value(end, ALL), reg.value(end, ALL)),
        "scope": (total_end, fr.value(end, node), reg.value(end, node)),
    }[f.base]
    est_all, est_scope = sum(f.establishments["all"].values()), sum(f.establishments["section"].values())
    change = total_end - total_start if pub.known(total_end, total_start) else SECRET
    growth = ind.Growth(total_start, total_end, f.end - f.start) if pub.known(total_end, total_start) else None
    shift = pub.shift_share_total(zone_start, total_start, zone_end, total_end, fr_start, fr_end)
    return {
        "total_jobs": all_end,
        "scope_jobs": total_end,
        "scope_share": pub.ratio(total_end, all_end),
        "scope_establishment_share": est_scope / est_all if est_all else None,
        "establishments": est_all,
        "change": change,
        "annual_rate": growth.annual_rate if growth else SECRET,
        "lq_scope": _lq_of_scope(f, node),
        "krugman": pub.krugman(zone_end, total_end, fr_end, fr.value(end, node)),
        "krugman_rest": pub.krugman(zone_end, total_end, fr_end, fr.value(end, node), rest=True),
        "shift_share": shift,
        "sizes": f.sizes,
        "age_median": f.ages[len(f.ages) // 2] if f.ages else None,
        "sectors": _sector_rows(f, sectors, zone_end, zone_start, total_end, bases, fr_end, fr_start, reg_end),
        "specific_naf": _specific_naf(f, total_end, bases),
        "sector_by_epci": _sector_by_epci(f, sectors, node),
        "by_level": _levels(f),
        "series": {y: f.place.value(f.totals[y], node) for y in f.years},
        "comparison": _comparison(f, node, sectors),
        "ranks": _ranks(f, node),
        "map": {"communes": _commune_shares(f), "epci": _epci_shares(f, node)},
        "size_structure": _protected_counts(f.structure),
        "demography": f.demography,
    }


def _lq_of_scope(f: Facts, node: str):
    end, fr = f.end_tables, pub.france()
    share_zone = pub.ratio(f.place.value(end, node), f.place.value(end, ALL))
    share_france = pub.ratio(fr.value(end, node), fr.value(end, ALL))
    return pub.ratio(share_zone, share_france)


def _sector_rows(f, sectors, zone_end, zone_start, total_end, bases, fr_end, fr_start, reg_end) -> list[dict]:
    zone_base, fr_base, reg_base = bases
    usable = {k: v for k, v in zone_end.items() if v != SECRET}
    lq = {}
    if pub.known(zone_base, fr_base):
        lq["lq_france"] = ind.location_quotient_on(usable, zone_base, _known(fr_end), fr_base)
        lq["lq_rest_of_france"] = ind.location_quotient_rest_on(usable, zone_base, _known(fr_end), fr_base)
    if pub.known(zone_base, reg_base):
        lq["lq_region"] = ind.location_quotient_on(usable, zone_base, _known(reg_end), reg_base)
        lq["lq_rest_of_region"] = ind.location_quotient_rest_on(usable, zone_base, _known(reg_end), reg_base)
    fr0, fr1 = sum(_known(fr_start).values()), sum(_known(fr_end).values())
    g = (fr1 / fr0 - 1) if fr0 else 0.0
    rows = []
    for sector in sorted(set(zone_end) | set(zone_start), key=lambda s: (-_num(zone_end.get(s)), s)):
        z1, z0 = zone_end.get(sector, 0.0), zone_start.get(sector, 0.0)
        secret = z1 == SECRET
        row = {"sector": sector.removeprefix("A38:"), "jobs": z1, "secret": secret,
               "share": SECRET if secret else pub.ratio(z1, total_end)}  # fmt: skip
        for key in ("lq_france", "lq_region", "lq_rest_of_france", "lq_rest_of_region"):
            row[key] = SECRET if secret else lq.get(key, {}).get(sector)
        if secret or z0 == SECRET:
            row.update(dict.fromkeys(("change", "national_effect", "mix_effect", "local_effect"), SECRET))
        else:
            ref0, ref1 = _num(fr_start.get(sector)), _num(fr_end.get(sector))
            g_i = (ref1 / ref0 - 1) if ref0 else g
            national, mix = z0 * g, z0 * (g_i - g)
            row.update({"change": z1 - z0, "national_effect": national, "mix_effect": mix,
                        "local_effect": z1 - z0 - national - mix})  # fmt: skip
        rows.append(row)
    return rows


def _specific_naf(f: Facts, total_end, bases, min_share: float = 0.05, min_lq: float = 3.0) -> list[tuple]:
    """(sous-classe, share of the scope, LQ vs France) of the published sous-classes that weigh and are
    specific, heaviest first: both numbers come from published cells only."""
    zone_base, fr_base, _reg = bases
    if not pub.known(total_end, zone_base, fr_base) or not total_end:
        return []
    fr = pub.france()
    found = []
    for row in f.naf_rows:
        if row[1] not in pub.SCOPE_SECTIONS[f.scope]:
            continue
        z, r = f.place.value(f.end_tables, row[0]), fr.value(f.end_tables, row[0])
        if not pub.known(z, r) or not z or not r:
            continue
        share, lq = z / total_end, (z / zone_base) / (r / fr_base)
        if share >= min_share and lq >= min_lq:
            found.append((row[0], share, lq))
    return sorted(found, key=lambda t: (-t[1], t[0]))


def _known(vector: dict) -> dict[str, float]:
    return {k: float(v) for k, v in vector.items() if v != SECRET}


def _num(value) -> float:
    return float(value) if value not in (None, SECRET) else 0.0


def _sector_by_epci(f: Facts, sectors: list[str], node: str) -> dict:
    """A38 × the zone's part of each EPCI, with the margins, as the protected tables publish them."""
    tables = f.end_tables
    columns = []
    for siren, _name in f.zone.epcis or []:
        part = f"part:{f.zone.wave}:{f.zone.official_id}:{siren}" if f.zone.kind == "territory" else f"epci:{siren}"
        if tables.covers(part):
            columns.append((siren, pub.Place((tables.geo(part),))))
    rows = []
    for sector in [*sectors, node]:
        cells = [place.value(tables, sector) for _siren, place in columns]
        cells.append(f.place.value(tables, sector))
        if all(c in (None, 0.0) for c in cells):
            continue
        rows.append({"id": sector, "cells": [c if c is not None else 0.0 for c in cells]})
    masked = sum(c == SECRET for r in rows for c in r["cells"])
    return {"columns": [siren for siren, _p in columns], "rows": rows, "masked": masked}


def _levels(f: Facts) -> dict[str, list[dict]]:
    tables = f.end_tables
    out = {}
    for level in LEVELS:
        codes = sorted({_code(row, level) for row in f.naf_rows})
        rows = []
        counts = {code: f.establishments[level].get(code, 0) for code in codes}
        count_table = Table({c: counts[c] for c in codes} | {TABLE_TOTAL: sum(counts.values())})
        count_table.add_constraint(TABLE_TOTAL, codes)
        masked_counts = protect(count_table, {c for c in codes if 0 < counts[c] < 3})
        for code in codes:
            jobs = f.place.value(tables, NODE_PREFIX[level] + code)
            if jobs in (None, 0.0) and not counts[code]:
                continue
            rows.append({"code": code, "jobs": jobs if jobs is not None else 0.0,
                         "establishments": SECRET if code in masked_counts else int(counts[code])})  # fmt: skip
        out[level] = rows
    return out


def _code(row: tuple, level: str) -> str:
    naf, section, division, a10, a17, a38 = row
    return {"section": section, "division": division, "a88": division, "a10": a10, "a17": a17, "a38": a38,
            "naf": naf}[level]  # fmt: skip


def _indicators_of(f: Facts, place: pub.Place, node: str, sectors: list[str]) -> dict:
    end, start = f.end_tables, f.start_tables
    jobs, scope_jobs, scope_start = place.value(end, ALL), place.value(end, node), place.value(start, node)
    fr = pub.france()
    growth = ind.Growth(scope_start, scope_jobs, f.end - f.start) if pub.known(scope_jobs, scope_start) else None
    share = pub.ratio(scope_jobs, jobs)
    return {
        "jobs": jobs,
        "industry_jobs": scope_jobs,
        "industry_share": share,
        "change": scope_jobs - scope_start if growth else SECRET,
        "annual_rate": growth.annual_rate if growth else SECRET,
        "lq_industry": pub.ratio(share, pub.ratio(fr.value(end, node), fr.value(end, ALL))),
        "krugman": pub.krugman(place.vector(end, sectors), scope_jobs, fr.vector(end, sectors), fr.value(end, node)),
    }


def _comparison(f: Facts, node: str, sectors: list[str]) -> list[dict]:
    tables = f.end_tables
    rows = [{"label": f.zone.name, "kind": "zone", **_indicators_of(f, f.place, node, sectors)}]
    if f.zone.kind != "epci":
        for siren, name in f.zone.epcis or []:
            if tables.covers(f"epci:{siren}"):
                place = pub.Place((tables.geo(f"epci:{siren}"),))
                inside = sum(1 for p in f.places if p[2] == siren)
                sizes = {"communes_in_zone": inside, "communes": f.epci_sizes.get(siren, inside)}
                rows.append({"label": name, "kind": "epci", "code": siren, **sizes,
                             **_indicators_of(f, place, node, sectors)})  # fmt: skip
    for code in f.zone.regions:
        if tables.covers(f"region:{code}"):
            rows.append({"label": code, "kind": "region", "code": code,
                         **_indicators_of(f, pub.regions([code]), node, sectors)})  # fmt: skip
    rows.append({"label": "", "kind": "france", **_indicators_of(f, pub.france(), node, sectors)})
    wave = _wave_values(f, node)
    if wave:
        rows.append({"label": "", "kind": "wave", **{k: (median(v) if v else None) for k, v in wave.items()}})
    return rows


def _wave_values(f: Facts, node: str) -> dict[str, list[float]]:
    """The published main indicators of every territory of the zone's wave (masked ones left out)."""
    if not f.zone.wave or f.zone.kind == "custom":
        return {}
    tables, start = f.end_tables, f.start_tables
    fr = pub.france()
    fr_share = pub.ratio(fr.value(tables, node), fr.value(tables, ALL))
    out: dict[str, list[float]] = {"industry_share": [], "annual_rate": [], "lq_industry": []}
    for geo in _wave_territories(tables, f.zone.wave):
        place = pub.Place((geo,))
        jobs, scope_jobs, scope_start = place.value(tables, ALL), place.value(tables, node), place.value(start, node)
        share = pub.ratio(scope_jobs, jobs)
        if pub.known(share):
            out["industry_share"].append(share)
            lq = pub.ratio(share, fr_share)
            if pub.known(lq):
                out["lq_industry"].append(lq)
        if pub.known(scope_jobs, scope_start):
            rate = ind.Growth(scope_start, scope_jobs, f.end - f.start).annual_rate
            if rate is not None:
                out["annual_rate"].append(rate)
    return out


def _wave_territories(tables: PublishedYear, wave: int) -> list[str]:
    prefix = f"territory:{wave}:"
    return sorted({tables.geo(name) for name in tables.geo_alias if name.startswith(prefix)})


def _ranks(f: Facts, node: str) -> dict[str, tuple[int, int] | str]:
    """Rank of an official territory among those of its wave, on published values only."""
    if f.zone.kind != "territory" or not f.zone.wave:
        return {}
    tables, start = f.end_tables, f.start_tables
    shares, rates = {}, {}
    for geo in _wave_territories(tables, f.zone.wave):
        place = pub.Place((geo,))
        share = pub.ratio(place.value(tables, node), place.value(tables, ALL))
        shares[geo] = share if pub.known(share) else None
        if pub.known(place.value(tables, node), place.value(start, node)):
            rates[geo] = ind.Growth(place.value(start, node), place.value(tables, node), f.end - f.start).annual_rate
    me = f.place.geos[0]
    out = {}
    for name, values in (("industrial_share", shares), ("industrial_growth", rates)):
        found = ind.rank(values, me)
        out[name] = found if found else SECRET
    return out


def _commune_shares(f: Facts) -> dict[str, float | str | None]:
    """Share of the scope in each commune's jobs; secret where the scope's jobs or all jobs of the commune
    are (the commune is no published geography: only this ratio is shown)."""
    rows: dict[str, dict[str, tuple]] = {}
    for _year, commune, code, jobs, units, largest in f.commune_rows:
        rows.setdefault(commune, {})[code] = (float(jobs or 0), int(units or 0), float(largest or 0))
    out: dict[str, float | str | None] = {}
    for commune, codes in rows.items():
        scope = codes.get(TOTAL, (0.0, 0, 0.0))
        other = codes.get("OTHER", (0.0, 0, 0.0))
        everything = (scope[0] + other[0], scope[1] + other[1], max(scope[2], other[2]))
        if primary_secret(scope[1], scope[0], scope[2]) or primary_secret(everything[1], everything[0], everything[2]):
            out[commune] = SECRET
        else:
            out[commune] = scope[0] / everything[0] if everything[0] else None
    for commune, *_rest in f.places:
        out.setdefault(commune, None)
    return out


def _epci_shares(f: Facts, node: str) -> dict[str, float | str | None]:
    out = {}
    for siren, _name in f.zone.epcis or []:
        place = pub.Place((f"epci:{siren}",))
        share = pub.ratio(place.value(f.end_tables, node), place.value(f.end_tables, ALL))
        out[siren] = share
    return out


def _protected_counts(counts: dict[str, int]) -> list[dict]:
    """Establishments by headcount band (SIRENE); 1- or 2-establishment bands masked, then one more if needed."""
    bands = [b for b in BANDS if b in counts]
    table = Table({b: counts[b] for b in bands} | {TABLE_TOTAL: sum(counts.values())})
    table.add_constraint(TABLE_TOTAL, bands)
    masked = protect(table, {b for b in bands if primary_secret(counts[b], counts[b], 1)})
    return [{"code": b, "establishments": SECRET if b in masked else counts[b]} for b in bands]
