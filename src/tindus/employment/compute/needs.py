"""Needs against offers: per BMO job and territory, the recruitment projects and the training nearby.

For every territory at once (arrays of territories × jobs, so that all 183 wave-2 territories take well
under a second; ``bench/employment.py``):

- **projects**, **difficult** and **seasonal** projects: the territory's basins' BMO figures weighted by
  the share of each basin that counts (:mod:`.basins`), masked parts counted (« at least N »);
- **difficult share** and **seasonal share**: over the rows where both figures are published, with the
  projects they rest on (``*_basis``);
- **tension**: given by the caller per territory and job (:func:`tension_matrix` from :mod:`.fap`: a
  domain-level FAP 2009 figure, NaN where no correspondence exists);
- **sessions nearby**: training sessions serving the job (:mod:`.correspondence`) that start within
  ``months`` of ``reference`` (a session without a start date, such as permanent entries, counts while
  it has not ended) and lie within ``radius_km`` of one of the territory's *anchor points* (the Django
  side passes its communes' or EPCI's centres), by great-circle distance; with their known capacity
  and how many have none. Distance-learning sessions are counted apart (``remote``): they serve every
  territory but do not close a gap. Sessions without coordinates cannot be placed and are counted in
  ``unplaced``;
- a **gap** is named when a *difficult* job (difficult share ≥ ``difficult_share``, at least
  ``min_projects`` projects) has no session nearby.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .basins import BasinJobMatrix, TerritoryBasins
from .fap import JobTension
from .figures import Figure
from .geo import EARTH_RADIUS_KM, add_months, day_numbers, haversine_km
from .offers import Session

NO_START = -(2**62)
NO_END = 2**62


@dataclass(frozen=True)
class SessionArrays:
    """Sessions as arrays; ``pair_session``/``pair_job`` list the (session, job) pairs it serves."""

    jobs: tuple[str, ...]
    latitude: np.ndarray  # float64, NaN when unknown
    longitude: np.ndarray
    start: np.ndarray  # int64 day numbers, NO_START when unknown
    end: np.ndarray  # NO_END when unknown
    capacity: np.ndarray  # float64, NaN when unknown
    remote: np.ndarray  # bool: distance learning
    pair_session: np.ndarray  # int32
    pair_job: np.ndarray  # int32, index into jobs

    def __len__(self) -> int:
        return len(self.latitude)


def session_arrays(
    sessions: Sequence[Session], session_jobs: Sequence[Iterable[str]], jobs: Sequence[str]
) -> SessionArrays:
    """Arrays of ``sessions``; ``session_jobs[i]`` are the BMO jobs session ``i`` serves (those outside
    ``jobs`` are ignored)."""
    position = {job: j for j, job in enumerate(jobs)}
    pair_session, pair_job = [], []
    for i, served in enumerate(session_jobs):
        for job in set(served):
            if job in position:
                pair_session.append(i)
                pair_job.append(position[job])
    nan = float("nan")
    return SessionArrays(
        jobs=tuple(jobs),
        latitude=np.array([nan if s.latitude is None else s.latitude for s in sessions], dtype=np.float64),
        longitude=np.array([nan if s.longitude is None else s.longitude for s in sessions], dtype=np.float64),
        start=day_numbers([s.start for s in sessions], NO_START),
        end=day_numbers([s.end for s in sessions], NO_END),
        capacity=np.array([nan if s.capacity is None else s.capacity for s in sessions], dtype=np.float64),
        remote=np.array([s.modality == "distance" for s in sessions], dtype=bool),
        pair_session=np.asarray(pair_session, dtype=np.int32),
        pair_job=np.asarray(pair_job, dtype=np.int32),
    )


@dataclass(frozen=True)
class Parameters:
    reference: dt.date
    radius_km: float = 30.0
    months: int = 12
    difficult_share: float = 0.5
    min_projects: float = 5.0


@dataclass(frozen=True)
class JobNeed:
    job: str
    name: str
    projects: Figure
    difficult: Figure
    seasonal: Figure
    difficult_share: float | None
    difficult_share_basis: float
    seasonal_share: float | None
    seasonal_share_basis: float
    tension: float | None
    sessions_near: int
    capacity_near: float  # places of the nearby sessions that give one
    capacity_unknown: int  # nearby sessions that give none
    sessions_remote: int
    difficult_job: bool
    gap: bool


@dataclass
class Needs:
    """Territories × jobs arrays; :meth:`table` gives one territory's rows."""

    parameters: Parameters
    jobs: tuple[str, ...]
    job_names: dict[str, str]
    territories: tuple[TerritoryBasins, ...]
    values: dict[str, np.ndarray]  # projects / difficult / seasonal: float64 (T, J)
    masked: dict[str, np.ndarray]  # int32 (T, J)
    shares: dict[str, np.ndarray]  # difficult / seasonal: float64 (T, J), NaN when not computable
    basis: dict[str, np.ndarray]  # difficult / seasonal: projects the share rests on
    present: np.ndarray  # bool (T, J): the job has a BMO row in the territory's basins
    tension: np.ndarray  # float64 (T, J), NaN: none
    sessions_near: np.ndarray  # int32 (T, J)
    capacity_near: np.ndarray  # float64 (T, J)
    capacity_unknown: np.ndarray  # int32 (T, J)
    sessions_remote: np.ndarray  # int32 (J,)
    difficult_job: np.ndarray  # bool (T, J)
    gap: np.ndarray  # bool (T, J)
    unplaced: int  # sessions in the window without coordinates (not distance learning)
    notes: list[str] = field(default_factory=list)

    def gaps(self, t: int) -> list[str]:
        """The jobs with a named gap in territory ``t``, most difficult projects first."""
        found = np.flatnonzero(self.gap[t])
        return [self.jobs[j] for j in found[np.argsort(-self.values["difficult"][t, found], kind="stable")]]

    def table(self, t: int) -> list[JobNeed]:
        """Territory ``t``'s needs, one row per job present in its basins, most projects first."""
        rows = []
        for j in np.flatnonzero(self.present[t]):
            share = {k: self.shares[k][t, j] for k in self.shares}
            tension = self.tension[t, j]
            rows.append(
                JobNeed(
                    job=self.jobs[j],
                    name=self.job_names.get(self.jobs[j], self.jobs[j]),
                    projects=Figure(float(self.values["projects"][t, j]), int(self.masked["projects"][t, j])),
                    difficult=Figure(float(self.values["difficult"][t, j]), int(self.masked["difficult"][t, j])),
                    seasonal=Figure(float(self.values["seasonal"][t, j]), int(self.masked["seasonal"][t, j])),
                    difficult_share=None if np.isnan(share["difficult"]) else float(share["difficult"]),
                    difficult_share_basis=float(self.basis["difficult"][t, j]),
                    seasonal_share=None if np.isnan(share["seasonal"]) else float(share["seasonal"]),
                    seasonal_share_basis=float(self.basis["seasonal"][t, j]),
                    tension=None if np.isnan(tension) else float(tension),
                    sessions_near=int(self.sessions_near[t, j]),
                    capacity_near=float(self.capacity_near[t, j]),
                    capacity_unknown=int(self.capacity_unknown[t, j]),
                    sessions_remote=int(self.sessions_remote[j]),
                    difficult_job=bool(self.difficult_job[t, j]),
                    gap=bool(self.gap[t, j]),
                )
            )
        rows.sort(key=lambda r: (-r.projects.value, r.job))
        return rows


