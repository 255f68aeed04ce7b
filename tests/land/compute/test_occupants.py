import numpy as np
from shapely.geometry import box

from tindus.land.compute.occupants import prefill, prefill_naive


def test_points_in_polygons_match_the_naive_loop_and_closed_ones_are_flagged():
    polygons = [box(0, 0, 10, 10), box(20, 0, 30, 10), box(5, 5, 25, 15)]
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-5, 35, 400), rng.uniform(-5, 20, 400)
    x[:2], y[:2] = [10.0, 40.0], [5.0, 40.0]  # on an outline; nowhere
    closed = rng.random(400) < 0.2
    ids = ["a", "b", "c"]
    fast, naive = prefill(ids, polygons, x, y, closed), prefill_naive(ids, polygons, x, y, closed)
    for zone in ids:
        assert sorted(fast.of(zone)) == sorted(naive.of(zone))
        assert all(closed[fast.closed_of(zone)])
    assert 0 in fast.of("a") and 1 not in np.concatenate(fast.members)
    assert fast.counts()["a"] == (len(fast.of("a")), int(closed[fast.of("a")].sum()))
