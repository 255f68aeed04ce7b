"""Needs against offers: BMO projects per job and territory, the sessions nearby, the gaps named."""

import datetime as dt

import numpy as np
import pytest

from tindus.employment.compute.basins import territory_basins, territory_figures
from tindus.employment.compute.fap import (
    domain_tensions,
    job_tensions,
    read_correspondence,
    read_fap2009,
    read_tensions,
)
from tindus.employment.compute.geo import haversine_km
from tindus.employment.compute.needs import (
    Parameters,
    SessionArrays,
    compute_needs,
    near_matrix,
    session_arrays,
    tension_matrix,
)
from tindus.employment.compute.offers import Session

REFERENCE = dt.date(2025, 9, 1)
MONTBARD = (47.6236, 4.3378)
BESANCON = (47.2378, 6.0241)


def session(key, place=MONTBARD, start=dt.date(2025, 10, 6), end=dt.date(2026, 3, 27), **fields):
    latitude, longitude = place if place else (None, None)
    return Session(key, "A", start, end, latitude=latitude, longitude=longitude, **fields)


@pytest.fixture(scope="module")
def montbard(basin_map):
    """A territory made of the whole MONTBARD basin (2718), anchored on Montbard."""
    return territory_basins(basin_map.communes(2718), basin_map)


@pytest.fixture(scope="module")
def jobs(matrix_2025, montbard):
    """Two difficult jobs of the Montbard basin: the first will have training nearby, the second none."""
    figures = territory_figures(matrix_2025, montbard)
    difficult = [f.job for f in figures.jobs if (f.difficult_share or 0) >= 0.5 and f.projects.value >= 5]
    return difficult[0], difficult[1]


@pytest.fixture(scope="module")
def needs(matrix_2025, montbard, basin_map, jobs):
    trained, _ = jobs
    sessions = [
        session("near", capacity=12),
        session("far", place=BESANCON),
        session("remote", place=None, modality="distance"),
        session("too late", start=dt.date(2026, 11, 2), end=dt.date(2027, 3, 1)),
        session("undated", start=None, end=None),
        session("unplaced", place=None),
        session("over", start=None, end=dt.date(2025, 6, 30)),
    ]
    arrays = session_arrays(sessions, [[trained]] * len(sessions), matrix_2025.jobs)
    whole_dijon = territory_basins(basin_map.communes(2715), basin_map)
    anchors = [np.array([MONTBARD]), np.array([(47.3220, 5.0415)])]
    return compute_needs(matrix_2025, [montbard, whole_dijon], anchors, arrays, Parameters(REFERENCE))


def test_the_bmo_figures_are_the_territorys(needs, matrix_2025, montbard):
    rows = {r.job: r for r in needs.table(0)}
    for figures in territory_figures(matrix_2025, montbard).jobs:
        row = rows[figures.job]
        assert (row.projects, row.difficult, row.seasonal) == (figures.projects, figures.difficult, figures.seasonal)
        assert row.difficult_share == figures.difficult_share
        assert row.seasonal_share_basis == figures.seasonal_share_basis


def test_sessions_nearby_within_the_window(needs, jobs):
    trained, untrained = jobs
    row = {r.job: r for r in needs.table(0)}[trained]
    # « near » and « undated » are near Montbard and open; « far » is 130 km away; « too late » starts after
    # 12 months; « over » ended; « remote » is distance learning; « unplaced » has no coordinates.
    assert (row.sessions_near, row.capacity_near, row.capacity_unknown) == (2, 12, 1)
    assert row.sessions_remote == 1 and needs.unplaced == 1
    assert not row.gap and row.difficult_job
    other = {r.job: r for r in needs.table(0)}[untrained]
    assert other.sessions_near == 0 and other.difficult_job and other.gap
    assert untrained in needs.gaps(0) and trained not in needs.gaps(0)


def test_sessions_near_one_territory_are_not_near_another(needs, jobs):
    trained, _ = jobs
    j = needs.jobs.index(trained)
    assert needs.sessions_near[1, j] == 0  # Dijon is 60 km from Montbard


def test_a_wider_radius_or_window_changes_the_count(matrix_2025, montbard, jobs):
    trained, _ = jobs
    sessions = [session("far", place=BESANCON), session("too late", start=dt.date(2026, 11, 2), end=None)]
    arrays = session_arrays(sessions, [[trained]] * 2, matrix_2025.jobs)
    j = matrix_2025.jobs.index(trained)
    narrow = compute_needs(matrix_2025, [montbard], [np.array([MONTBARD])], arrays, Parameters(REFERENCE))
    wide = compute_needs(
        matrix_2025, [montbard], [np.array([MONTBARD])], arrays, Parameters(REFERENCE, radius_km=150, months=18)
    )
    assert narrow.sessions_near[0, j] == 0 and wide.sessions_near[0, j] == 2


def test_a_session_near_any_anchor_counts():
    sessions = [session("a", place=(47.30, 5.05)), session("b", place=(47.65, 4.40)), session("c", place=BESANCON)]
    arrays = session_arrays(sessions, [[]] * 3, ())
    anchors = [np.array([MONTBARD, (47.3220, 5.0415)])]  # Montbard and Dijon, 60 km apart
    near = near_matrix(arrays, np.ones(3, dtype=bool), anchors, radius_km=10).toarray()
    assert near.tolist() == [[1, 1, 0]]


def test_tension_where_the_correspondence_gives_one(matrix_2025, montbard, fap2021, jobs):
    fap2009 = read_fap2009()
    place = domain_tensions(read_tensions(fap2009=fap2009), fap2009, ("dep", "21"))
    tensions = job_tensions(matrix_2025.jobs, fap2021, read_correspondence(), [place])
    matrix = tension_matrix([tensions], matrix_2025.jobs)
    arrays = session_arrays([], [], matrix_2025.jobs)
    needs = compute_needs(matrix_2025, [montbard], [np.array([MONTBARD])], arrays, Parameters(REFERENCE), matrix)
    rows = {r.job: r for r in needs.table(0)}
    for job, row in rows.items():
        linked = tensions[job].tension
        assert row.tension == (None if linked is None else pytest.approx(linked.index))
    assert sum(r.tension is not None for r in rows.values()) > len(rows) / 2


def test_sessions_must_be_built_on_the_bmo_jobs(matrix_2025, montbard):
    arrays = session_arrays([], [], ("D1X33",))
    with pytest.raises(ValueError, match="the sessions' jobs are not the BMO file's"):
        compute_needs(matrix_2025, [montbard], [np.array([MONTBARD])], arrays, Parameters(REFERENCE))
    assert isinstance(arrays, SessionArrays) and len(arrays) == 0


def test_the_narrowing_steps_lose_no_session():
    """Against every session measured to every anchor: the same sessions nearby, whatever the places."""
    rng = np.random.default_rng(4)
    count = 3000
    lat, lon = rng.uniform(42, 51, count), rng.uniform(-4, 8, count)
    sessions = [session(str(i), place=(lat[i], lon[i])) for i in range(count)]
    arrays = session_arrays(sessions, [[]] * count, ())
    anchors = [np.column_stack([rng.uniform(43, 50, k), rng.uniform(-2, 7, k)]) for k in (1, 2, 7, 30)]
    usable = rng.random(count) < 0.9
    near = near_matrix(arrays, usable, anchors, radius_km=40).toarray().astype(bool)
    for t, points in enumerate(anchors):
        distances = haversine_km(lat[:, None], lon[:, None], points[None, :, 0], points[None, :, 1]).min(axis=1)
        assert np.array_equal(near[t], usable & (distances <= 40))
    assert near.sum() > 50
