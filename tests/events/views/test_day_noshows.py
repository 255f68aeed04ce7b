"""No-shows and re-scheduling on the day: an absence frees the partners' slots and the organiser places a
replacement among the free participants; a re-schedule after a table is lost or a late request keeps the
past and changes few announced meetings."""

import pytest

from tests.events.views.day_helpers import day_url, event_with_requests
from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tests.jobs.inprocess import run_job
from tindus.events.compute.greedy import greedy
from tindus.events.compute.validate import problems
from tindus.events.instance_build import apply_schedule, build_instance
from tindus.events.models import Meeting, MeetingStatus, SchedulingRun
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(haut_doubs):
    """At 14:25: Absente meets Partenaire at table 1, Cadran meets Ressort at table 2; Libre and Requise are
    free, Partenaire's meeting with Requise waits for a place, Partenaire may not meet Interdite."""
    event = EventFactory(territory=haut_doubs)
    slot = event.slots.order_by("start")[1]
    people = {name: ParticipantFactory(event=event, company_name=name)
              for name in ("Absente", "Partenaire", "Cadran", "Ressort", "Libre", "Requise", "Interdite")}  # fmt: skip
    tables = {t.number: t for t in event.tables.all()}
    freed = EventMeetingFactory(a=people["Absente"], b=people["Partenaire"], slot=slot, table=tables[1])
    EventMeetingFactory(a=people["Cadran"], b=people["Ressort"], slot=slot, table=tables[2])
    EventMeetingFactory(a=people["Requise"], b=people["Partenaire"])  # accepted, not placed
    EventMeetingFactory(a=people["Partenaire"], b=people["Interdite"], status=MeetingStatus.FORBIDDEN)
    return event, people, freed


def absent(client, event, person):
    return client.post(day_url("checkin_mark", event, person.pk), {"action": "absent"})


def test_replacements_are_proposed_for_the_freed_slot(team_client, day):
    event, people, freed = day
    absent(team_client, event, people["Absente"])
    [slot] = team_client.get(day_url("noshows", event)).context["freed"]
    assert slot.meeting == freed and slot.partner == people["Partenaire"]
    names = [p.participant.company_name for p in slot.proposals]
    assert names[0] == "Requise" and slot.proposals[0].requested  # their own request first
    assert "Libre" in names
    assert not {"Absente", "Partenaire", "Cadran", "Ressort", "Interdite"} & set(names)  # busy or forbidden


def test_accepting_one_places_a_forced_locked_meeting_there(team_client, day):
    event, people, freed = day
    absent(team_client, event, people["Absente"])
    requested = Meeting.objects.get(a=people["Requise"], b=people["Partenaire"])

    response = team_client.post(day_url("noshow_replace", event),
                                {"meeting": freed.pk, "candidate": people["Requise"].pk})  # fmt: skip

    assert response.status_code == 302
    requested.refresh_from_db(), freed.refresh_from_db()
    assert (requested.slot, requested.table.number) == (event.slots.order_by("start")[1], 1)
    assert requested.forced and requested.locked
    assert freed.slot is None and freed.table is None
    built = build_instance(event)
    assert problems(built.instance, built.current()) == []
    assert team_client.get(day_url("noshows", event)).context["freed"] == []


def test_a_new_pair_is_created_for_someone_who_had_not_asked(team_client, day):
    event, people, freed = day
    absent(team_client, event, people["Absente"])
    team_client.post(day_url("noshow_replace", event), {"meeting": freed.pk, "candidate": people["Libre"].pk})
    made = Meeting.objects.get(event=event, a=people["Partenaire"], b=people["Libre"])
    assert (made.forced, made.locked, made.status, made.table.number) == (True, True, MeetingStatus.ACCEPTED, 1)


def test_a_proposal_that_is_not_one_changes_nothing(team_client, day):
    event, people, freed = day
    absent(team_client, event, people["Absente"])
    for candidate in (people["Interdite"], people["Cadran"]):
        team_client.post(day_url("noshow_replace", event), {"meeting": freed.pk, "candidate": candidate.pk})
    freed.refresh_from_db()
    assert freed.slot is not None
    assert not Meeting.objects.filter(event=event, forced=True).exists()
    assert Meeting.objects.get(a=people["Partenaire"], b=people["Interdite"]).status == MeetingStatus.FORBIDDEN


