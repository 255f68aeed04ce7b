"""Small scheduling instances written tersely, and an exhaustive search to compare the scheduler with."""

from __future__ import annotations

import itertools
from collections import Counter

from tindus.events.compute.instance import Instance, Meeting, Participant, Placement, Slot


def slots(n: int, start_hour: int = 9) -> tuple[Slot, ...]:
    """``n`` slots of 20 minutes from ``start_hour``: s1, s2, …"""
    found = []
    for i in range(n):
        minutes = start_hour * 60 + 20 * i
        found.append(Slot(f"s{i + 1}", f"{minutes // 60:02d}:{minutes % 60:02d}", _at(minutes + 20)))
    return tuple(found)


def _at(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def make(
    n_slots: int,
    tables: int,
    people: dict[str, object],
    meetings: list[tuple],
    **options,
) -> Instance:
    """``people``: id -> None (available in every slot), a list of slot numbers (1-based), or a dict with
    ``available`` and ``max_meetings``. ``meetings``: (a, b, weight) or (a, b, weight, options dict), ids m1, m2…
    in that order; options: ``locked=(slot number, table)``, ``forced=True``."""
    all_slots = slots(n_slots)
    participants = []
    for ident, spec in people.items():
        maximum = None
        if isinstance(spec, dict):
            maximum, spec = spec.get("max_meetings"), spec.get("available")
        numbers = range(1, n_slots + 1) if spec is None else spec
        participants.append(Participant(ident, frozenset(f"s{n}" for n in numbers), maximum))
    built = []
    for i, item in enumerate(meetings, start=1):
        a, b, weight, extra = (*item, {})[:4]
        locked = extra.get("locked")
        built.append(
            Meeting(
                f"m{i}",
                a,
                b,
                weight,
                locked=Placement(f"s{locked[0]}", locked[1]) if locked else None,
                forced=extra.get("forced", False),
            )
        )
    reserved = frozenset((f"s{s}", t) for s, t in options.pop("reserved", ()))
    return Instance(all_slots, tables, tuple(participants), tuple(built), reserved=reserved, **options)


def brute_force(instance: Instance) -> tuple[int, int]:
    """(forced placed, weight) of the lexicographically best schedule, by trying every choice of slot (or none)
    for every meeting; tables are interchangeable, so a slot's count against its free tables decides."""
    order = [slot.id for slot in instance.slots]
    people = {person.id: person for person in instance.participants}
    free = {s: instance.tables - sum(1 for slot, _t in instance.reserved if slot == s) for s in order}
    options = []
    for meeting in instance.meetings:
        if meeting.locked is not None:
            options.append([meeting.locked.slot])
            continue
        both = [s for s in order if s in people[meeting.a].available and s in people[meeting.b].available]
        options.append([None, *both])
    best = (0, 0)
    for choice in itertools.product(*options):
        seats, per_slot, count = set(), Counter(), Counter()
        valid = True
        for meeting, slot in zip(instance.meetings, choice, strict=True):
            if slot is None:
                continue
            for side in (meeting.a, meeting.b):
                if (side, slot) in seats:
                    valid = False
                seats.add((side, slot))
                count[side] += 1
            per_slot[slot] += 1
        if not valid or any(per_slot[s] > free[s] for s in per_slot):
            continue
        if any(p.max_meetings is not None and count[p.id] > p.max_meetings for p in instance.participants):
            continue
        placed = [m for m, s in zip(instance.meetings, choice, strict=True) if s is not None]
        best = max(best, (sum(1 for m in placed if m.forced), sum(m.weight for m in placed)))
    return best
