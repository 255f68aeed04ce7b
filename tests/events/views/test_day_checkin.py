"""Attendance on the day: the organiser marks arrivals (with the time) and absences; an absence frees the
partners' slots (out of the instance, cancelled on the board and on the partners' agendas)."""

import pytest
from django.utils import timezone

from tests.events.views.day_helpers import day_url
from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tindus.events.agenda import agenda_of
from tindus.events.instance_build import build_instance

pytestmark = pytest.mark.django_db


def test_arrival_is_marked_with_the_time(team_client, event):
    person = ParticipantFactory(event=event, company_name="Scierie du Saugeais")
    before = timezone.now()
    response = team_client.post(day_url("checkin_mark", event, person.pk), {"action": "arrived"})
    assert response.status_code == 302 and response["Location"] == day_url("checkin", event)
    person.refresh_from_db()
    assert person.checked_in_at >= before and not person.absent
    page = team_client.get(day_url("checkin", event))
    assert page.context["counts"] == {"arrived": 1, "absent": 0, "expected": 0}
    assert timezone.localtime(person.checked_in_at).strftime("%H:%M") in page.content.decode()


def test_absence_and_undo(team_client, event):
    person = ParticipantFactory(event=event)
    team_client.post(day_url("checkin_mark", event, person.pk), {"action": "arrived"})
    team_client.post(day_url("checkin_mark", event, person.pk), {"action": "absent"})
    person.refresh_from_db()
    assert person.absent and person.checked_in_at is None
    team_client.post(day_url("checkin_mark", event, person.pk), {"action": "reset"})
    person.refresh_from_db()
    assert not person.absent and person.checked_in_at is None


def test_an_unknown_action_or_a_get_changes_nothing(team_client, event):
    person = ParticipantFactory(event=event)
    assert team_client.post(day_url("checkin_mark", event, person.pk), {"action": "delete"}).status_code == 302
    assert team_client.get(day_url("checkin_mark", event, person.pk)).status_code == 302
    person.refresh_from_db()
    assert not person.absent and person.checked_in_at is None


def test_a_participant_of_another_event_is_not_found(team_client, event, haut_doubs):
    stranger = ParticipantFactory(event=EventFactory(territory=haut_doubs))
    assert team_client.post(day_url("checkin_mark", event, stranger.pk), {"action": "absent"}).status_code == 404
    stranger.refresh_from_db()
    assert not stranger.absent


def test_an_absence_frees_the_partners(team_client, event):
    slots = list(event.slots.order_by("start"))
    absent = ParticipantFactory(event=event, company_name="Excusée")
    partner = ParticipantFactory(event=event, company_name="Partenaire")
    meeting = EventMeetingFactory(a=absent, b=partner, slot=slots[1], table=event.tables.first())

    response = team_client.post(day_url("checkin_mark", event, absent.pk), {"action": "absent"})

    assert response["Location"] == day_url("noshows", event)  # to choose a replacement
    assert str(meeting.pk) not in {m.id for m in build_instance(event).instance.meetings}
    [item] = agenda_of(partner)
    assert item.cancelled
    board = team_client.get(day_url("board", event) + "?a=14:30").context["board"]
    assert [p.company_name for p in board.free] == ["Partenaire"]
