"""The events API: the territory's events for its members (none is public on the web, so none without a token),
each event's figures as on its overview, and the events as an iCalendar file."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.api_clients import ApiClient, bearer, problem
from tests.factories import EventFactory, EventMeetingFactory, MembershipFactory, ParticipantFactory
from tindus.accounts.models import Role

pytestmark = pytest.mark.django_db


def url(territory, tail: str = "") -> str:
    return f"/api/v1/territories/{territory.slug}/events{tail}"


def client(user, territory, role: str) -> ApiClient:
    return ApiClient(bearer(user, territory, role))


@pytest.fixture
def events(territory):
    later = EventFactory(territory=territory, title="Rencontres de juin", date=dt.date(2030, 6, 13))
    EventMeetingFactory(a=ParticipantFactory(event=later))
    earlier = EventFactory(territory=territory, title="Atelier énergie", kind="atelier", date=dt.date(2030, 3, 1),
                           afternoon_start=None, afternoon_end=None)  # fmt: skip
    return later, earlier


@pytest.mark.parametrize("role", ["team", "committee", "partner", "company"])
def test_every_member_reads_the_events_as_on_the_events_page(request, territory, events, role):
    api = client(request.getfixturevalue(role), territory, role)
    response = api.get(url(territory))
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert [e["title"] for e in body["results"]] == ["Rencontres de juin", "Atelier énergie"]
    assert body["results"][0]["participants"] == 2 and body["results"][0]["starts_at"] == "14:00:00"
    assert body["results"][0]["source"]["vintage"] == "2030-06-13"


def test_events_are_filtered_by_date_and_kind(team, territory, events):
    api = client(team, territory, "team")
    assert [e["title"] for e in api.get(url(territory), {"date_from": "2030-04-01"}).json()["results"]] == [
        "Rencontres de juin"
    ]
    assert [e["title"] for e in api.get(url(territory), {"kind": "atelier"}).json()["results"]] == ["Atelier énergie"]


def test_no_event_is_read_without_a_token(territory, events):
    for tail in ("", f"/{events[0].pk}", ".ics"):
        assert problem(ApiClient().get(url(territory, tail)))["status"] == 401


def test_an_event_carries_the_figures_of_its_overview(team, territory, events):
    body = client(team, territory, "team").get(url(territory, f"/{events[0].pk}")).json()
    assert body["figures"]["participants"] == 2 and body["figures"]["accepted"] == 1
    assert body["figures"]["tables"] == 4 and body["figures"]["slots"] == events[0].slots.count()


def test_another_territorys_event_is_not_found(team, territory, auxois):
    theirs = EventFactory(territory=auxois)
    assert problem(client(team, territory, "team").get(url(territory, f"/{theirs.pk}")))["status"] == 404
    outsider = MembershipFactory(territory=auxois, role=Role.TEAM).user
    assert problem(client(outsider, auxois, "team").get(url(territory)))["status"] == 403


def test_the_calendar_has_one_event_each_at_local_time(team, territory, events):
    response = client(team, territory, "team").get(url(territory, ".ics"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    entries = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    june = entries["Rencontres de juin"]
    assert june["dtstart"].dt == dt.datetime(2030, 6, 13, 14, tzinfo=ZoneInfo("Europe/Paris"))
    assert str(june["uid"]) == f"tindus-event-{events[0].pk}@{territory.slug}.tindus"
    assert entries["Atelier énergie"]["dtstart"].dt == dt.date(2030, 3, 1)  # no hours: a whole day
    again = client(team, territory, "team").get(url(territory, ".ics"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    again = client(team, territory, "team").get(url(territory, ".ics"))
    assert [str(e["uid"]) for e in icalendar.Calendar.from_ical(again.content).walk("VEVENT")] == [
        str(e["uid"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    ]
