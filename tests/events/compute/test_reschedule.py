"""Re-scheduling on the day changes as few announced meetings as it can and says which; replacements for an
absent participant."""

import dataclasses

import pytest

from tindus.events.compute.instance import Assignment, InstanceError, Meeting, Schedule
from tindus.events.compute.reschedule import Candidate, replacements, reschedule
from tindus.events.compute.solve import schedule
from tindus.events.compute.validate import problems

from .builders import make

PEOPLE = {p: None for p in "abcdefgh"}
MEETINGS = [
    ("a", "b", 2), ("a", "c", 1), ("a", "d", 1), ("b", "c", 3), ("c", "d", 2), ("e", "f", 1),
    ("e", "g", 2), ("f", "h", 1), ("g", "h", 3), ("d", "e", 1), ("b", "h", 2),
]  # fmt: skip


def where(result: Schedule) -> dict[str, tuple[str, int]]:
    return {a.meeting: (a.slot, a.table) for a in result.assignments}


def moved(before: Schedule, after: Schedule) -> set[str]:
    old, new = where(before), where(after)
    return {ident for ident in old if new.get(ident) != old[ident]}


@pytest.fixture(scope="module")
def day():
    instance = make(5, 3, PEOPLE, MEETINGS)
    announced = schedule(instance, time_limit=2, workers=1)
    assert problems(instance, announced) == [] and len(announced.assignments) == len(MEETINGS)
    return instance, announced


def checked(instance, announced, **options) -> Schedule:
    result = reschedule(instance, announced.assignments, time_limit=2, workers=1, **options)
    assert problems(instance, result) == []
    assert set(result.changed) == moved(announced, result)
    return result


def test_nothing_changed_nothing_moves(day):
    instance, announced = day
    result = checked(instance, announced)
    assert result.changed == [] and where(result) == where(announced)


def test_a_no_show_drops_only_their_meetings(day):
    instance, announced = day
    third = instance.slots[2].id
    future = {ident for ident, (slot, _t) in where(announced).items() if slot >= third}
    absent = "c"
    people = tuple(
        dataclasses.replace(p, available=frozenset(s for s in p.available if s < third)) if p.id == absent else p
        for p in instance.participants
    )
    now = dataclasses.replace(instance, participants=people)
    result = checked(now, announced, frozen_before=third)
    theirs = {m.id for m in instance.meetings if absent in (m.a, m.b) and m.id in future}
    assert set(result.changed) == theirs  # nobody else moves
    past = {ident: cell for ident, cell in where(announced).items() if cell[0] < third}
    assert all(where(result)[ident] == cell for ident, cell in past.items())


def test_a_late_request_is_placed_without_moving_anyone(day):
    instance, announced = day
    busy = {(side, a.slot) for a in announced.assignments for m in instance.meetings if m.id == a.meeting
            for side in (m.a, m.b)}  # fmt: skip
    pairs = {frozenset((m.a, m.b)) for m in instance.meetings}
    a, b = next(
        (a, b)
        for a in PEOPLE
        for b in PEOPLE
        if a < b
        and frozenset((a, b)) not in pairs
        and any((a, s.id) not in busy and (b, s.id) not in busy for s in instance.slots)
    )  # two people with a free slot in common (tables are plenty: 3 per slot)
    now = dataclasses.replace(instance, meetings=(*instance.meetings, Meeting("late", a, b, 1)))
    result = checked(now, announced)
    assert "late" in where(result)
    assert result.changed == []


def test_a_late_request_that_needs_room_moves_as_few_as_it_can():
    # a and c are both free only in different slots; the late request (heavier than nothing) needs one move.
    instance = make(2, 2, {"a": None, "b": None, "c": None, "d": None}, [("a", "b", 1), ("c", "d", 1), ("a", "c", 1)])
    announced = Schedule([Assignment("m1", "s1", 1), Assignment("m2", "s2", 1)], 2, 2.0, 0, "feasible")
    result = checked(instance, announced)
    assert "m3" in where(result) and len(result.changed) == 1


def test_a_lost_table_moves_only_the_meetings_at_it():
    instance = make(3, 3, {p: None for p in "abcdef"}, [("a", "b", 1), ("c", "d", 1), ("e", "f", 1)])
    announced = Schedule(
        [Assignment("m1", "s1", 1), Assignment("m2", "s1", 3), Assignment("m3", "s2", 3)], 3, 3.0, 0, "feasible"
    )
    now = dataclasses.replace(instance, tables=2)
    result = checked(now, announced)
    assert set(result.changed) == {"m2", "m3"}
    assert where(result)["m1"] == ("s1", 1)
    assert where(result)["m2"][0] == "s1" and where(result)["m3"][0] == "s2"  # same slots, another table


