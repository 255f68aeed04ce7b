"""The organiser's event form: the day's slots and tables, and what it refuses."""

import datetime

import pytest

from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tindus.events.forms_event import EventForm

pytestmark = pytest.mark.django_db


def data(**changes):
    values = {
        "kind": "rdv_affaires", "title": "Rencontres", "date": "2030-06-13", "place": "Morteau",
        "afternoon_start": "14:00", "afternoon_end": "17:00", "slot_minutes": "20", "break_minutes": "5",
        "request_expiry_days": "5", "min_meetings": "0", "table_count": "6",
    }  # fmt: skip
    values.update(changes)
    return values


def test_slots_and_tables_are_made_from_the_day(haut_doubs):
    form = EventForm(data(morning_start="09:00", morning_end="10:00", table_names="Courbet\nPasteur",
                          reserved_tables="2, 5-6"), territory=haut_doubs)  # fmt: skip
    assert form.is_valid(), form.errors
    event = form.save()
    starts = [s.start.strftime("%H:%M") for s in event.slots.all()]
    # 09:00, 09:25 (09:50 would end at 10:10); 14:00 … 16:30 every 25 minutes (16:40 ends after 17:00)
    assert starts == ["09:00", "09:25", "14:00", "14:25", "14:50", "15:15", "15:40", "16:05", "16:30"]
    assert [s.half_day for s in event.slots.all()][:3] == ["morning", "morning", "afternoon"]
    tables = list(event.tables.all())
    assert [t.number for t in tables] == [1, 2, 3, 4, 5, 6]
    assert [t.name for t in tables][:3] == ["Courbet", "Pasteur", ""]
    assert [t.number for t in tables if t.reserved] == [2, 5, 6]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"afternoon_end": "13:00"}, "afternoon_end"),
        ({"morning_start": "09:00"}, "morning_end"),  # a morning without its end, said at the missing field
        ({"afternoon_start": "", "afternoon_end": ""}, "morning_start"),  # no half-day at all
        ({"afternoon_end": "14:10"}, "morning_start"),  # too short for one 20-minute meeting
        ({"reserved_tables": "2, 9"}, "reserved_tables"),  # only 6 tables
        ({"reserved_tables": "deux"}, "reserved_tables"),
        ({"table_count": "0"}, "table_count"),
        ({"registration_deadline": "2030-07-01"}, "registration_deadline"),
        ({"booking_opens": "2030-06-01T10:00", "booking_closes": "2030-05-01T10:00"}, "booking_closes"),
        ({"table_names": "a\nb\nc\nd\ne\nf\ng"}, "table_names"),
    ],
)
def test_bad_days_are_refused_at_the_field(haut_doubs, changes, field):
    form = EventForm(data(**changes), territory=haut_doubs)
    assert not form.is_valid()
    assert field in form.errors, form.errors


def test_changing_the_slots_keeps_availability_and_opens_new_slots(haut_doubs):
    event = EventFactory(territory=haut_doubs)  # 14:00–16:00: 5 slots, the last at 15:40
    first = list(event.slots.all())
    participant = ParticipantFactory(event=event, available=first[:2])
    form = EventForm(data(afternoon_end="16:30", table_count="4"), instance=event, territory=haut_doubs)
    assert form.is_valid(), form.errors
    form.save()
    slots = list(event.slots.all())
    assert len(slots) == 6  # and 16:05
    assert [s.pk for s in slots[:5]] == [s.pk for s in first]  # the same rows: availability kept
    assert set(participant.available_slots.all()) == {first[0], first[1], slots[5]}


def test_slots_cannot_change_once_meetings_are_placed(haut_doubs):
    event = EventFactory(territory=haut_doubs)
    meeting = EventMeetingFactory(a=ParticipantFactory(event=event))
    meeting.slot, meeting.table = event.slots.first(), event.tables.get(number=3)
    meeting.save()
    form = EventForm(data(afternoon_end="16:30", table_count="4"), instance=event, territory=haut_doubs)
    assert not form.is_valid() and "slot_minutes" in form.errors
    form = EventForm(data(afternoon_end="16:00", table_count="2"), instance=event, territory=haut_doubs)
    assert not form.is_valid() and "table_count" in form.errors
    form = EventForm(
        data(afternoon_end="16:00", table_count="3", title="Renamed"), instance=event, territory=haut_doubs
    )
    assert form.is_valid(), form.errors


def test_the_team_creates_an_event_and_others_read_it(haut_doubs):
    from django.urls import reverse

    from tests.conftest import signed_in
    from tests.factories import MembershipFactory

    team = signed_in(MembershipFactory(territory=haut_doubs, role="team").user)
    response = team.post(reverse("events:event_create", args=[haut_doubs.slug]), data(title="Rencontres du Haut-Doubs"))
    assert response.status_code == 302
    page = team.get(response["Location"])
    assert "Rencontres du Haut-Doubs" in page.content.decode()
    partner = signed_in(MembershipFactory(territory=haut_doubs, role="partner").user)
    listing = partner.get(reverse("events:events", args=[haut_doubs.slug])).content.decode()
    assert "Rencontres du Haut-Doubs" in listing
    bad = team.post(reverse("events:event_create", args=[haut_doubs.slug]), data(afternoon_end="13:00"))
    assert bad.status_code == 400
    assert haut_doubs.events.count() == 1
    assert datetime.date(2030, 6, 13) == haut_doubs.events.get().date