def tension_matrix(per_territory: Sequence[Mapping[str, JobTension]], jobs: Sequence[str]) -> np.ndarray:
    """(territories, jobs) tension index from :func:`.fap.job_tensions`, NaN where there is none."""
    found = np.full((len(per_territory), len(jobs)), np.nan)
    for t, tensions in enumerate(per_territory):
        for j, job in enumerate(jobs):
            linked = tensions.get(job)
            if linked is not None and linked.tension is not None:
                found[t, j] = linked.tension.index
    return found


def in_window(sessions: SessionArrays, parameters: Parameters) -> np.ndarray:
    """Sessions starting within ``months`` of the reference day, or undated and not over."""
    first = parameters.reference.toordinal()
    last = add_months(parameters.reference, parameters.months).toordinal()
    dated = (sessions.start >= first) & (sessions.start <= last)
    undated = (sessions.start == NO_START) & (sessions.end >= first)
    return dated | undated


def near_matrix(
    sessions: SessionArrays, usable: np.ndarray, anchors: Sequence[np.ndarray], radius_km: float
) -> sparse.csr_matrix:
    """(territories, sessions) 0/1: the usable sessions within ``radius_km`` of one of each territory's
    anchors ((k, 2) arrays of latitude, longitude).

    Exact, but measured in three narrowing steps: a territory's anchors lie within ``spread`` km of their
    mean point, so a session nearby is within ``radius_km + spread`` of it, hence within that many km of
    its latitude (a great-circle distance is at least the north-south one): the sessions sorted by
    latitude give that band by two binary searches; then the distance to the mean point; then to each
    anchor."""
    candidates = np.flatnonzero(usable)
    order = candidates[np.argsort(sessions.latitude[candidates], kind="stable")]
    lat, lon = sessions.latitude[order], sessions.longitude[order]
    rows, cols = [], []
    for t, points in enumerate(anchors):
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        if not len(points):
            continue
        centre_lat, centre_lon = points[:, 0].mean(), points[:, 1].mean()
        reach = radius_km + haversine_km(centre_lat, centre_lon, points[:, 0], points[:, 1]).max()
        band = np.degrees(reach / EARTH_RADIUS_KM)
        low = np.searchsorted(lat, centre_lat - band, side="left")
        high = np.searchsorted(lat, centre_lat + band, side="right")
        close = low + np.flatnonzero(haversine_km(centre_lat, centre_lon, lat[low:high], lon[low:high]) <= reach)
        if len(points) > 1 and len(close):
            distances = haversine_km(lat[close, None], lon[close, None], points[None, :, 0], points[None, :, 1])
            close = close[distances.min(axis=1) <= radius_km]
        rows.append(np.full(len(close), t, dtype=np.int32))
        cols.append(order[close])
    data_rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
    data_cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    return sparse.csr_matrix(
        (np.ones(len(data_rows), dtype=np.float64), (data_rows, data_cols)), shape=(len(anchors), len(sessions))
    )


