"""The legal vacancy rate: two years on 1 January, evidence required, unknowns reported."""

import datetime as dt

from tindus.land.compute.vacancy import CfeRecord, check_records, classify, zone_vacancy

JAN_2025 = dt.date(2025, 1, 1)


def test_a_unit_is_vacant_only_after_two_full_years_without_cfe_liable_use():
    assert classify(CfeRecord("u", False, dt.date(2023, 1, 1), evidence="rôle CFE"), JAN_2025) == "vacant"
    assert classify(CfeRecord("u", False, dt.date(2023, 1, 2), evidence="rôle CFE"), JAN_2025) == "recently vacated"
    assert classify(CfeRecord("u", False, dt.date(2020, 1, 1), True, "visite"), JAN_2025) == "occupied otherwise"
    assert classify(CfeRecord("u", False, None, evidence="cadastre"), JAN_2025) == "never used"
    assert classify(CfeRecord("u", True, evidence="rôle CFE"), JAN_2025) == "in use"


def test_a_status_without_evidence_is_unknown_and_reported():
    record = CfeRecord("u1", False, dt.date(2020, 1, 1))
    assert classify(record, JAN_2025) == "unknown"
    problems = check_records([record, CfeRecord("u2", False, dt.date(2025, 6, 1), evidence="x")], JAN_2025)
    assert [(p.feature, p.field) for p in problems] == [("u1", "evidence"), ("u2", "last_use_end")]


def test_the_rate_by_count_and_surface_rests_on_known_units_and_shows_its_bounds():
    units = [("a", 1.0), ("b", 3.0), ("c", 2.0), ("d", 4.0), ("e", 5.0)]
    records = {
        "a": CfeRecord("a", False, dt.date(2021, 5, 1), evidence="rôle CFE 2024"),
        "b": CfeRecord("b", True, evidence="rôle CFE 2024"),
        "c": CfeRecord("c", True, evidence="rôle CFE 2024"),
        "d": CfeRecord("d", False, dt.date(2024, 5, 1), evidence="réponse du propriétaire"),
    }
    zone = zone_vacancy("Z", units, records, 2025)
    assert (zone.counted, zone.known, zone.vacant, zone.unknown) == (5, 4, 1, ["e"])
    assert zone.rate == 25.0
    assert zone.rate_by_surface == 10.0
    assert zone.bounds == (20.0, 40.0)
    assert not zone.final
    assert [u.evidence for u in zone.units if u.status == "vacant"] == ["rôle CFE 2024"]
