"""A participant's agenda: their placed meetings in time order, with the partner, and what a re-schedule
changed in it after the agendas were announced."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from .models import Meeting, MeetingStatus, Participant, SchedulingRun, Table, TimeSlot


@dataclass
class AgendaItem:
    meeting: Meeting
    slot: TimeSlot
    table: Table
    partner: Participant
    cancelled: bool  # one side is marked absent: the meeting will not take place
    changes: list[dict] = field(default_factory=list)  # moves of this meeting announced to the participant


def announced_changes(participant: Participant) -> list[dict]:
    """The changes to ``participant``'s meetings made by runs after the agendas were published, oldest
    first: each a run's entry (names, before, after) with the run's date as ``at``."""
    found = []
    runs = participant.event.runs.order_by("at", "pk")
    for run in runs:
        for entry in run.changed:
            if entry.get("announced") and participant.pk in (entry.get("a"), entry.get("b")):
                found.append({**entry, "at": run.at, "kind": run.kind})
    return found


def agenda_of(participant: Participant) -> list[AgendaItem]:
    """``participant``'s placed meetings (neither forbidden nor cancelled), by slot."""
    rows = (
        Meeting.objects.filter(Q(a=participant) | Q(b=participant), status=MeetingStatus.ACCEPTED)
        .filter(slot__isnull=False, table__isnull=False)
        .select_related("a", "b", "slot", "table")
        .order_by("slot__start", "pk")
    )
    changes: dict[int, list[dict]] = defaultdict(list)
    for entry in announced_changes(participant):
        changes[entry["meeting"]].append(entry)
    items = []
    for meeting in rows:
        partner = meeting.other(participant)
        items.append(
            AgendaItem(
                meeting=meeting, slot=meeting.slot, table=meeting.table, partner=partner,
                cancelled=partner.absent or participant.absent, changes=changes.get(meeting.pk, []),
            )
        )  # fmt: skip
    return items


def last_run(event_id: int) -> SchedulingRun | None:
    return SchedulingRun.objects.filter(event_id=event_id).order_by("-at", "-pk").first()
