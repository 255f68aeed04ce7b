"""Which meetings to place, and in which class of slots: the weight phase, a MILP solved by HiGHS.

Slots with the same participants available and the same number of free tables are interchangeable: a
*class*. The model decides, for each meeting, the class it goes to (``z[m, c]`` binary): each meeting at
most once, in a class where both sides can attend a slot; per participant and class at most as many meetings
as slots they can attend there; per class at most its free tables summed over its slots; per participant at
most their maximum. Every schedule gives such a choice, so its optimum bounds the weight of any schedule.
With half-day availability there are two or three classes and the model is small (6 000 meetings: 12 000
columns, solved in about half a second). When availability varies slot by slot, the classes are the sessions
(runs of slots without a break): the model stays small and still bounds the weight, less tightly.

Objectives, one after the other, each kept at its optimum by a constraint before the next: forced meetings
placed, weight, participants reaching the fairness floor, then ``prefer``red meetings kept (re-scheduling).
The slots inside each class are given afterwards (:mod:`.colouring`).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from tindus.events.compute.parse import parse_time
from tindus.events.compute.prepare import Prepared, fairness_targets


def slot_classes(prepared: Prepared, closed: frozenset[int] = frozenset()) -> list[list[int]]:
    """Slot positions grouped by (participants available, free tables, closed): interchangeable slots. When
    availability is so varied that this makes many classes, sessions instead: runs of consecutive slots with
    the same free tables and closed or not, without a break between them."""
    who: dict[int, set[str]] = defaultdict(set)
    for person, slots in prepared.available.items():
        for s in slots:
            who[s].add(person)
    groups: dict[tuple, list[int]] = {}
    for s in range(len(prepared.slots)):
        key = (frozenset(who[s]), len(prepared.free_tables[s]), s in closed)
        groups.setdefault(key, []).append(s)
    sessions = _sessions(prepared, closed)
    return list(groups.values()) if len(groups) <= max(4, 2 * len(sessions)) else sessions


def _sessions(prepared: Prepared, closed: frozenset[int]) -> list[list[int]]:
    times = {slot.id: (parse_time(slot.start), parse_time(slot.end)) for slot in prepared.instance.slots}
    sessions: list[list[int]] = []
    for s, ident in enumerate(prepared.slots):
        if s:
            before = s - 1
            if (
                times[prepared.slots[before]][1] == times[ident][0]
                and len(prepared.free_tables[before]) == len(prepared.free_tables[s])
                and (before in closed) == (s in closed)
            ):
                sessions[-1].append(s)
                continue
        sessions.append([s])
    return sessions


@dataclass
class Choice:
    classes: list[list[int]]
    chosen: dict[str, int]  # meeting -> class index
    bound: int  # on the weight, among schedules placing ``forced`` forced meetings
    optimal: bool  # forced meetings then weight proven optimal for the class model
    forced: int = 0  # forced meetings placed


def choose(
    prepared: Prepared,
    classes: list[list[int]],
    fixed: dict[str, int],
    seconds: float,
    prefer: frozenset[str] = frozenset(),
) -> Choice | None:
    """The lexicographic choice within ``seconds``; ``fixed`` meetings (-> slot position) are placed in their
    slot's class. None if HiGHS found no solution in time."""
    deadline = time.monotonic() + seconds
    class_of = {s: c for c, slots in enumerate(classes) for s in slots}
    room: dict[tuple[str, int], int] = defaultdict(int)  # (participant, class) -> slots they can attend there
    for person, slots in prepared.available.items():
        for s in slots:
            room[person, class_of[s]] += 1
    columns: list[tuple[str, int]] = []
    rows: dict[tuple, list[int]] = defaultdict(list)
    limits: dict[tuple, int] = {}
    lower = []
    for ident, meeting in prepared.meetings.items():
        slots = [fixed[ident]] if ident in fixed else prepared.candidates[ident]
        for c in sorted({class_of[s] for s in slots}):
            j = len(columns)
            columns.append((ident, c))
            lower.append(1.0 if ident in fixed else 0.0)
            for key, limit in (
                (("meeting", ident), 1),
                (("seat", meeting.a, c), room[meeting.a, c]),
                (("seat", meeting.b, c), room[meeting.b, c]),
                (("class", c), sum(len(prepared.free_tables[s]) for s in classes[c])),
                (("cap", meeting.a), prepared.cap[meeting.a]),
                (("cap", meeting.b), prepared.cap[meeting.b]),
            ):
                rows[key].append(j)
                limits[key] = limit
    if not columns:
        return Choice(classes, {}, 0, True)
    reach_people = [
        (person, target) for person, target in fairness_targets(prepared, fixed) if rows.get(("cap", person))
    ]
    n = len(columns) + len(reach_people)
    entries_r, entries_c, entries_v, upper, lower_rows = [], [], [], [], []
    for key, members in rows.items():
        if len(members) > limits[key]:
            i = len(upper)
            entries_r += [i] * len(members)
            entries_c += members
            entries_v += [1.0] * len(members)
            upper.append(float(limits[key]))
            lower_rows.append(-np.inf)
    for k, (person, target) in enumerate(reach_people):
        i = len(upper)
        members = rows["cap", person]
        entries_r += [i] * (len(members) + 1)
        entries_c += [*members, len(columns) + k]
        entries_v += [1.0] * len(members) + [-float(target)]
        upper.append(np.inf)
        lower_rows.append(0.0)
    constraints = []
    if upper:
        matrix = csr_array((entries_v, (entries_r, entries_c)), shape=(len(upper), n))
        constraints.append(LinearConstraint(matrix, np.array(lower_rows), np.array(upper)))
    bounds = Bounds(np.array(lower + [0.0] * len(reach_people)), np.ones(n))
    stages = []
    forced = np.array(
        [1.0 if prepared.meetings[ident].forced else 0.0 for ident, _c in columns] + [0.0] * len(reach_people)
    )
    if forced.any():
        stages.append(("forced", forced))
    weights = np.array([float(prepared.meetings[ident].weight) for ident, _c in columns] + [0.0] * len(reach_people))
    stages.append(("weight", weights))
    if reach_people:
        stages.append(("reach", np.array([0.0] * len(columns) + [1.0] * len(reach_people))))
    if prefer:
        kept = np.array([1.0 if ident in prefer else 0.0 for ident, _c in columns] + [0.0] * len(reach_people))
        if kept.any():
            stages.append(("kept", kept))
    solution, bound, optimal, most_forced = None, 0, True, 0
    for index, (name, objective) in enumerate(stages):
        share = (deadline - time.monotonic()) / (len(stages) - index)
        result = milp(
            -objective,
            integrality=np.ones(n),
            bounds=bounds,
            constraints=constraints,
            options={"time_limit": max(share, 0.05), "disp": False},
        )
        if result.x is None:
            if solution is None or name in ("forced", "weight"):
                return None
            break  # keep the previous stage's solution
        solution = result.x
        value = round(float(objective @ np.round(solution)))
        if name == "forced":
            optimal, most_forced = result.status == 0, value
        if name == "weight":
            optimal = optimal and result.status == 0
            bound = value if result.status == 0 else math.floor(-float(result.mip_dual_bound) + 1e-6)
        constraints.append(LinearConstraint(csr_array(objective.reshape(1, -1)), value - 0.5, np.inf))
    chosen = {ident: c for (ident, c), value in zip(columns, solution, strict=False) if value > 0.5}
    return Choice(classes, chosen, max(bound, 0), optimal, most_forced)
