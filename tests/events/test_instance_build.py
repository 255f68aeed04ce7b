"""An event's scheduling instance read from its rows, and a schedule written back to them."""

import datetime

import pytest

from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tindus.events.compute.greedy import greedy
from tindus.events.compute.instance import Assignment, InstanceError, Placement, Schedule
from tindus.events.compute.validate import problems
from tindus.events.instance_build import apply_schedule, build_instance, check
from tindus.events.models import MeetingStatus, SchedulingRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(haut_doubs):
    """14:00–16:00: slots at 14:00, 14:25, 14:50, 15:15, 15:40; four tables, the second reserved."""
    event = EventFactory(territory=haut_doubs, max_meetings_default=3, min_meetings=1)
    event.tables.filter(number=2).update(reserved=True)
    return event


def slots(event):
    return list(event.slots.order_by("start"))


def test_instance_reads_the_rows(event):
    s = slots(event)
    scierie = ParticipantFactory(event=event, company_name="Scierie", max_meetings=2)
    panneaux = ParticipantFactory(event=event, company_name="Panneaux")
    absent = ParticipantFactory(event=event, company_name="Absente", absent=True)
    matin = ParticipantFactory(event=event, company_name="Tôlerie", available=s[:2])
    asked = EventMeetingFactory(a=scierie, b=panneaux, weight=3)
    EventMeetingFactory(a=scierie, b=absent)  # an absent side: left out
    EventMeetingFactory(a=panneaux, b=absent, status=MeetingStatus.CANCELLED)
    EventMeetingFactory(a=matin, b=panneaux, status=MeetingStatus.FORBIDDEN)
    locked = EventMeetingFactory(a=matin, b=scierie, locked=True, forced=True, slot=s[1],
                                 table=event.tables.get(number=3))  # fmt: skip
    unlocked = EventMeetingFactory(a=panneaux, b=ParticipantFactory(event=event), slot=s[0],
                                   table=event.tables.get(number=1))  # fmt: skip

    built = build_instance(event)
    instance = built.instance

    assert [slot.id for slot in instance.slots] == [str(slot.pk) for slot in s]
    assert instance.slots[1].start == "14:25:00" and instance.slots[1].end == "14:45:00"
    assert instance.tables == 4
    assert instance.reserved == {(str(slot.pk), 2) for slot in s}
    assert instance.min_meetings == 1
    people = {p.id: p for p in instance.participants}
    assert str(absent.pk) not in people
    assert people[str(scierie.pk)].max_meetings == 2  # their own
    assert people[str(panneaux.pk)].max_meetings == 3  # the event's default
    assert people[str(matin.pk)].available == {str(s[0].pk), str(s[1].pk)}
    meetings = {m.id: m for m in instance.meetings}
    assert set(meetings) == {str(asked.pk), str(locked.pk), str(unlocked.pk)}
    assert meetings[str(asked.pk)].weight == 3
    assert meetings[str(locked.pk)].locked == Placement(str(s[1].pk), 3)
    assert meetings[str(locked.pk)].forced
    assert meetings[str(unlocked.pk)].locked is None  # placed, not locked: free to move
    check(built)  # valid as it stands
    assert set(built.current().assignments) == {
        Assignment(str(locked.pk), str(s[1].pk), 3),
        Assignment(str(unlocked.pk), str(s[0].pk), 1),
    }


def test_absent_participants_may_be_included(event):
    absent = ParticipantFactory(event=event, absent=True)
    EventMeetingFactory(a=absent, b=ParticipantFactory(event=event))
    built = build_instance(event, include_absent=True)
    assert str(absent.pk) in {p.id for p in built.instance.participants}
    assert len(built.instance.meetings) == 1
    assert set(built.absent) == {str(absent.pk)}


def test_reserved_tables_close_only_the_slots_from_a_re_schedule_on(event):
    s = slots(event)
    built = build_instance(event, reserved_from=s[2])
    assert built.instance.reserved == {(str(slot.pk), 2) for slot in s[2:]}


def test_a_locked_meeting_where_a_side_is_unavailable_is_refused(event):
    s = slots(event)
    matin = ParticipantFactory(event=event, available=s[:2])
    EventMeetingFactory(a=matin, locked=True, slot=s[4], table=event.tables.get(number=1))
    with pytest.raises(InstanceError) as refused:
        check(build_instance(event))
    assert refused.value.code == "locked_unavailable"
    assert refused.value.params["participant"] == str(matin.pk)


