"""No-shows on the day: each slot a participant's absence frees, with replacement proposals among the
participants free at that time (:func:`.compute.reschedule.replacements`); the organiser accepts one, which
becomes a forced meeting locked at that slot and table."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..compute.instance import InstanceError, Schedule
from ..compute.reschedule import Replacement, replacements
from ..instance_build import EventInstance, build_instance, check
from ..instance_errors import organiser_message
from ..models import Event, Meeting, MeetingStatus, Participant
from ..pages import event_of, page

PROPOSALS = 5


def freed_meetings(event: Event) -> list[Meeting]:
    """Placed meetings with one side absent, in the slots not over yet (every slot before the day)."""
    now = timezone.localtime()
    rows = (
        event.meetings.filter(status=MeetingStatus.ACCEPTED, slot__isnull=False, table__isnull=False)
        .select_related("a", "b", "slot", "table")
        .order_by("slot__start", "table__number")
    )
    found = []
    for meeting in rows:
        if meeting.a.absent == meeting.b.absent:
            continue
        if now.date() > event.date or (now.date() == event.date and meeting.slot.end <= now.time()):
            continue
        found.append(meeting)
    return found


@dataclass
class Proposal:
    participant: Participant
    requested: bool  # they asked each other to meet, and that meeting has no place


@dataclass
class Freed:
    meeting: Meeting
    partner: Participant
    absent: Participant
    proposals: list[Proposal]


def _without_other_absents(built: EventInstance, gone: str) -> Schedule:
    """The current placements as if only ``gone`` were absent: a participant whose own partner is absent
    too is free in that slot, not busy."""
    others = set(built.absent) - {gone}
    meetings = {m.id: m for m in built.instance.meetings}
    kept = [a for a in built.current().assignments if not {meetings[a.meeting].a, meetings[a.meeting].b} & others]
    return Schedule(assignments=kept, weight=0, bound=0.0, gaps=0, status="current")


def proposals(event: Event) -> list[Freed]:
    """Each freed meeting with up to :data:`PROPOSALS` replacements, best first (a pending request with the
    partner, then the least busy): present, available and free then, below their maximum, not already
    meeting the partner nor forbidden to."""
    freed = freed_meetings(event)
    if not freed:
        return []
    built = build_instance(event, include_absent=True)
    found: dict[str, Replacement] = {}
    for gone in {str(m.a_id if m.a.absent else m.b_id) for m in freed}:
        everyone = len(built.instance.participants)
        for item in replacements(built.instance, _without_other_absents(built, gone), gone, limit=everyone):
            found[item.meeting] = item
    people = built.participants
    result = []
    for meeting in freed:
        gone = meeting.a if meeting.a.absent else meeting.b
        partner = meeting.other(gone)
        barred = _barred(event, partner)
        item = found.get(str(meeting.pk))
        candidates = [
            Proposal(people[c.participant], c.requested is not None)
            for c in (item.candidates if item else [])
            if c.participant not in built.absent and int(c.participant) not in barred
        ]
        result.append(Freed(meeting, partner, gone, candidates[:PROPOSALS]))
    return result


def _barred(event: Event, partner: Participant) -> set[int]:
    """Those ``partner`` may not be proposed: a meeting the organiser forbade, or one already placed."""
    rows = event.meetings.filter(models.Q(a=partner) | models.Q(b=partner)).filter(
        models.Q(status=MeetingStatus.FORBIDDEN) | models.Q(status=MeetingStatus.ACCEPTED, slot__isnull=False)
    )
    return {b if a == partner.pk else a for a, b in rows.values_list("a_id", "b_id")}


@permission_required(Action.EDIT)
def noshows(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    return page(request, "noshows.html", {"event": event, "freed": proposals(event), "title": _("No-shows")})


def _replace(event: Event, freed: Freed, candidate: Participant) -> Meeting:
    """The freed meeting loses its place; ``candidate`` meets the partner there, forced and locked."""
    slot, table = freed.meeting.slot, freed.meeting.table
    freed.meeting.slot, freed.meeting.table = None, None
    freed.meeting.save(update_fields=["slot", "table"])
    pair = (
        Meeting.objects.filter(event=event, a=freed.partner, b=candidate).first()
        or Meeting.objects.filter(event=event, a=candidate, b=freed.partner).first()
    )
    if pair is None:
        pair = Meeting(event=event, a=freed.partner, b=candidate, weight=1)
    pair.status, pair.forced, pair.locked, pair.slot, pair.table = MeetingStatus.ACCEPTED, True, True, slot, table
    pair.save()
    return pair


@permission_required(Action.EDIT)
def replace(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST ``meeting`` (a freed one) and ``candidate`` (one of its proposals)."""
    event = event_of(request, pk)
    if request.method != "POST":
        return redirect("events:noshows", slug=slug, pk=event.pk)
    chosen = next((f for f in proposals(event) if str(f.meeting.pk) == request.POST.get("meeting")), None)
    candidate = next(
        (
            p.participant
            for p in (chosen.proposals if chosen else [])
            if str(p.participant.pk) == request.POST.get("candidate")
        ),
        None,
    )
    if chosen is None or candidate is None:
        messages.error(request, _("This replacement is no longer possible: the proposals have changed."))
        return redirect("events:noshows", slug=slug, pk=event.pk)
    try:
        with transaction.atomic():
            pair = _replace(event, chosen, candidate)
            built = build_instance(event)
            try:
                check(built)
            except InstanceError as error:
                messages.error(request, organiser_message(error, built))
                raise
    except InstanceError:
        return redirect("events:noshows", slug=slug, pk=event.pk)
    messages.success(request, _("%(partner)s meets %(candidate)s at %(time)s, %(table)s.") % {
        "partner": chosen.partner.company_name, "candidate": candidate.company_name,
        "time": f"{pair.slot.start:%H:%M}", "table": pair.table,
    })  # fmt: skip
    return redirect("events:noshows", slug=slug, pk=event.pk)
