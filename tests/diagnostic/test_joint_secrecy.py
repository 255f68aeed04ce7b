"""Statistical secrecy over everything published together, on the synthetic warehouse of départements
21 and 25: the auditor finds nothing to recover in any publication set, reports show the protected
values and nothing else, and custom territories add nothing to what official ones publish."""

import pytest

from tindus.diagnostic.compute.audit import audit
from tindus.diagnostic.compute.baseline import table_by_table
from tindus.diagnostic.compute.publication import ALL, TOTAL
from tindus.diagnostic.protected import audit_sets
from tindus.diagnostic.services import build_report, protected_tables
from tindus.referentials.models import Commune
from tindus.territories.perimeters import PerimeterChoice, save_custom_territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tables(diagnostic_warehouse):
    with diagnostic_warehouse.session(read_only=True) as con:
        protected = protected_tables(con)
        years = sorted({2006, 2010, 2020, 2024})
        yield {"full": {y: protected.full(y) for y in years}, "totals": {y: protected.totals(y) for y in years}}


def test_no_publication_set_breaches(tables):
    """Each official territory with its EPCI (both waves, the demo ones among them), each EPCI of no
    territory, and the overlapping territories of both waves taken together."""
    year = tables["full"][2024]
    system, protection = year.system, year.protection
    sets = audit_sets(system)
    territories = [s[0] for s in sets if s[0].startswith("territory:")]
    assert {"territory:1:ti-2704", "territory:1:ti-2701", "territory:2:ti-2702"} <= set(territories)
    overlapping = [
        [a, b] for a in territories for b in territories
        if a < b and a.split(":")[1] != b.split(":")[1] and system.geos[a] & system.geos[b]
    ]  # fmt: skip
    assert overlapping, "territories of both waves overlap in these départements"
    audited = 0
    for geos in [*sets, *overlapping]:
        report = audit(system, protection, geos)
        assert report.recoverable == [], geos
        assert report.below_level == [], geos
        audited += len(report.intervals)
    assert audited > 500


@pytest.mark.parametrize("year", [2006, 2010, 2020])
def test_other_years_and_the_totals_of_every_year(tables, year):
    for kind, nafs in (("full", None), ("totals", [ALL, TOTAL, "OTHER"])):
        table = tables[kind][year]
        for geos in audit_sets(table.system):
            report = audit(table.system, table.protection, geos, nafs=nafs)
            assert not report.recoverable and not report.below_level, (kind, year, geos)


def test_the_totals_of_the_yearly_tables_are_those_of_the_series(tables):
    for year, full in tables["full"].items():
        totals = tables["totals"][year]
        for geo in totals.system.geos:
            for naf in (ALL, TOTAL):
                assert full.masked(geo, naf) == totals.masked(geo, naf), (year, geo, naf)


def test_the_report_shows_the_protected_tables(diagnostic_warehouse, haut_doubs, tables):
    report = build_report(territory=haut_doubs)
    year = tables["full"][2024]
    geo = "territory:1:ti-2704"
    prefixes = {"section": "sec:", "division": "div:", "a10": "A10:", "a17": "A17:", "a38": "A38:", "a88": "div:",
                "naf": ""}  # fmt: skip
    shown = 0
    for level, rows in report["by_level"].items():
        for row in rows:
            expected = year.value(geo, prefixes[level] + row["code"])
            assert row["jobs"] == (expected if expected == "s" else round(expected)), (level, row)
            shown += 1
    assert shown > 100 and any(r["jobs"] == "s" for r in report["by_level"]["naf"])
    for row in report["sectors"]:
        assert (row["jobs"] == "s") == year.masked(geo, "A38:" + row["sector"])
    series = report["series"]
    for y, value in series.items():
        expected = tables["totals"].get(int(y))
        if expected:
            assert (value == "s") == expected.masked(geo, TOTAL)


def test_a_custom_territory_publishes_only_sums_of_official_cells(diagnostic_warehouse, haut_doubs, tables):
    """The Haut-Doubs minus one commune: its figures are those of the EPCI it touches, summed where
    every one is published, so that subtracting it from an official report gives nothing away."""
    communes = list(haut_doubs.communes.all())
    custom = save_custom_territory("Haut-Doubs moins une commune", PerimeterChoice([], communes[1:]))
    report = build_report(territory=custom)
    year = tables["full"][2024]
    epcis = [f"epci:{e['code']}" for e in build_report(territory=haut_doubs)["comparison"] if e["kind"] == "epci"]
    assert report["zone"]["kind"] == "custom" and len(report["zone"]["figures_cover"]) == len(epcis)
    for row in report["by_level"]["a38"]:
        values = [year.value(e, "A38:" + row["code"]) for e in epcis]
        if "s" in values:
            assert row["jobs"] == "s"
        else:
            assert row["jobs"] == round(sum(v or 0 for v in values))
    village = Commune.objects.get(vintage=2026, code="25411", kind="commune-actuelle")
    alone = build_report(territory=save_custom_territory("Morteau seule", PerimeterChoice([], [village])))
    assert len(alone["zone"]["figures_cover"]) == 1  # one commune: the figures are its EPCI's


def test_joint_protection_costs_at_most_twice_the_table_by_table_method(tables):
    year = tables["full"][2024]
    system = year.system
    reports = lambda cells: {c for c in cells if system.is_published(c) and c[0].startswith(("epci:", "territory:"))}  # noqa: E731
    joint, baseline = reports(year.protection.masked), reports(table_by_table(system))
    assert baseline and len(joint) <= 2 * len(baseline)
