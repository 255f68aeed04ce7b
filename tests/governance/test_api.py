"""The governance's API: public instances and committee days for anybody, everything for the team and the
committee (as the governance pages), decisions never public; the meetings as an iCalendar file."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from tests.api_clients import problem
from tests.conftest import signed_in
from tests.factories import InstanceFactory, InstanceMemberFactory, MeetingFactory, ProjectFactory
from tindus.governance.models import Decision

pytestmark = pytest.mark.django_db


def url(territory, tail: str) -> str:
    return f"/api/v1/territories/{territory.slug}/governance{tail}"


@pytest.fixture
def governance(territory):
    committee = InstanceFactory(territory=territory, kind="project", name="Comité API", is_public=True)
    InstanceMemberFactory(instance=committee, organisation="Région", person="Mme Élue", role="region")
    group = InstanceFactory(territory=territory, kind="group", name="Groupe API", is_public=True)
    InstanceMemberFactory(instance=group, organisation="CCI", person="M. Privé", role="chamber")
    hidden = InstanceFactory(territory=territory, kind="project", name="Comité caché", is_public=False)
    open_meeting = MeetingFactory(instance=committee, date=dt.date(2026, 3, 1), time=dt.time(14, 30),
                                  place="Salle du conseil, Semur", agenda="Budget\nProjets")  # fmt: skip
    group_meeting = MeetingFactory(instance=group, date=dt.date(2026, 3, 5), place="Atelier")
    hidden_meeting = MeetingFactory(instance=hidden, date=dt.date(2026, 3, 9), place="Secret")
    project = ProjectFactory(territory=territory, title="Projet décidé")
    decision = Decision.objects.create(meeting=open_meeting, text="Le comité valide le projet", project=project)
    return {"committee": committee, "group": group, "hidden": hidden, "open": open_meeting,
            "group_meeting": group_meeting, "hidden_meeting": hidden_meeting, "decision": decision}  # fmt: skip


def names(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {item["name"] for item in response.json()}


def test_the_public_sees_the_public_instances_as_the_public_site_shows_them(anonymous_api, territory, governance):
    response = anonymous_api.get(url(territory, "/instances"))
    assert {"Comité API", "Groupe API"} <= names(response) and "Comité caché" not in names(response)
    by_name = {item["name"]: item for item in response.json()}
    assert by_name["Comité API"]["members"][0]["person"] == "Mme Élue"
    assert by_name["Groupe API"]["members"] == [
        {"organisation": "CCI", "person": None, "role": None, "role_label": None}
    ]
    assert problem(anonymous_api.get(url(territory, f"/instances/{governance['hidden'].pk}")))["status"] == 404
    assert response["ETag"]


@pytest.mark.parametrize("role", ["team", "committee"])
def test_governance_readers_see_every_instance_and_meeting(request, territory, governance, role):
    api = request.getfixturevalue(f"{role}_api")
    assert "Comité caché" in names(api.get(url(territory, "/instances")))
    meetings = api.get(url(territory, "/meetings"), {"page_size": 500}).json()["results"]
    places = {m["place"] for m in meetings}
    assert {"Salle du conseil, Semur", "Atelier", "Secret"} <= places
    found = api.get(url(territory, f"/meetings/{governance['open'].pk}")).json()
    assert found["agenda"] == ["Budget", "Projets"] and found["decision_count"] == 1


def test_the_public_sees_only_the_days_of_public_committees(anonymous_api, partner_api, territory, governance):
    for api in (anonymous_api, partner_api):
        meetings = api.get(url(territory, "/meetings"), {"page_size": 500}).json()["results"]
        ids = {m["id"] for m in meetings}
        assert governance["open"].pk in ids
        assert not {governance["group_meeting"].pk, governance["hidden_meeting"].pk} & ids
        assert all(set(m) == {"id", "date", "instance"} for m in meetings)
        assert problem(api.get(url(territory, f"/meetings/{governance['hidden_meeting'].pk}")))["status"] == 404


def test_meetings_filter_by_instance_and_dates(team_api, anonymous_api, territory, haut_doubs, governance):
    response = team_api.get(url(territory, "/meetings"), {"instance": governance["group"].pk})
    assert [m["id"] for m in response.json()["results"]] == [governance["group_meeting"].pk]
    response = team_api.get(url(territory, "/meetings"), {"date_from": "2026-03-02", "date_to": "2026-03-06"})
    assert [m["id"] for m in response.json()["results"]] == [governance["group_meeting"].pk]
    other = InstanceFactory(territory=haut_doubs)
    assert problem(team_api.get(url(territory, "/meetings"), {"instance": other.pk}))["status"] == 404
    assert (
        problem(anonymous_api.get(url(territory, "/meetings"), {"instance": governance["hidden"].pk}))["status"] == 404
    )


def test_decisions_are_for_the_governance_readers_only(
    anonymous_api, partner_api, committee_api, territory, governance
):
    assert problem(anonymous_api.get(url(territory, "/decisions")))["status"] == 401
    assert problem(partner_api.get(url(territory, "/decisions")))["status"] == 403
    body = committee_api.get(url(territory, "/decisions"), {"meeting": governance["open"].pk}).json()
    assert [d["text"] for d in body["results"]] == ["Le comité valide le projet"]
    assert body["results"][0]["project_title"] == "Projet décidé"


def test_another_territorys_ids_are_404s(team_api, territory, haut_doubs, governance):
    other_meeting = MeetingFactory(instance=InstanceFactory(territory=haut_doubs))
    assert problem(team_api.get(url(territory, f"/meetings/{other_meeting.pk}")))["status"] == 404
    assert problem(team_api.get(url(territory, f"/instances/{other_meeting.instance.pk}")))["status"] == 404
    assert problem(team_api.get(url(territory, "/decisions"), {"meeting": other_meeting.pk}))["status"] == 404
    other_project = ProjectFactory(territory=haut_doubs)
    assert problem(team_api.get(url(territory, "/decisions"), {"project": other_project.pk}))["status"] == 404


def events_of(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_ics_of_the_team_holds_every_meeting_at_its_local_time(team_api, territory, governance):
    events = events_of(team_api.get(url(territory, "/meetings.ics")))
    by_place = {str(e.get("location", "")): e for e in events.values()}
    assert {"Salle du conseil, Semur", "Atelier", "Secret"} <= set(by_place)
    start = by_place["Salle du conseil, Semur"].decoded("dtstart")
    assert start.replace(tzinfo=None) == dt.datetime(2026, 3, 1, 14, 30) and str(start.tzinfo) == "Europe/Paris"
    assert "Budget" in str(by_place["Salle du conseil, Semur"]["description"])
    assert all(uid.endswith(f"@{territory.slug}.tindus") for uid in events)


def test_the_public_ics_holds_only_the_days_of_public_committees(anonymous_api, territory, governance):
    events = events_of(anonymous_api.get(url(territory, "/meetings.ics")))
    uids = "".join(events)
    assert f"meeting-{governance['open'].pk}@" in uids
    assert f"meeting-{governance['hidden_meeting'].pk}@" not in uids
    assert f"meeting-{governance['group_meeting'].pk}@" not in uids
    event = next(e for uid, e in events.items() if f"meeting-{governance['open'].pk}@" in uid)
    assert event.decoded("dtstart") == dt.date(2026, 3, 1) and "location" not in event


def test_the_governance_page_links_its_calendar(team, partner, territory, governance):
    page = signed_in(team).get(f"/territoires/{territory.slug}/gouvernance/")
    assert page.status_code == 200
    link = f"/territoires/{territory.slug}/gouvernance/seances.ics"
    assert link.encode() in page.content
    download = signed_in(team).get(link)
    assert "Secret" in download.content.decode()
    assert signed_in(partner).get(link).status_code == 403
