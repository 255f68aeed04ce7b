"""Why a meeting is not placed, read from the instance and the schedule (plain Python).

The scheduler maximises the placed weight; a meeting left out is one of:

- ``no_common_slot``: its two sides share no slot where both are available (and a table is not reserved);
- ``maximum``: one side has as many meetings as their maximum (``side`` says which);
- ``no_room``: every slot both share is taken, by one side's other meetings or by the tables all in use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .compute.instance import Instance, Schedule


@dataclass(frozen=True)
class Reason:
    meeting: str
    code: str
    side: str | None = None  # the participant concerned, for ``maximum``


def reasons(instance: Instance, schedule: Schedule) -> list[Reason]:
    """A reason for each meeting of ``instance`` that ``schedule`` does not place, in the instance's order."""
    people = {person.id: person for person in instance.participants}
    placed = {item.meeting for item in schedule.assignments}
    count: Counter[str] = Counter()
    for meeting in instance.meetings:
        if meeting.id in placed:
            count[meeting.a] += 1
            count[meeting.b] += 1
    open_cells = Counter(slot.id for slot in instance.slots for table in range(1, instance.tables + 1)
                         if (slot.id, table) not in instance.reserved)  # fmt: skip
    found = []
    for meeting in instance.meetings:
        if meeting.id in placed:
            continue
        a, b = people[meeting.a], people[meeting.b]
        common = {slot for slot in a.available & b.available if open_cells[slot]}
        if not common:
            found.append(Reason(meeting.id, "no_common_slot"))
            continue
        full = next((p.id for p in (a, b) if p.max_meetings is not None and count[p.id] >= p.max_meetings), None)
        if full is not None:
            found.append(Reason(meeting.id, "maximum", full))
            continue
        found.append(Reason(meeting.id, "no_room"))
    return found
