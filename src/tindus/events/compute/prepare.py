"""What the greedy and the solver both read from a (valid) instance: slots in time order, where each meeting
may go, each participant's room; and what both do with a choice of slots: tables, weight, idle gaps.

The validator (:mod:`.validate`) does not use this module: it recomputes everything on its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tindus.events.compute.instance import Assignment, Instance, Meeting
from tindus.events.compute.parse import slot_order


@dataclass
class Prepared:
    instance: Instance
    slots: list[str]  # ids in time order
    index: dict[str, int]  # slot id -> position in ``slots``
    free_tables: list[list[int]]  # per slot, the tables not reserved, ascending
    cap: dict[str, int]  # participant -> most meetings they can have (maximum, available slots)
    available: dict[str, list[int]]  # participant -> the slot positions where they are available, ascending
    candidates: dict[str, list[int]] = field(default_factory=dict)  # meeting -> slot positions it may take
    meetings: dict[str, Meeting] = field(default_factory=dict)
    of: dict[str, list[str]] = field(default_factory=dict)  # participant -> their meetings (ids, input order)

    @property
    def capacity(self) -> list[int]:
        return [len(tables) for tables in self.free_tables]


def prepare(instance: Instance, closed: frozenset[int] = frozenset()) -> Prepared:
    """The instance read for scheduling; slot positions in ``closed`` take no new meeting (locked ones stay)."""
    slots = slot_order(instance)
    index = {ident: position for position, ident in enumerate(slots)}
    free_tables = [
        [table for table in range(1, instance.tables + 1) if (slot, table) not in instance.reserved] for slot in slots
    ]
    available = {person.id: sorted(index[s] for s in person.available) for person in instance.participants}
    cap = {
        person.id: len(person.available)
        if person.max_meetings is None
        else min(person.max_meetings, len(person.available))
        for person in instance.participants
    }
    prepared = Prepared(instance, slots, index, free_tables, cap, available)
    of: dict[str, list[str]] = defaultdict(list)
    for meeting in instance.meetings:
        prepared.meetings[meeting.id] = meeting
        of[meeting.a].append(meeting.id)
        of[meeting.b].append(meeting.id)
        if meeting.locked is not None:
            prepared.candidates[meeting.id] = [index[meeting.locked.slot]]
        elif cap[meeting.a] and cap[meeting.b]:
            both = set(available[meeting.a]).intersection(available[meeting.b])
            prepared.candidates[meeting.id] = [s for s in sorted(both) if free_tables[s] and s not in closed]
        else:
            prepared.candidates[meeting.id] = []
    prepared.of = {person.id: of.get(person.id, []) for person in instance.participants}
    return prepared


def fairness_targets(prepared: Prepared, fixed: dict[str, int] | None = None) -> list[tuple[str, int]]:
    """(participant, target) for the fairness floor: ``min_meetings``, or fewer for those who cannot have that
    many (their maximum, their available slots, their meetings that can be placed)."""
    floor = prepared.instance.min_meetings
    if not floor:
        return []
    fixed = fixed or {}
    targets = []
    for person, idents in prepared.of.items():
        possible = sum(1 for ident in idents if prepared.candidates[ident] or ident in fixed)
        target = min(floor, prepared.cap[person], possible)
        if target > 0:
            targets.append((person, target))
    return targets


def weight_of(prepared: Prepared, chosen: dict[str, int]) -> int:
    return sum(prepared.meetings[ident].weight for ident in chosen)


def gaps_of(prepared: Prepared, chosen: dict[str, int]) -> int:
    """Idle slots: for each participant, the slots where they are available, between their first and last
    meeting, without a meeting."""
    busy: dict[str, set[int]] = defaultdict(set)
    for ident, slot in chosen.items():
        meeting = prepared.meetings[ident]
        busy[meeting.a].add(slot)
        busy[meeting.b].add(slot)
    total = 0
    for person, slots in busy.items():
        first, last = min(slots), max(slots)
        total += sum(1 for s in prepared.available[person] if first < s < last and s not in slots)
    return total


def assign_tables(
    prepared: Prepared, chosen: dict[str, int], preferred: dict[str, int] | None = None
) -> list[Assignment]:
    """Tables for meetings whose slots are chosen (at most the free tables of each slot): locked meetings
    keep theirs, then each ``preferred`` table if still free, then the lowest free table, in input order."""
    preferred = preferred or {}
    by_slot: dict[int, list[str]] = defaultdict(list)
    for ident in prepared.meetings:
        if ident in chosen:
            by_slot[chosen[ident]].append(ident)
    assignments = []
    for slot, idents in sorted(by_slot.items()):
        taken: dict[int, str] = {}
        for ident in idents:
            locked = prepared.meetings[ident].locked
            if locked is not None:
                taken[locked.table] = ident
        allowed = set(prepared.free_tables[slot])
        for ident in idents:
            table = preferred.get(ident)
            if ident not in taken.values() and table in allowed and table not in taken:
                taken[table] = ident
        placed = set(taken.values())
        free = iter(t for t in prepared.free_tables[slot] if t not in taken)
        for ident in idents:
            if ident not in placed:
                taken[next(free)] = ident
        assignments += [Assignment(ident, prepared.slots[slot], table) for table, ident in sorted(taken.items())]
    return assignments
