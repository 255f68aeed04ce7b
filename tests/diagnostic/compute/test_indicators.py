"""Each indicator on small hand-made data whose answer is known, and the invariants they must keep."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tindus.diagnostic.compute import indicators as ind

ZONE = {"watch": 250, "metal": 150, "food": 100}  # 500 jobs
FRANCE = {"watch": 1000, "metal": 9000, "food": 40000, "chem": 50000}  # 100 000 jobs


def test_shares():
    assert ind.shares(ZONE) == {"watch": 0.5, "metal": 0.3, "food": 0.2}
    assert ind.shares({"a": 0}) == {"a": 0.0}


def test_location_quotient_classic_and_absent_sector():
    lq = ind.location_quotient(ZONE, FRANCE)
    assert lq["watch"] == pytest.approx(0.5 / 0.01)  # 50 times the national weight
    assert lq["food"] == pytest.approx(0.2 / 0.4)
    assert lq["chem"] == 0.0  # present in France, absent from the zone
    assert ind.location_quotient({"x": 3}, {"y": 5})["x"] is None  # absent from the reference: undefined


def test_location_quotient_against_the_rest():
    lq = ind.location_quotient_rest(ZONE, FRANCE)
    # watch: 250/500 in the zone; rest of France: (1000-250)/(100000-500)
    assert lq["watch"] == pytest.approx(0.5 / (750 / 99500))
    assert lq["chem"] == 0.0


def test_krugman():
    assert ind.krugman_index(ZONE, ZONE) == 0
    assert ind.krugman_index({"a": 1}, {"b": 1}) == 2
    expected = abs(0.5 - 0.01) + abs(0.3 - 0.09) + abs(0.2 - 0.4) + abs(0 - 0.5)
    assert ind.krugman_index(ZONE, FRANCE) == pytest.approx(expected)


def test_growth_and_annual_rate():
    growth = ind.Growth(start=1000, end=800, years=10)
    assert growth.change == -200
    assert growth.annual_rate == pytest.approx(0.8**0.1 - 1)
    assert ind.Growth(0, 10, 5).annual_rate is None  # a year with no data at the start


def test_shift_share_by_hand():
    zone0, zone1 = {"watch": 100, "food": 50}, {"watch": 80, "food": 70}
    ref0, ref1 = {"watch": 1000, "food": 1000}, {"watch": 900, "food": 1300}  # g = +10 %
    parts = ind.shift_share(zone0, zone1, ref0, ref1)
    watch = parts["watch"]
    assert watch.national == pytest.approx(100 * 0.10)
    assert watch.mix == pytest.approx(100 * (-0.10 - 0.10))
    assert watch.local == pytest.approx(-20 - 10 + 20)
    food = parts["food"]
    assert (food.national, food.mix) == (pytest.approx(5), pytest.approx(50 * 0.2))
    whole = ind.shift_share_total(parts)
    assert whole.change == 0 and whole.national + whole.mix + whole.local == pytest.approx(0)


def test_shift_share_of_a_sector_new_in_the_zone():
    parts = ind.shift_share({"a": 10}, {"a": 10, "new": 5}, {"a": 100, "new": 100}, {"a": 100, "new": 150})
    assert parts["new"] == ind.ShiftShare(5, 0, 0, 5)


def test_concentration():
    employers = [500, 100, 100, 50, 50, 50, 50, 50, 25, 25, 0]
    assert ind.top_share(employers, 1) == 0.5
    assert ind.top_share(employers, 5) == pytest.approx(800 / 1000)
    assert ind.top_share(employers, 10) == 1.0
    assert ind.herfindahl([1, 1, 1, 1]) == pytest.approx(0.25)
    assert ind.herfindahl([7]) == 1.0 and ind.herfindahl([]) == 0.0


def test_rank_and_rates():
    assert ind.rank({"a": 3, "b": 9, "c": 5, "d": None}, "c") == (2, 3)
    assert ind.rank({"a": 3}, "z") is None
    assert ind.rate(12, 400) == 0.03 and ind.rate(3, 0) is None


def test_specific_and_dominant_sectors():
    found = ind.specific_sectors(ZONE, FRANCE)
    assert [s.key for s in found] == ["watch", "metal"]  # food weighs but is under-represented
    assert found[0].lq == pytest.approx(50)
    assert ind.dominant_sectors(ZONE, 2) == [("watch", 0.5), ("metal", 0.3)]


def test_an_epci_with_no_industry():
    industry = {}
    assert ind.shares(industry) == {}
    assert ind.krugman_index(industry, FRANCE) == pytest.approx(1.0)  # only the reference's shares count
    assert all(v in (0.0, None) for v in ind.location_quotient(industry, FRANCE).values())


vectors = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 10_000), min_size=1)


@given(vectors)
def test_shares_sum_to_one(vector):
    if sum(vector.values()):
        assert math.isclose(sum(ind.shares(vector).values()), 1.0)


@given(vectors, vectors, vectors, vectors)
def test_shift_share_components_add_up_to_the_change(z0, z1, r0, r1):
    parts = ind.shift_share(z0, z1, r0, r1)
    for key, part in parts.items():
        assert math.isclose(part.national + part.mix + part.local, z1.get(key, 0) - z0.get(key, 0), abs_tol=1e-6)
    whole = ind.shift_share_total(parts)
    assert math.isclose(whole.change, sum(z1.values()) - sum(z0.values()), abs_tol=1e-6)