def test_a_schedule_is_written_back_and_recorded(event, django_user_model):
    s = slots(event)
    people = [ParticipantFactory(event=event) for _ in range(4)]
    first = EventMeetingFactory(a=people[0], b=people[1], weight=3)
    second = EventMeetingFactory(a=people[2], b=people[3])
    cancelled = EventMeetingFactory(a=people[0], b=people[2], status=MeetingStatus.CANCELLED, slot=s[0],
                                    table=event.tables.get(number=1))  # fmt: skip
    built = build_instance(event)
    schedule = Schedule(
        assignments=[Assignment(str(first.pk), str(s[0].pk), 3)], weight=3, bound=5.0, gaps=0, status="feasible",
        seconds=1.25,
    )  # fmt: skip
    assert problems(built.instance, schedule) == []
    user = django_user_model.objects.create(username="organiser")

    run = apply_schedule(built, schedule, by=user)

    first.refresh_from_db(), second.refresh_from_db(), cancelled.refresh_from_db()
    assert (first.slot, first.table.number) == (s[0], 3)
    assert second.slot is None and second.table is None
    assert cancelled.slot is None  # a cancelled meeting holds no table
    assert (run.kind, run.status, run.weight, run.bound, run.gaps) == (SchedulingRun.Kind.FULL, "feasible", 3, 5.0, 0)
    assert (run.placed, run.unplaced, run.by, run.seconds) == (1, 1, user, 1.25)
    assert [c["meeting"] for c in run.changed] == [cancelled.pk]  # it had a place and lost it
    assert run.changed[0]["before"] == "14:00 · Table 1" and run.changed[0]["after"] == ""
    assert run.changed[0]["announced"] is False


def test_a_re_schedule_keeps_the_past_and_lists_what_moved(event):
    s = slots(event)
    event.schedule_published = True
    event.save()
    a, b, c = (ParticipantFactory(event=event, company_name=name) for name in ("Alpha", "Beta", "Gamma"))
    past = EventMeetingFactory(a=a, b=b, slot=s[0], table=event.tables.get(number=1))
    moved = EventMeetingFactory(a=a, b=c, slot=s[1], table=event.tables.get(number=1))
    built = build_instance(event, reserved_from=s[1])
    schedule = Schedule(assignments=[Assignment(str(moved.pk), str(s[3].pk), 4)], weight=2, bound=4.0, gaps=0,
                        status="optimal")  # fmt: skip

    run = apply_schedule(built, schedule, kind=SchedulingRun.Kind.RESCHEDULE, frozen_before=s[1])

    past.refresh_from_db(), moved.refresh_from_db()
    assert past.slot == s[0]  # before the kept slot: left as it was
    assert (moved.slot, moved.table.number) == (s[3], 4)
    assert run.changed == [{
        "meeting": moved.pk, "a": a.pk, "b": c.pk, "names": "Alpha – Gamma", "before": "14:25 · Table 1",
        "after": "15:15 · Table 4", "announced": True,
    }]  # fmt: skip


def test_the_greedy_schedule_of_an_event_is_valid(event):
    people = [ParticipantFactory(event=event) for _ in range(6)]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            EventMeetingFactory(a=a, b=b, weight=1 + (a.pk + b.pk) % 3)
    built = build_instance(event)
    check(built)
    schedule = greedy(built.instance)
    assert problems(built.instance, schedule) == []
    apply_schedule(built, schedule)
    placed = event.meetings.filter(slot__isnull=False)
    assert placed.count() == len(schedule.assignments) > 0
    assert not placed.filter(table__number=2).exists()  # the reserved table
    assert datetime.time(14) in {m.slot.start for m in placed}


def test_a_refusal_names_the_companies_the_time_and_the_table(event):
    from tindus.events.instance_errors import organiser_message

    s = slots(event)
    a = ParticipantFactory(event=event, company_name="Scierie du Saugeais")
    b = ParticipantFactory(event=event, company_name="Panneaux Comtois")
    reserved = event.tables.get(number=2)
    EventMeetingFactory(a=a, b=b, locked=True, slot=s[2], table=reserved)
    built = build_instance(event)
    with pytest.raises(InstanceError) as refused:
        check(built)
    assert refused.value.code == "locked_reserved"
    message = organiser_message(refused.value, built)
    assert "« Scierie du Saugeais – Panneaux Comtois »" in message
    assert "« 14:50 »" in message and " 2 " in message
