"""Indicators computed on published cells only: masked sectors of either side count as one group."""

import pytest

from tindus.diagnostic import published as pub


def test_krugman_groups_the_sectors_masked_on_either_side():
    zone = {"A": 10.0, "B": "s", "C": 30.0}
    france = {"A": 100.0, "B": 50.0, "C": "s", "D": 20.0}
    # Zone 50 = A 10 + group 40; France 200 = A 100 + D 20 + group 80.
    assert pub.krugman(zone, 50, france, 200) == pytest.approx(abs(0.2 - 0.5) + abs(0 - 0.1) + abs(0.8 - 0.4))
    assert pub.krugman(zone, "s", france, 200) == "s"


def test_shift_share_total_adds_up_and_never_uses_a_masked_cell():
    start, end = {"A": 10.0, "B": "s", "C": 30.0}, {"A": 12.0, "B": "s", "C": 31.0}
    ref_start = {"A": 100.0, "B": 50.0, "C": "s", "D": 20.0}
    ref_end = {"A": 110.0, "B": 55.0, "C": "s", "D": 25.0}
    total = pub.shift_share_total(start, 50, end, 55, ref_start, ref_end)
    assert total.change == 5
    assert total.national + total.mix + total.local == pytest.approx(5)
    # France's growth on its published cells (A, D) and the group (B): 170 → 190.
    assert total.national == pytest.approx(50 * (190 / 170 - 1))
    assert pub.shift_share_total(start, "s", end, 55, ref_start, ref_end) is None


def test_a_sum_of_geographies_is_published_only_where_each_term_is():
    class Year:
        values = {("epci:1", "A"): 5.0, ("epci:2", "A"): "s", ("epci:1", "B"): 2.0, ("epci:2", "B"): 3.0}

        def value(self, geo, naf):
            return self.values.get((geo, naf), 0.0)

    place = pub.Place(("epci:1", "epci:2"))
    assert place.value(Year(), "A") == "s" and place.value(Year(), "B") == 5.0
    assert pub.ratio(3.0, "s") == "s" and pub.ratio(3.0, 4.0) == 0.75 and pub.ratio(None, 2.0) is None
