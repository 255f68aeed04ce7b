"""The events' part of the access matrix (tests/accounts/test_access.py): who may open each URL, and one
object of each kind so that every URL can be built. Written by hand: it is the specification."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tindus.events.models import Event, Meeting, MeetingRequest, Participant, Table, TimeSlot

MEMBERS = {"team", "committee", "partner", "company", "admin"}
READERS = {"team", "committee", "admin"}
DECLARERS = {"team", "company", "admin"}
EDITORS = {"team", "admin"}

EVENTS_URLS = {
    "events:events": MEMBERS,
    "events:event": MEMBERS,
    "events:event_create": EDITORS,
    "events:event_edit": EDITORS,
    # after the event: each side's feedback (the company for its own side), the committee's statistics
    "events:feedback_list": DECLARERS,
    "events:feedback": DECLARERS,
    "events:statistics": READERS,
    "events:statistics_export": READERS,
    # the day: the organiser schedules, publishes, prints the table plan, runs the check-in and the board;
    # each company reads its own agenda once published (a GET on an action URL goes back to its page)
    "events:schedule": EDITORS,
    "events:publish": EDITORS,
    "events:reschedule": EDITORS,
    "events:agenda": DECLARERS,
    "events:agenda_pdf": DECLARERS,
    "events:agenda_ics": DECLARERS,
    "events:table_plan": EDITORS,
    "events:table_plan_pdf": EDITORS,
    "events:board": EDITORS,
    "events:checkin": EDITORS,
    "events:checkin_mark": EDITORS,
    "events:noshows": EDITORS,
    "events:noshow_replace": EDITORS,
    # registrations and requests: a company registers and acts for its own establishment (object check in the
    # view), the team for any; the import, its template and the organiser's meetings page are the team's
    "events:register": DECLARERS,
    "events:participants": DECLARERS,
    "events:registration_edit": DECLARERS,
    "events:registration_withdraw": DECLARERS,
    "events:registration_import": EDITORS,
    "events:registration_template": EDITORS,
    "events:my_meetings": DECLARERS,
    "events:request_create": DECLARERS,
    "events:request_answer": DECLARERS,
    "events:request_withdraw": DECLARERS,
    "events:suggestions": DECLARERS,
    "events:suggestion_request": DECLARERS,
    "events:meetings": EDITORS,
    "events:meeting_add": EDITORS,
    "events:pair_forbid": EDITORS,
    "events:meeting_action": EDITORS,
}


def event_objects(territory, declaring_siret: str) -> dict[str, dict]:
    """An event of ``territory`` where the company representative's establishment is registered, with a
    second participant; returns the URL arguments of each events URL that needs more than the territory."""
    event = Event.objects.create(
        territory=territory, title="Rencontres", date=datetime.date(2030, 6, 1), place="Morteau",
        afternoon_start=datetime.time(14), afternoon_end=datetime.time(16),
    )  # fmt: skip
    own = Participant.objects.create(event=event, siret=declaring_siret, company_name="Scierie", person_name="A")
    other = Participant.objects.create(event=event, siret="35600000000048", company_name="Panneaux", person_name="B")
    slot, _new = TimeSlot.objects.get_or_create(
        event=event, start=datetime.time(14), defaults={"end": datetime.time(14, 20), "half_day": "afternoon"}
    )
    table, _new = Table.objects.get_or_create(event=event, number=1)
    placed = Meeting.objects.create(event=event, a=own, b=other, slot=slot, table=table)  # a side: the company's
    Event.objects.filter(pk=event.pk).update(schedule_published=True)  # the company reads its own agenda
    agenda = {"pk": event.pk, "participant": own.pk}
    expires = timezone.now() + datetime.timedelta(days=5)
    received = MeetingRequest.objects.create(event=event, sender=other, recipient=own, expires_at=expires)
    sent = MeetingRequest.objects.create(
        event=event, sender=own, recipient=other, expires_at=expires, status="declined"
    )
    mine = {"pk": event.pk, "participant": own.pk}
    return {
        "events:register": {"pk": event.pk},
        "events:participants": {"pk": event.pk},
        "events:registration_edit": mine,
        "events:registration_withdraw": mine,
        "events:registration_import": {"pk": event.pk},
        "events:registration_template": {"pk": event.pk, "fmt": "xlsx"},
        "events:my_meetings": mine,
        "events:request_create": {**mine, "other": other.pk},
        "events:request_answer": {"pk": event.pk, "request_pk": received.pk},
        "events:request_withdraw": {"pk": event.pk, "request_pk": sent.pk},
        "events:suggestions": mine,
        "events:suggestion_request": {**mine, "other": other.pk},
        "events:meetings": {"pk": event.pk},
        "events:meeting_add": {"pk": event.pk},
        "events:pair_forbid": {"pk": event.pk},
        "events:meeting_action": {"pk": event.pk, "meeting": placed.pk, "action": "verrouiller"},
        "events:event": {"pk": event.pk},
        "events:event_edit": {"pk": event.pk},
        "events:feedback_list": {"pk": event.pk},
        "events:feedback": {"pk": event.pk, "meeting": placed.pk, "participant": placed.a_id},
        "events:statistics": {"pk": event.pk},
        "events:statistics_export": {"pk": event.pk},
        "events:schedule": {"pk": event.pk},
        "events:publish": {"pk": event.pk},
        "events:reschedule": {"pk": event.pk},
        "events:agenda": agenda,
        "events:agenda_pdf": agenda,
        "events:agenda_ics": agenda,
        "events:table_plan": {"pk": event.pk},
        "events:table_plan_pdf": {"pk": event.pk},
        "events:board": {"pk": event.pk},
        "events:checkin": {"pk": event.pk},
        "events:checkin_mark": {"pk": event.pk, "participant": agenda["participant"]},
        "events:noshows": {"pk": event.pk},
        "events:noshow_replace": {"pk": event.pk},
    }
