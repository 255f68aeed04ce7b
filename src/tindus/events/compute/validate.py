"""An independent check of a schedule against its instance: every rule, and the figures it claims.

A separate code path on purpose: nothing here comes from the greedy, the solver or their shared helpers
(only the data types), so that a mistake there cannot hide itself. Slot order is read from the slots' own
times.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time

from tindus.events.compute.instance import Instance, Schedule


def _moment(value: str) -> datetime | time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value)


def problems(instance: Instance, schedule: Schedule) -> list[str]:
    """Every rule the schedule breaks, in English (an empty list: the schedule is valid)."""
    found: list[str] = []
    slots = {slot.id: slot for slot in instance.slots}
    people = {person.id: person for person in instance.participants}
    meetings = {meeting.id: meeting for meeting in instance.meetings}
    seen: Counter[str] = Counter()
    seat: dict[tuple[str, str], str] = {}
    cell: dict[tuple[str, int], str] = {}
    placed: dict[str, tuple[str, int]] = {}
    for item in schedule.assignments:
        seen[item.meeting] += 1
        meeting = meetings.get(item.meeting)
        if meeting is None:
            found.append(f"unknown meeting {item.meeting}")
            continue
        if item.slot not in slots:
            found.append(f"meeting {item.meeting} in unknown slot {item.slot}")
            continue
        if seen[item.meeting] > 1:
            found.append(f"meeting {item.meeting} placed {seen[item.meeting]} times")
            continue
        placed[item.meeting] = (item.slot, item.table)
        if not isinstance(item.table, int) or not 1 <= item.table <= instance.tables:
            found.append(f"meeting {item.meeting} at table {item.table}, outside 1..{instance.tables}")
        if (item.slot, item.table) in instance.reserved:
            found.append(f"meeting {item.meeting} at reserved table {item.table} in slot {item.slot}")
        if (item.slot, item.table) in cell:
            found.append(
                f"meetings {cell[item.slot, item.table]} and {item.meeting} share table {item.table} in {item.slot}"
            )
        cell[item.slot, item.table] = item.meeting
        for side in (meeting.a, meeting.b):
            person = people.get(side)
            if person is None:
                found.append(f"meeting {item.meeting}: unknown participant {side}")
                continue
            if item.slot not in person.available:
                found.append(f"meeting {item.meeting}: {side} not available in {item.slot}")
            if (side, item.slot) in seat:
                found.append(f"{side} in two meetings in {item.slot}: {seat[side, item.slot]} and {item.meeting}")
            seat[side, item.slot] = item.meeting
    count: Counter[str] = Counter()
    for ident in placed:
        count[meetings[ident].a] += 1
        count[meetings[ident].b] += 1
    for person in instance.participants:
        if person.max_meetings is not None and count[person.id] > person.max_meetings:
            found.append(f"{person.id} has {count[person.id]} meetings, more than {person.max_meetings}")
    for meeting in instance.meetings:
        if meeting.locked is not None and placed.get(meeting.id) != (meeting.locked.slot, meeting.locked.table):
            found.append(
                f"locked meeting {meeting.id} not at table {meeting.locked.table} in {meeting.locked.slot}"
                f" (found {placed.get(meeting.id)})"
            )
    weight = sum(meetings[ident].weight for ident in placed)
    if weight != schedule.weight:
        found.append(f"weight {schedule.weight} claimed, {weight} found")
    if schedule.bound + 1e-6 < weight:
        found.append(f"bound {schedule.bound} below the weight {weight}")
    gaps = idle_gaps(instance, {ident: slot for ident, (slot, _table) in placed.items()})
    if gaps != schedule.gaps:
        found.append(f"gaps {schedule.gaps} claimed, {gaps} found")
    return found


def idle_gaps(instance: Instance, slot_of: dict[str, str]) -> int:
    """For each participant, the slots where they are available, after their first meeting and before their
    last, where they meet nobody; summed."""
    rank = {slot.id: position for position, slot in enumerate(sorted(instance.slots, key=lambda s: _moment(s.start)))}
    meetings = {meeting.id: meeting for meeting in instance.meetings}
    busy: dict[str, set[int]] = defaultdict(set)
    for ident, slot in slot_of.items():
        if ident in meetings and slot in rank:  # unknown ones are reported by ``problems``
            busy[meetings[ident].a].add(rank[slot])
            busy[meetings[ident].b].add(rank[slot])
    total = 0
    for person in instance.participants:
        ranks = busy.get(person.id)
        if not ranks:
            continue
        for slot in person.available & rank.keys():
            if min(ranks) < rank[slot] < max(ranks) and rank[slot] not in ranks:
                total += 1
    return total
