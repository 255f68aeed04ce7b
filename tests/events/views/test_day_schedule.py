"""Scheduling from the web: the organiser starts a background job, which places the meetings, checks the
schedule with the independent validator before saving it, and records the run; a bad event is refused
with a French message naming what conflicts, and nothing is saved."""

import pytest
from django.utils.translation import gettext as _

from tests.events.views.day_helpers import day_url, event_with_requests
from tests.factories import EventMeetingFactory, ParticipantFactory
from tests.jobs.inprocess import run_job, run_queue
from tindus.events.compute.validate import problems
from tindus.events.instance_build import build_instance
from tindus.events.models import SchedulingRun
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_a_scheduling_job_places_the_meetings_with_a_valid_schedule(team_client, team, saved):
    event, _people = event_with_requests(team.memberships.first().territory)
    page = team_client.get(day_url("schedule", event))
    assert page.status_code == 200 and page.context["figures"] is None  # never run

    job = run_job(team_client.post(day_url("schedule", event), {"run-time_limit": "5"}))

    assert job.status == Job.Status.SUCCEEDED, (job.error, job.error_details)
    assert job.result_url == day_url("schedule", event)
    assert len(saved) == 1
    instance, schedule = saved[0]
    assert problems(instance, schedule) == []
    run = SchedulingRun.objects.get(event=event)
    assert (run.kind, run.by) == (SchedulingRun.Kind.FULL, team)
    placed = event.meetings.filter(slot__isnull=False, table__isnull=False)
    assert run.placed == placed.count() == len(schedule.assignments)
    assert run.placed + run.unplaced == event.meetings.count()
    assert run.placed >= 10  # 12 requests among 8 companies, 5 slots of 4 tables: nearly all fit
    assert run.weight <= run.bound
    # What the rows hold now is the schedule the validator passed.
    assert problems(build_instance(event).instance, build_instance(event).current()) == []
    page = team_client.get(day_url("schedule", event)).content.decode()
    assert f"{run.placed}</span>" in page
    assert ("optimal" in page) == (run.status == "optimal")


def test_the_time_limit_is_bounded(team_client, team):
    event, _people = event_with_requests(team.memberships.first().territory)
    for value in ("0", "121", "trente"):
        response = team_client.post(day_url("schedule", event), {"run-time_limit": value})
        assert response.status_code == 400, value
        assert "run-time_limit" in response.content.decode()
    assert not Job.objects.exists()


def test_a_bad_event_is_refused_in_french_naming_what_conflicts(team_client, team):
    event, people = event_with_requests(team.memberships.first().territory)
    slots = list(event.slots.order_by("start"))
    people[1].available_slots.set(slots[:2])  # Décolletage de Morteau: only 14:00 and 14:25
    locked = EventMeetingFactory(a=people[1], b=people[7], locked=True, slot=slots[2], table=event.tables.first())

    response = team_client.post(day_url("schedule", event), {"run-time_limit": "5"})

    assert response.status_code == 400
    [message] = response.context["form"].non_field_errors()
    assert "« Décolletage de Morteau – Transports Pourchet »" in message and "« 14:50 »" in message
    assert message in response.content.decode()
    assert not Job.objects.exists() and not SchedulingRun.objects.exists()
    locked.refresh_from_db()
    assert locked.slot == slots[2]
    assert not event.meetings.exclude(pk=locked.pk).filter(slot__isnull=False).exists()


def test_a_job_refuses_an_event_that_changed_after_it_started(team_client, team):
    event, people = event_with_requests(team.memberships.first().territory)
    response = team_client.post(day_url("schedule", event), {"run-time_limit": "5"})
    slots = list(event.slots.order_by("start"))
    people[1].available_slots.set(slots[:2])
    EventMeetingFactory(a=people[1], b=people[7], locked=True, slot=slots[2], table=event.tables.first())

    run_queue()

    job = Job.objects.get(pk=Job.objects.get().pk)
    assert response.status_code == 302
    assert job.status == Job.Status.FAILED
    assert "Décolletage de Morteau" in job.error and "14:50" in job.error
    assert not SchedulingRun.objects.exists()
    assert event.meetings.filter(slot__isnull=False).count() == 1  # only the locked one, as it was


def test_publishing_the_agendas(team_client, team):
    event, _people = event_with_requests(team.memberships.first().territory)
    assert team_client.post(day_url("publish", event), {"published": "1"}).status_code == 302
    event.refresh_from_db()
    assert event.schedule_published
    team_client.post(day_url("publish", event), {"published": "0"})
    event.refresh_from_db()
    assert not event.schedule_published


def test_the_meetings_not_placed_say_why(team_client, team):
    event, people = event_with_requests(team.memberships.first().territory)
    slots = list(event.slots.order_by("start"))
    late = ParticipantFactory(event=event, company_name="Arrivée tardive", available=slots[:1])
    early = ParticipantFactory(event=event, company_name="Départ matinal", available=slots[4:])
    EventMeetingFactory(a=late, b=early)
    absent = ParticipantFactory(event=event, company_name="Excusée", absent=True)
    EventMeetingFactory(a=absent, b=people[2])

    text = team_client.get(day_url("schedule", event)).content.decode()

    assert "Arrivée tardive – Départ matinal" in text
    assert "Excusée" in text


def test_meetings_the_scheduler_has_not_seen_say_so(team_client, team):
    event, people = event_with_requests(team.memberships.first().territory)
    not_yet = _("not scheduled yet: run the scheduler")
    since = _("accepted after the last run: run the scheduler again")
    before = dict(team_client.get(day_url("schedule", event)).context["not_placed"])
    assert before and set(before.values()) == {not_yet}

    run_job(team_client.post(day_url("schedule", event), {"run-time_limit": "5"}))
    late = EventMeetingFactory(a=people[0], b=ParticipantFactory(event=event, company_name="Venue tard"))
    after = dict(team_client.get(day_url("schedule", event)).context["not_placed"])
    label = f"{late.a.company_name} – Venue tard"
    assert after[label] == since
    assert not_yet not in after.values()
