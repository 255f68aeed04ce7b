"""What each side of a meeting says of it afterwards, and what the territory learns from it.

One feedback per side and meeting (editable). « Did not take place » marks the meeting as not held, any
other outcome as held: a meeting one side says took place did take place, so it is « not held » only while
every side that answered says so. « Cooperation possible » and « synergy identified » feed the synergies
pipeline: one opportunity per pair of companies of the event (its signature names the event and both
SIRETs), created at « contact établi » or « en étude », advanced by later feedback but never moved back,
each step logged in the pipeline's history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from tindus.synergies import opportunities
from tindus.synergies.models import OPEN_STATUSES, Category, Kind, Opportunity, Status

from .models import Feedback, Meeting, MeetingStatus, Outcome, Participant

# What each outcome asks of the pipeline: the status the pair's opportunity reaches at least.
PIPELINE_STATUS = {Outcome.COOPERATION: Status.CONTACT, Outcome.SYNERGY: Status.STUDY}
# The pipeline's order, to advance an opportunity without ever moving it back.
PIPELINE_ORDER = [Status.DETECTED, Status.PROPOSED, Status.CONTACT, Status.STUDY, Status.IMPLEMENTED]


def meeting_end(meeting: Meeting) -> dt.datetime | None:
    """When the meeting's slot ends, in the event's (the server's) time zone; None if it is not placed."""
    if meeting.slot is None:
        return None
    return timezone.make_aware(dt.datetime.combine(meeting.event.date, meeting.slot.end))


def feedback_open(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Feedback is given on a placed meeting once its slot is over (so on every one after the event)."""
    end = meeting_end(meeting)
    if meeting.status != MeetingStatus.ACCEPTED or end is None:
        return False
    return (now or timezone.now()) >= end


def sides(meeting: Meeting) -> list[Participant]:
    return [meeting.a, meeting.b]


def signature(meeting: Meeting) -> str:
    """The pair's opportunity, the same whichever side asked and however often the meeting is recorded."""
    first, second = sorted((meeting.a.siret, meeting.b.siret))
    return f"meeting:{meeting.event_id}:{first}:{second}"


def _held(meeting: Meeting) -> bool | None:
    outcomes = list(Feedback.objects.filter(meeting=meeting).values_list("outcome", flat=True))  # not a cache
    if not outcomes:
        return None
    return any(outcome != Outcome.NOT_HELD for outcome in outcomes)


@transaction.atomic
def record(
    meeting: Meeting,
    participant: Participant,
    outcome: str,
    user: Any,
    *,
    category: str = "",
    note: str = "",
) -> Feedback:
    """Record (or replace) ``participant``'s feedback on ``meeting`` and what follows from it."""
    if participant.pk not in (meeting.a_id, meeting.b_id):
        raise ValueError("the participant is not a side of this meeting")
    category = category if outcome == Outcome.SYNERGY else ""
    feedback, _created = Feedback.objects.update_or_create(
        meeting=meeting, participant=participant,
        defaults={"outcome": outcome, "synergy_category": category, "note": note},
    )  # fmt: skip
    held = _held(meeting)
    if meeting.held != held:
        meeting.held = held
        meeting.save(update_fields=["held"])
    if outcome in PIPELINE_STATUS:
        feedback.opportunity = follow(meeting, participant, outcome, category, user)
        feedback.save(update_fields=["opportunity"])
    return feedback


def follow(meeting: Meeting, participant: Participant, outcome: str, category: str, user: Any) -> Opportunity:
    """Create the pair's opportunity at the status ``outcome`` asks for, or advance it there if it is open
    and behind; a closed one (implemented, dropped) or one further on is left as it is. An opportunity born
    from a synthetic event or meeting is synthetic too."""
    target = PIPELINE_STATUS[outcome]
    event = meeting.event
    with translation.override("fr"):  # what is stored is read in French by the whole territory
        note = _note(meeting, participant, outcome, category)
        opportunity = Opportunity.objects.filter(territory=event.territory, signature=signature(meeting)).first()
        if opportunity is None:
            opportunity = Opportunity.objects.create(
                territory=event.territory, signature=signature(meeting), kind=Kind.MEETING, status=target,
                title=_title(meeting), category=category or Category.SERVICES, explanation=_explanation(meeting),
                companies=[_company(meeting.a), _company(meeting.b)],
                synthetic=event.synthetic or meeting.synthetic,
            )  # fmt: skip
            opportunities.move(opportunity, target, user, note=note)
            return opportunity
    if category and opportunity.category == Category.SERVICES and category != Category.SERVICES:
        opportunity.category = category  # a synergy named later says better what the pair is about
        opportunity.save(update_fields=["category", "updated_at"])
    if opportunity.status in OPEN_STATUSES and PIPELINE_ORDER.index(opportunity.status) < PIPELINE_ORDER.index(target):
        opportunities.move(opportunity, target, user, note=note)
    return opportunity


def _company(participant: Participant) -> dict[str, Any]:
    # Both met face to face at the event: neither is anonymous to the other.
    return {"siret": participant.siret, "name": participant.company_name, "role": "member", "anonymous": False}


def _when(meeting: Meeting) -> str:
    return f"{meeting.event.date:%d/%m/%Y}" + (f" à {meeting.slot.start:%H:%M}" if meeting.slot else "")


def _title(meeting: Meeting) -> str:
    return f"Rencontre {meeting.a.company_name} – {meeting.b.company_name} ({meeting.event.title})"[:300]


def _explanation(meeting: Meeting) -> str:
    event = meeting.event
    where = f"{event.place}, {meeting.table}" if meeting.table else event.place
    return (
        f"Rendez-vous d'affaires du {_when(meeting)} ({where}) lors de « {event.title} », demandé par "
        f"{meeting.a.company_name} et accepté par {meeting.b.company_name}. Suite donnée d'après les retours "
        "des participants après la rencontre."
    )


def _note(meeting: Meeting, participant: Participant, outcome: str, category: str) -> str:
    said = str(Outcome(outcome).label)
    if category:
        said += f" ({Category(category).label})"
    return f"Retour de {participant.company_name} après « {meeting.event.title} » : {said}"[:500]
