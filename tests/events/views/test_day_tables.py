"""The organiser's table plan (page and PDF) and the live board at a given time."""

import datetime

import pytest
from django.utils import timezone

from tests.events.views.day_helpers import day_url
from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tindus.events.views.day_tables import board_at, plan_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(haut_doubs):
    """Slots 14:00, 14:25, 14:50, 15:15, 15:40; four tables, the fourth reserved; three meetings at 14:25."""
    event = EventFactory(territory=haut_doubs)
    event.tables.filter(number=4).update(reserved=True)
    slots = list(event.slots.order_by("start"))
    names = ["Scierie", "Décolletage", "Horlogerie", "Fromagerie", "Tôlerie", "Plasturgie"]
    people = {name: ParticipantFactory(event=event, company_name=name) for name in names}
    people["Usinage"] = ParticipantFactory(event=event, company_name="Usinage", available=slots[2:])
    people["Transports"] = ParticipantFactory(event=event, company_name="Transports")
    table = {t.number: t for t in event.tables.all()}
    EventMeetingFactory(a=people["Scierie"], b=people["Décolletage"], slot=slots[1], table=table[1])
    EventMeetingFactory(a=people["Horlogerie"], b=people["Fromagerie"], slot=slots[1], table=table[3])
    EventMeetingFactory(a=people["Tôlerie"], b=people["Plasturgie"], slot=slots[2], table=table[1])
    EventMeetingFactory(a=people["Transports"], b=people["Scierie"])  # not placed
    return event


def test_the_table_plan_lists_each_slot_and_table(team_client, event):
    rows = plan_rows(event)
    assert [slot.start.strftime("%H:%M") for slot, _cells in rows] == ["14:00", "14:25", "14:50", "15:15", "15:40"]
    second = rows[1][1]
    assert [c.table.number for c in second] == [1, 2, 3, 4]
    assert [(c.meeting.a.company_name, c.meeting.b.company_name) if c.meeting else None for c in second] == [
        ("Scierie", "Décolletage"), None, ("Horlogerie", "Fromagerie"), None,
    ]  # fmt: skip
    page = team_client.get(day_url("table_plan", event))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("Tôlerie") == 1 and "Plasturgie" in text
    pdf = team_client.get(day_url("table_plan_pdf", event))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_board_at_a_time_of_the_day(event):
    at = timezone.make_aware(datetime.datetime.combine(event.date, datetime.time(14, 30)))
    board = board_at(event, at)
    assert board.point.state == "running" and board.point.slot.start == datetime.time(14, 25)
    now = {c.table.number: (c.meeting.a.company_name, c.meeting.b.company_name) for c in board.cells if c.meeting}
    assert now == {1: ("Scierie", "Décolletage"), 3: ("Horlogerie", "Fromagerie")}
    assert [p.company_name for p in board.free] == ["Plasturgie", "Transports", "Tôlerie"]
    assert [p.company_name for p in board.elsewhere] == ["Usinage"]  # not available before 14:50


def test_the_board_page_takes_a_time_and_shows_absences(team_client, event):
    absent = event.participants.get(company_name="Horlogerie")
    absent.absent = True
    absent.save()
    response = team_client.get(day_url("board", event) + "?a=14:30")
    assert response.status_code == 200
    board = response.context["board"]
    assert [p.company_name for p in board.absent] == ["Horlogerie"]
    assert "Fromagerie" in [p.company_name for p in board.free]  # their partner is free now
    text = response.content.decode()
    assert 'href="?a=14:30"' in text  # the refresh link keeps the time asked
    later = team_client.get(day_url("board", event) + "?a=15:00").context["board"]
    assert later.point.slot.start == datetime.time(14, 50)
    bad = team_client.get(day_url("board", event) + "?a=quatorze")
    assert bad.status_code == 200 and bad.context["bad_time"]


def test_the_board_by_the_clock_before_the_day(team_client, event):
    board = team_client.get(day_url("board", event)).context["board"]  # the event is in 2030
    assert board.point.state == "before" and board.point.slot.start == datetime.time(14)