def test_someone_whose_own_partner_is_absent_is_free(team_client, day):
    event, people, freed = day
    absent(team_client, event, people["Absente"])
    absent(team_client, event, people["Ressort"])  # Cadran is free now, and Cadran's slot is freed too
    freed_now = team_client.get(day_url("noshows", event)).context["freed"]
    by_partner = {f.partner.company_name: [p.participant.company_name for p in f.proposals] for f in freed_now}
    assert "Cadran" in by_partner["Partenaire"]
    assert "Partenaire" in by_partner["Cadran"]
    assert "Ressort" not in by_partner["Partenaire"] and "Absente" not in by_partner["Cadran"]


def scheduled(territory):
    """The eight companies' event, scheduled by first fit and published."""
    event, people = event_with_requests(territory, schedule_published=True)
    built = build_instance(event)
    apply_schedule(built, greedy(built.instance))
    return event, people


def test_a_re_schedule_after_a_lost_table_and_a_late_request(team_client, team, saved):
    event, people = scheduled(team.memberships.first().territory)
    slots = list(event.slots.order_by("start"))
    before = {m.pk: (m.slot_id, m.table_id) for m in event.meetings.all()}
    lost = event.tables.get(number=1)
    at_lost_later = {pk for pk, (slot, table) in before.items()
                     if table == lost.pk and slot in {s.pk for s in slots[2:]}}  # fmt: skip
    late = EventMeetingFactory(a=people[0], b=people[7], weight=3)  # a late request, accepted

    job = run_job(team_client.post(day_url("reschedule", event), {
        "re-keep_before": slots[2].pk, "re-lost_tables": [lost.pk], "re-time_limit": "5",
    }))  # fmt: skip

    assert job.status == Job.Status.SUCCEEDED, (job.error, job.error_details)
    [(instance, schedule)] = saved
    assert problems(instance, schedule) == []
    run = SchedulingRun.objects.filter(kind=SchedulingRun.Kind.RESCHEDULE).get()
    lost.refresh_from_db()
    assert lost.reserved
    after = {m.pk: (m.slot_id, m.table_id) for m in event.meetings.all()}
    for pk, (slot, _table) in before.items():  # the first two slots are kept as they were
        if slot in (slots[0].pk, slots[1].pk):
            assert after[pk] == before[pk]
    assert not event.meetings.filter(table=lost, slot__in=slots[2:]).exists()
    late.refresh_from_db()
    assert late.slot is not None and late.slot.start >= slots[2].start  # placed in what remains of the day
    changed = {c["meeting"] for c in run.changed}
    assert changed == {pk for pk in before if before[pk][0] and after[pk] != before[pk]}
    # Few changes: the meetings that were at the lost table, and what placing the late request takes.
    assert len(changed - at_lost_later) <= 2, run.changed
    assert all(c["announced"] for c in run.changed)
    page = team_client.get(day_url("schedule", event)).content.decode()
    for entry in run.changed:
        assert entry["names"] in page


def test_a_re_schedule_that_would_break_a_lock_is_refused_and_the_table_is_kept(team_client, team):
    event, people = scheduled(team.memberships.first().territory)
    slots = list(event.slots.order_by("start"))
    table = event.tables.get(number=2)
    locked = event.meetings.filter(slot=slots[3]).first()
    Meeting.objects.filter(pk=locked.pk).update(table=table, locked=True)
    event.meetings.filter(slot=slots[3], table=table).exclude(pk=locked.pk).update(slot=None, table=None)

    response = team_client.post(day_url("reschedule", event), {
        "re-keep_before": slots[2].pk, "re-lost_tables": [table.pk], "re-time_limit": "5",
    })  # fmt: skip

    assert response.status_code == 400
    [message] = response.context["form"].non_field_errors()
    assert "15:15" in message and locked.a.company_name in message
    table.refresh_from_db()
    assert not table.reserved  # rolled back
    assert not Job.objects.exists()
