"""The baseline: first fit, as meeting platforms place requests, and the solver's warm start.

Locked meetings first, at their place; then forced meetings, then the other requests by weight (highest
first) and arrival (input order); each goes to the first slot where both sides are available and free, below
their maximum, with a table free; the lowest free table.
"""

from __future__ import annotations

import time
from collections import defaultdict

from tindus.events.compute.instance import Instance, Schedule
from tindus.events.compute.prepare import Prepared, assign_tables, gaps_of, prepare, weight_of


def first_fit(
    prepared: Prepared, start: dict[str, int] | None = None, fixed: dict[str, int] | None = None
) -> dict[str, int]:
    """Meeting -> slot position: locked and ``fixed`` meetings (assumed valid together), then the placements
    of ``start`` that fit, then first fit for the rest in priority order."""
    chosen: dict[str, int] = {}
    busy: set[tuple[str, int]] = set()
    count: dict[str, int] = defaultdict(int)
    used = [0] * len(prepared.slots)

    def fits(ident: str, slot: int) -> bool:
        meeting = prepared.meetings[ident]
        return (
            used[slot] < len(prepared.free_tables[slot])
            and (meeting.a, slot) not in busy
            and (meeting.b, slot) not in busy
            and count[meeting.a] < prepared.cap[meeting.a]
            and count[meeting.b] < prepared.cap[meeting.b]
        )

    def place(ident: str, slot: int) -> None:
        meeting = prepared.meetings[ident]
        chosen[ident] = slot
        busy.update({(meeting.a, slot), (meeting.b, slot)})
        count[meeting.a] += 1
        count[meeting.b] += 1
        used[slot] += 1

    for ident, meeting in prepared.meetings.items():
        if meeting.locked is not None:
            place(ident, prepared.index[meeting.locked.slot])
    for ident, slot in (fixed or {}).items():
        if ident not in chosen:
            place(ident, slot)
    for ident, slot in (start or {}).items():
        if ident not in chosen and slot in prepared.candidates[ident] and fits(ident, slot):
            place(ident, slot)
    order = sorted(
        (ident for ident in prepared.meetings if ident not in chosen),
        key=lambda ident: (not prepared.meetings[ident].forced, -prepared.meetings[ident].weight),
    )  # a stable sort: arrival order among equals
    for ident in order:
        slot = next((s for s in prepared.candidates[ident] if fits(ident, s)), None)
        if slot is not None:
            place(ident, slot)
    return chosen


def placeable_weight(prepared: Prepared) -> int:
    """A trivial upper bound: the weight of every meeting that has a slot where both sides are available."""
    return sum(meeting.weight for ident, meeting in prepared.meetings.items() if prepared.candidates[ident])


def greedy(instance: Instance) -> Schedule:
    """The first-fit schedule of a valid instance (status "heuristic", a trivial bound)."""
    started = time.monotonic()
    prepared = prepare(instance)
    chosen = first_fit(prepared)
    return Schedule(
        assignments=assign_tables(prepared, chosen),
        weight=weight_of(prepared, chosen),
        bound=float(placeable_weight(prepared)),
        gaps=gaps_of(prepared, chosen),
        status="heuristic",
        seconds=time.monotonic() - started,
    )
