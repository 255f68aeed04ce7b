"""Re-scheduling during the event, and replacements for an absent participant.

``reschedule`` takes the instance as it now is (a no-show made unavailable, a late request added, a table
lost, a cell reserved) and the schedule announced before. Slots that start before ``frozen_before`` are past:
their meetings stay as they were if still valid, and no new meeting goes there. Then, lexicographically: the
most weight (forced meetings first, then the fairness floor), the fewest announced meetings moved (another
slot or table) or dropped, the fewest idle gaps. ``Schedule.changed`` lists the announced meetings moved or
dropped, in their announced order.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from tindus.events.compute.instance import Assignment, Instance, Schedule
from tindus.events.compute.parse import fail, parse_time
from tindus.events.compute.prepare import Prepared, assign_tables, gaps_of, prepare, weight_of
from tindus.events.compute.solve import Progress, Run


def _closed(instance: Instance, order: list[str], frozen_before: str | None) -> frozenset[int]:
    """Slot positions starting before ``frozen_before`` (a slot id, or a time written like the slots')."""
    if frozen_before is None:
        return frozenset()
    starts = {slot.id: parse_time(slot.start) for slot in instance.slots}
    cutoff = starts.get(frozen_before) or parse_time(frozen_before)
    try:
        return frozenset(i for i, ident in enumerate(order) if starts[ident] < cutoff)
    except TypeError:  # not comparable: another kind of time
        raise fail("bad_frozen_before", value=frozen_before) from None


def _past_kept(prepared: Prepared, past: list[Assignment]) -> dict[str, int]:
    """The past placements that are still valid together (in announced order), with the locked meetings."""
    instance = prepared.instance
    meetings = prepared.meetings
    people = {person.id: person for person in instance.participants}
    seats, cells = set(), set()
    count: Counter[str] = Counter()
    kept: dict[str, int] = {}
    for meeting in meetings.values():
        if meeting.locked is not None:
            seats.update({(meeting.a, meeting.locked.slot), (meeting.b, meeting.locked.slot)})
            cells.add((meeting.locked.slot, meeting.locked.table))
            count.update((meeting.a, meeting.b))
    for item in past:
        meeting = meetings.get(item.meeting)
        if meeting is None or meeting.locked is not None or item.meeting in kept:
            continue
        sides = (meeting.a, meeting.b)
        if (
            not 1 <= item.table <= instance.tables
            or (item.slot, item.table) in instance.reserved
            or (item.slot, item.table) in cells
            or any(item.slot not in people[side].available or (side, item.slot) in seats for side in sides)
            or any(people[side].max_meetings is not None and count[side] >= people[side].max_meetings for side in sides)
        ):
            continue
        kept[item.meeting] = prepared.index[item.slot]
        seats.update((side, item.slot) for side in sides)
        cells.add((item.slot, item.table))
        count.update(sides)
    return kept


def reschedule(
    instance: Instance,
    previous: list[Assignment],
    *,
    time_limit: float = 10,
    frozen_before: str | None = None,
    workers: int = 2,
    progress: Progress | None = None,
) -> Schedule:
    """A new schedule for a valid ``instance`` changing as few ``previous`` (announced) meetings as possible."""
    started = time.monotonic()
    order = [slot.id for slot in sorted(instance.slots, key=lambda slot: parse_time(slot.start))]
    closed = _closed(instance, order, frozen_before)
    prepared = prepare(instance, closed)
    announced: dict[str, Assignment] = {}
    for item in previous:
        announced.setdefault(item.meeting, item)
    past = [item for item in announced.values() if item.slot in prepared.index and prepared.index[item.slot] in closed]
    fixed = _past_kept(prepared, past)
    locked_cells = {(m.locked.slot, m.locked.table): m.id for m in prepared.meetings.values() if m.locked is not None}
    future, unchanged = {}, set()
    for ident, item in announced.items():
        meeting = prepared.meetings.get(ident)
        if meeting is None or meeting.locked is not None or item.slot not in prepared.index:
            continue
        position = prepared.index[item.slot]
        if position in closed:
            continue
        future[ident] = position
        if (
            1 <= item.table <= instance.tables
            and (item.slot, item.table) not in instance.reserved
            and (item.slot, item.table) not in locked_cells
        ):
            unchanged.add(ident)
    run = Run(
        prepared, started + time_limit, workers, progress, fixed=fixed, closed=closed, previous=future,
        unchanged=unchanged,
    )  # fmt: skip
    outcome = run.optimise()
    preferred = {ident: item.table for ident, item in announced.items() if ident in unchanged or ident in fixed}
    assignments = assign_tables(prepared, outcome.chosen, preferred)
    now = {item.meeting: (item.slot, item.table) for item in assignments}
    changed = [ident for ident, item in announced.items() if now.get(ident) != (item.slot, item.table)]
    return Schedule(
        assignments=assignments,
        weight=weight_of(prepared, outcome.chosen),
        bound=outcome.bound,
        gaps=gaps_of(prepared, outcome.chosen),
        status="optimal" if outcome.optimal else "feasible",
        seconds=time.monotonic() - started,
        changed=changed,
    )


@dataclass(frozen=True)
class Candidate:
    participant: str
    requested: str | None  # a requested meeting with the partner that is not placed, if any
    meetings: int  # meetings they already have in the schedule


@dataclass(frozen=True)
class Replacement:
    meeting: str  # the absent participant's meeting
    partner: str
    slot: str
    table: int
    candidates: list[Candidate]


def replacements(instance: Instance, schedule: Schedule, absent: str, *, limit: int = 5) -> list[Replacement]:
    """For each meeting of ``absent`` in ``schedule`` (in slot order), the partner's freed slot and up to
    ``limit`` participants who could meet them there: available, free in that slot, below their maximum, not
    already meeting the partner; those with a request pending with the partner first, then the least busy."""
    meetings = {meeting.id: meeting for meeting in instance.meetings}
    order = {
        ident: i
        for i, ident in enumerate(slot.id for slot in sorted(instance.slots, key=lambda s: parse_time(s.start)))
    }
    placed = {item.meeting for item in schedule.assignments}
    busy = {
        (side, item.slot)
        for item in schedule.assignments
        for side in (meetings[item.meeting].a, meetings[item.meeting].b)
    }
    count: Counter[str] = Counter()
    met: dict[str, set[str]] = defaultdict(set)
    for ident in placed:
        meeting = meetings[ident]
        count.update((meeting.a, meeting.b))
        met[meeting.a].add(meeting.b)
        met[meeting.b].add(meeting.a)
    pending: dict[frozenset[str], str] = {}
    for meeting in instance.meetings:
        if meeting.id not in placed:
            pending.setdefault(frozenset((meeting.a, meeting.b)), meeting.id)
    rank = {person.id: i for i, person in enumerate(instance.participants)}
    found = []
    mine = [item for item in schedule.assignments if absent in (meetings[item.meeting].a, meetings[item.meeting].b)]
    for item in sorted(mine, key=lambda item: order[item.slot]):
        meeting = meetings[item.meeting]
        partner = meeting.b if meeting.a == absent else meeting.a
        candidates = []
        for person in instance.participants:
            ident = person.id
            if (
                ident in (absent, partner)
                or item.slot not in person.available
                or (ident, item.slot) in busy
                or (person.max_meetings is not None and count[ident] >= person.max_meetings)
                or partner in met[ident]
            ):
                continue
            candidates.append(Candidate(ident, pending.get(frozenset((ident, partner))), count[ident]))
        candidates.sort(key=lambda c: (c.requested is None, c.meetings, rank[c.participant]))
        found.append(Replacement(item.meeting, partner, item.slot, item.table, candidates[:limit]))
    return found
