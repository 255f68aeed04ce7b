"""The auditor on tables whose answer is known by hand."""

import pytest

from tindus.diagnostic.compute.audit import audit, publication_set
from tindus.diagnostic.compute.protection import Protection
from tindus.diagnostic.compute.publication import GeoInput, NafRow, build_system

NAFS = [NafRow("10.1A", "C", "10", "BE", "C1", "CA"), NafRow("10.1B", "C", "10", "BE", "C1", "CA"),
        NafRow("25.1A", "C", "25", "BE", "C5", "CH")]  # fmt: skip


def system_of(rows):
    """Communes a and b make territory T, each its own EPCI; commune c, outside, is a third EPCI."""
    places = [GeoInput("a", "E1", "R", frozenset({"1:T"})), GeoInput("b", "E2", "R", frozenset({"1:T"})),
              GeoInput("c", "E3", "R", frozenset())]  # fmt: skip
    return build_system(places, NAFS, rows)


def one_epci(rows):
    """A single commune: its EPCI, région and France are one geography."""
    return build_system([GeoInput("a", "E1", "R", frozenset())], NAFS, rows)


def test_a_lone_masked_cell_is_recovered_exactly_from_its_total():
    system = one_epci([("a", "10.1A", 40, 1, 40), ("a", "10.1B", 60, 5, 20), ("a", "25.1A", 100, 8, 20)])
    cell = system.cell("epci:E1", "10.1A")
    report = audit(system, Protection({cell}, {cell}), ["epci:E1"])
    [interval] = report.intervals
    assert (interval.low, interval.high) == pytest.approx((40, 40))
    assert report.recoverable == [interval]


def test_two_masked_siblings_are_bounded_by_their_sum():
    system = one_epci([("a", "10.1A", 40, 1, 40), ("a", "10.1B", 60, 5, 20), ("a", "25.1A", 100, 8, 20)])
    cells = {system.cell("epci:E1", "10.1A"), system.cell("epci:E1", "10.1B")}
    primary = {system.cell("epci:E1", "10.1A")}
    report = audit(system, Protection(primary, cells), ["epci:E1"])
    bounds = {i.cell: (i.low, i.high) for i in report.intervals}
    assert bounds[system.cell("epci:E1", "10.1A")] == pytest.approx((0, 100))
    assert report.recoverable == [] and report.below_level == []


def test_a_small_partner_leaves_the_secret_cell_too_narrow():
    system = one_epci([("a", "10.1A", 400, 1, 400), ("a", "10.1B", 4, 2, 2), ("a", "25.1A", 100, 8, 20)])
    cells = {system.cell("epci:E1", "10.1A"), system.cell("epci:E1", "10.1B")}
    report = audit(system, Protection({system.cell("epci:E1", "10.1A")}, cells), ["epci:E1"], level=0.1)
    assert [i.cell for i in report.below_level] == [system.cell("epci:E1", "10.1A")]
    [interval] = [i for i in report.intervals if i.primary]
    assert interval.high == pytest.approx(404)


def test_differencing_a_territory_and_its_epci():
    """The territory publishes 10.1A, and so does one of its two EPCI: the other one's follows."""
    system = system_of([("a", "10.1A", 40, 1, 40), ("b", "10.1A", 70, 4, 20), ("a", "25.1A", 9, 3, 4),
                        ("b", "25.1A", 50, 6, 10), ("c", "25.1A", 80, 9, 10)])  # fmt: skip
    secret = system.cell("epci:E1", "10.1A")
    alone = audit(system, Protection({secret}, {secret}), ["epci:E1"])
    assert alone.recoverable  # E1's own total already gives it away
    together = audit(system, Protection({secret}, {secret, system.cell("epci:E1", "TOTAL")}), ["territory:1:T"])
    assert any(i.cell == secret for i in together.recoverable)
    assert publication_set(system, ["territory:1:T"]) == ["epci:E1", "epci:E2", "territory:1:T"]
