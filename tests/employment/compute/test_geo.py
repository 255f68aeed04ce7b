"""Distances and months."""

import datetime as dt

import numpy as np
import pytest

from tindus.employment.compute.geo import add_months, day_numbers, haversine_km


def test_great_circle_distances():
    # Dijon – Besançon: about 76 km as the crow flies
    assert haversine_km(47.3220, 5.0415, 47.2378, 6.0241) == pytest.approx(75.0, abs=2)
    many = haversine_km(np.array([47.0, 47.0]), np.array([5.0, 5.0]), 48.0, 5.0)
    assert many == pytest.approx([111.2, 111.2], abs=0.1)
    assert haversine_km(45.0, 3.0, 45.0, 3.0) == 0


def test_months_end_on_the_last_day_when_shorter():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)


def test_day_numbers():
    assert day_numbers([dt.date(2025, 1, 2), None], -1).tolist() == [dt.date(2025, 1, 2).toordinal(), -1]