def compute_needs(
    matrix: BasinJobMatrix,
    territories: Sequence[TerritoryBasins],
    anchors: Sequence[np.ndarray],
    sessions: SessionArrays,
    parameters: Parameters,
    tension: np.ndarray | None = None,
) -> Needs:
    """Needs against offers for every territory (same order in ``territories``, ``anchors`` and the
    rows of ``tension``). ``sessions`` must be built on ``matrix.jobs``."""
    if sessions.jobs != matrix.jobs:
        raise ValueError("the sessions' jobs are not the BMO file's: build them with session_arrays(…, matrix.jobs)")
    if len(anchors) != len(territories):
        raise ValueError("one set of anchor points per territory")
    # a territory touches a few basins of ~400: sparse products, cheap and free of BLAS threads
    weights = sparse.csr_matrix(matrix.weight_matrix(territories))
    touched = weights.copy()
    touched.data = (touched.data > 0).astype(np.float64)
    values = {k: weights @ v for k, v in matrix.values.items()}
    masked = {k: (touched @ v.astype(np.float64)).astype(np.int32) for k, v in matrix.masked.items()}
    basis = {k: weights @ v for k, v in matrix.basis.items()}
    shares = {}
    for k in basis:
        known = weights @ matrix.known[k]
        with np.errstate(invalid="ignore", divide="ignore"):
            shares[k] = np.where(basis[k] > 0, known / basis[k], np.nan)
    present = (touched @ matrix.present.astype(np.float64)) > 0
    if tension is None:
        tension = np.full(present.shape, np.nan)

    window = in_window(sessions, parameters)
    placed = ~np.isnan(sessions.latitude) & ~np.isnan(sessions.longitude)
    usable = window & placed & ~sessions.remote
    near = near_matrix(sessions, usable, anchors, parameters.radius_km)
    n_jobs, n_sessions = len(matrix.jobs), len(sessions)
    pairs = (sessions.pair_session, sessions.pair_job)
    ones = np.ones(len(sessions.pair_session))
    serves = sparse.csr_matrix((ones, pairs), shape=(n_sessions, n_jobs))
    known_capacity = np.nan_to_num(sessions.capacity)[sessions.pair_session]
    capacity = sparse.csr_matrix((known_capacity, pairs), shape=(n_sessions, n_jobs))
    unknown = np.isnan(sessions.capacity)[sessions.pair_session].astype(np.float64)
    no_capacity = sparse.csr_matrix((unknown, pairs), shape=(n_sessions, n_jobs))
    sessions_near = (near @ serves).toarray().astype(np.int32)
    capacity_near = (near @ capacity).toarray()
    capacity_unknown = (near @ no_capacity).toarray().astype(np.int32)
    remote = (window & sessions.remote).astype(np.float64)
    sessions_remote = (serves.T @ remote).astype(np.int32)

    difficult_job = (
        present
        & (np.nan_to_num(shares["difficult"], nan=-1.0) >= parameters.difficult_share)
        & (values["projects"] >= parameters.min_projects)
    )
    return Needs(
        parameters=parameters,
        jobs=matrix.jobs,
        job_names=matrix.job_names,
        territories=tuple(territories),
        values=values,
        masked=masked,
        shares=shares,
        basis=basis,
        present=present,
        tension=tension,
        sessions_near=sessions_near,
        capacity_near=capacity_near,
        capacity_unknown=capacity_unknown,
        sessions_remote=sessions_remote,
        difficult_job=difficult_job,
        gap=difficult_job & (sessions_near == 0),
        unplaced=int((window & ~placed & ~sessions.remote).sum()),
    )