def test_a_full_slot_moves_as_few_meetings_as_it_must():
    # Slot 1 held three meetings; one table is lost: one meeting must leave slot 1, the one at the lost table.
    instance = make(2, 3, {p: None for p in "abcdef"}, [("a", "b", 1), ("c", "d", 1), ("e", "f", 1)])
    announced = Schedule([Assignment(f"m{i}", "s1", i) for i in (1, 2, 3)], 3, 3.0, 0, "feasible")
    result = checked(dataclasses.replace(instance, tables=2), announced)
    assert result.changed == ["m3"] and where(result)["m3"][0] == "s2" and result.weight == 3


def test_weight_comes_before_keeping_announced_meetings():
    # b can no longer come in slot 1; the forced/heavier late request takes a's slot 2: m1 must move or go.
    instance = make(2, 1, {"a": None, "b": None, "c": [2]}, [("a", "b", 1), ("a", "c", 5)])
    announced = Schedule([Assignment("m1", "s2", 1)], 1, 1.0, 0, "feasible")
    result = checked(instance, announced)
    assert where(result) == {"m1": ("s1", 1), "m2": ("s2", 1)} and result.changed == ["m1"]


def test_past_slots_are_kept_and_closed():
    instance = make(3, 1, {"a": None, "b": None, "c": None}, [("a", "b", 1), ("b", "c", 1), ("a", "c", 2)])
    announced = Schedule([Assignment("m1", "s1", 1)], 1, 1.0, 0, "feasible")
    result = checked(instance, announced, frozen_before="s2")
    assert where(result)["m1"] == ("s1", 1)
    assert all(slot != "s1" for ident, (slot, _t) in where(result).items() if ident != "m1")
    assert result.weight == 4  # m2 and m3 in slots 2 and 3


def test_a_past_meeting_no_longer_valid_is_dropped_and_reported():
    instance = make(2, 1, {"a": None, "b": None}, [("a", "b", 1)])
    announced = Schedule([Assignment("m1", "s1", 1), Assignment("gone", "s1", 1)], 1, 1.0, 0, "feasible")
    result = checked(instance, announced, frozen_before="s2")
    assert result.changed == ["gone"] and where(result) == {"m1": ("s1", 1)}


def test_frozen_before_as_a_time():
    instance = make(3, 1, {"a": None, "b": None}, [("a", "b", 1)])
    result = reschedule(instance, [], time_limit=1, frozen_before="09:30")
    assert where(result) == {"m1": ("s3", 1)}  # s1 and s2 started before 09:30
    with pytest.raises(InstanceError) as caught:
        reschedule(instance, [], time_limit=1, frozen_before="lunch")
    assert caught.value.code == "bad_frozen_before"


def test_replacements_rank_pending_requests_then_the_least_busy():
    people = {p: None for p in "xpqrsv"} | {"t": [1], "u": {"available": None, "max_meetings": 1}}
    instance = make(
        2, 3, people, [("x", "p", 1), ("q", "p", 1), ("r", "s", 1), ("s", "p", 1), ("r", "q", 1), ("u", "v", 1)]
    )
    current = Schedule(
        [Assignment("m1", "s1", 1), Assignment("m5", "s1", 2), Assignment("m3", "s2", 1), Assignment("m6", "s2", 2)],
        4, 4.0, 0, "feasible",
    )  # fmt: skip
    assert problems(instance, current) == []
    found = replacements(instance, current, "x")
    assert len(found) == 1
    proposal = found[0]
    assert (proposal.meeting, proposal.partner, proposal.slot, proposal.table) == ("m1", "p", "s1", 1)
    # q (a request pending with p) and r are busy in s1; u reached their maximum; s has a request pending with
    # p and one meeting; t none; v one.
    assert proposal.candidates == [Candidate("s", "m4", 1), Candidate("t", None, 0), Candidate("v", None, 1)]
    assert replacements(instance, current, "x", limit=1)[0].candidates == [Candidate("s", "m4", 1)]


def test_replacements_skip_those_already_meeting_the_partner():
    instance = make(2, 2, {"x": None, "p": None, "q": None}, [("x", "p", 1), ("q", "p", 1)])
    current = Schedule([Assignment("m1", "s1", 1), Assignment("m2", "s2", 1)], 2, 2.0, 0, "feasible")
    assert replacements(instance, current, "x")[0].candidates == []
