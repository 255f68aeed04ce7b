"""An event's scheduling instance, read from its rows, and a schedule written back to them.

The scheduler (:mod:`.compute`) knows slots, tables and participants by plain ids: slot ids are the
``TimeSlot`` primary keys as text, participants and meetings theirs, tables are numbered 1..K in the order
of their numbers. :class:`EventInstance` keeps the rows behind each id, to write the result back and to
name what a refusal is about in the organiser's words (company names, « 14:25 », « Table 3 »).

Who is in the instance: the participants not marked absent, with their available slots and their maximum
(their own, else the event's default); the meetings both sides accepted (neither forbidden nor cancelled)
between two of them, with their weight, forced, and locked at their slot and table when the organiser
locked a placed meeting. Reserved tables are closed in every slot (from ``reserved_from`` on when
re-scheduling during the day: the slots already past used them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .compute.instance import Assignment, Instance, InstanceError, Placement, Schedule
from .compute.instance import Meeting as MeetingData
from .compute.instance import Participant as ParticipantData
from .compute.instance import Slot as SlotData
from .compute.parse import validate_instance
from .compute.validate import idle_gaps
from .models import Event, Meeting, MeetingStatus, Participant, SchedulingRun, Table, TimeSlot


@dataclass
class EventInstance:
    event: Event
    instance: Instance
    slots: dict[str, TimeSlot]  # slot id -> row, in time order
    tables: list[Table]  # instance table n is tables[n - 1]
    participants: dict[str, Participant]  # those in the instance
    meetings: dict[str, Meeting]  # those in the instance
    absent: dict[str, Participant] = field(default_factory=dict)  # registered, marked absent

    def table_number(self, table_id: int | None) -> int | None:
        return next((n for n, table in enumerate(self.tables, start=1) if table.pk == table_id), None)

    def table(self, number: int) -> Table | None:
        return self.tables[number - 1] if 1 <= number <= len(self.tables) else None

    def current(self) -> Schedule:
        """The placements the rows hold now, for the meetings of the instance, as a schedule."""
        assignments = []
        for ident, meeting in self.meetings.items():
            number = self.table_number(meeting.table_id)
            if meeting.slot_id is not None and str(meeting.slot_id) in self.slots and number is not None:
                assignments.append(Assignment(ident, str(meeting.slot_id), number))
        weight = sum(self.meetings[a.meeting].weight for a in assignments)
        gaps = idle_gaps(self.instance, {a.meeting: a.slot for a in assignments})
        return Schedule(assignments=assignments, weight=weight, bound=float(weight), gaps=gaps, status="current")


def build_instance(
    event: Event, *, reserved_from: TimeSlot | None = None, include_absent: bool = False
) -> EventInstance:
    """The instance of ``event`` as its rows stand (not validated: see :func:`check`)."""
    slots = list(event.slots.order_by("start", "pk"))
    tables = list(event.tables.order_by("number", "pk"))
    rows = list(event.participants.prefetch_related("available_slots").order_by("pk"))
    present = {str(p.pk): p for p in rows if include_absent or not p.absent}
    absent = {str(p.pk): p for p in rows if p.absent}
    by_slot = {str(s.pk): s for s in slots}
    people = []
    for ident, person in present.items():
        maximum = person.max_meetings if person.max_meetings is not None else event.max_meetings_default
        available = frozenset(str(s.pk) for s in person.available_slots.all())
        people.append(ParticipantData(id=ident, available=available, max_meetings=maximum))
    meetings: dict[str, Meeting] = {}
    data = []
    numbers = {table.pk: n for n, table in enumerate(tables, start=1)}
    rows = event.meetings.filter(status=MeetingStatus.ACCEPTED).select_related("a", "b", "slot", "table")
    for meeting in rows.order_by("pk"):
        if str(meeting.a_id) not in present or str(meeting.b_id) not in present:
            continue
        ident = str(meeting.pk)
        meetings[ident] = meeting
        locked = None
        if meeting.locked and meeting.slot_id is not None and meeting.table_id in numbers:
            locked = Placement(slot=str(meeting.slot_id), table=numbers[meeting.table_id])
        data.append(
            MeetingData(
                id=ident, a=str(meeting.a_id), b=str(meeting.b_id), weight=meeting.weight, locked=locked,
                forced=meeting.forced,
            )
        )  # fmt: skip
    closed = [s for s in slots if reserved_from is None or s.start >= reserved_from.start]
    reserved = frozenset((str(s.pk), n) for s in closed for n, table in enumerate(tables, start=1) if table.reserved)
    instance = Instance(
        slots=tuple(SlotData(id=str(s.pk), start=s.start.isoformat(), end=s.end.isoformat()) for s in slots),
        tables=len(tables),
        participants=tuple(people),
        meetings=tuple(data),
        reserved=reserved,
        min_meetings=event.min_meetings,
    )
    return EventInstance(event, instance, by_slot, tables, present, meetings, absent)


def check(built: EventInstance) -> None:
    """Raise :class:`InstanceError` if the instance cannot be scheduled (see :func:`error_message`)."""
    validate_instance(built.instance)


def slot_label(slot: TimeSlot) -> str:
    return f"{slot.start:%H:%M}"


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.a.company_name} – {meeting.b.company_name}"


def placement_label(slot: TimeSlot | None, table: Table | None) -> str:
    if slot is None or table is None:
        return ""
    return f"{slot_label(slot)} · {table}"


def _frozen_slots(built: EventInstance, frozen_before: TimeSlot | None) -> set[int]:
    if frozen_before is None:
        return set()
    return {slot.pk for slot in built.slots.values() if slot.start < frozen_before.start}


def apply_schedule(
    built: EventInstance,
    schedule: Schedule,
    *,
    kind: str = SchedulingRun.Kind.FULL,
    by: object = None,
    frozen_before: TimeSlot | None = None,
) -> SchedulingRun:
    """Write ``schedule`` to the event's meeting rows and record the run, in one transaction.

    Every meeting of the event that the schedule does not place loses its slot and table (forbidden,
    cancelled, with an absent side, or not placed), except, when re-scheduling, those in the slots before
    ``frozen_before``: what is past stays as it was. The run lists the meetings that had a place and lost
    or changed it, with both sides' names, so that the organiser can tell the participants.
    """
    event = built.event
    placed = {}
    for item in schedule.assignments:
        table = built.table(item.table)
        placed[int(item.meeting)] = (built.slots[item.slot], table)
    frozen = _frozen_slots(built, frozen_before)
    changed: list[dict] = []
    with transaction.atomic():
        rows = event.meetings.select_related("a", "b", "slot", "table").select_for_update(of=("self",))
        for meeting in rows.order_by("pk"):
            if meeting.pk in placed:
                slot, table = placed[meeting.pk]
            elif meeting.slot_id in frozen:
                continue
            else:
                slot, table = None, None
            before = (meeting.slot, meeting.table)
            if (meeting.slot_id, meeting.table_id) == (getattr(slot, "pk", None), getattr(table, "pk", None)):
                continue
            if before[0] is not None:
                changed.append(_change(meeting, before, (slot, table), announced=event.schedule_published))
            meeting.slot, meeting.table = slot, table
            meeting.save(update_fields=["slot", "table"])
        run = SchedulingRun.objects.create(
            event=event,
            kind=kind,
            status=schedule.status,
            weight=schedule.weight,
            bound=schedule.bound,
            gaps=schedule.gaps,
            placed=len(schedule.assignments),
            unplaced=len(built.meetings) - len(schedule.assignments),
            changed=changed,
            seconds=round(schedule.seconds, 3),
            by=by if getattr(by, "is_authenticated", False) else None,
        )
    return run


def _change(meeting: Meeting, before: tuple, after: tuple, *, announced: bool) -> dict:
    """A changed meeting as the run keeps it: names and places as they read at the time; ``announced``
    when the agendas were already published (the participants were told the former place)."""
    return {
        "meeting": meeting.pk,
        "a": meeting.a_id,
        "b": meeting.b_id,
        "names": meeting_label(meeting),
        "before": placement_label(*before),
        "after": placement_label(*after),
        "announced": announced,
    }


__all__ = [
    "EventInstance",
    "InstanceError",
    "apply_schedule",
    "build_instance",
    "check",
    "meeting_label",
    "placement_label",
    "slot_label",
]
