"""The reliability check of the probabilities discovery announces."""

import pytest

from tindus.synergies.compute.calibration import reliability


def test_no_decided_hypothesis_gives_nothing():
    assert reliability([]) is None


def test_announced_and_observed_rates_by_band_with_the_brier_score():
    observations = [(0.9, True), (0.8, True), (0.7, False), (0.2, False), (0.1, True), (1.4, True)]
    found = reliability(observations)
    clipped = [(min(1.0, p), ok) for p, ok in observations]
    assert found.n == 6
    assert found.announced == pytest.approx(sum(p for p, _ in clipped) / 6)
    assert found.observed == pytest.approx(4 / 6)
    assert found.brier == pytest.approx(sum((p - ok) ** 2 for p, ok in clipped) / 6)
    by_band = {(b.low, b.high): b for b in found.bands}
    assert by_band[(0.0, 0.25)].n == 2 and by_band[(0.0, 0.25)].observed == 0.5
    assert by_band[(0.5, 0.75)].n == 1 and by_band[(0.5, 0.75)].observed == 0.0
    top = by_band[(0.75, 1.0)]
    assert top.n == 3 and top.announced == pytest.approx((0.9 + 0.8 + 1.0) / 3)  # 1.4 clipped, 1.0 in the top band
    assert sum(b.n for b in found.bands) == 6


def test_a_perfectly_calibrated_announcement_scores_zero():
    assert reliability([(1.0, True), (0.0, False)]).brier == 0.0
