"""Closing idle gaps by Kempe-chain swaps: the same meetings, valid, fewer gaps; fixed meetings stay."""

import time

from tindus.events.compute.compact import compact
from tindus.events.compute.prepare import gaps_of, prepare

from .builders import make


def busy_day():
    people = {p: None for p in "abcdefgh"} | {"x": [1, 2, 3], "y": [5, 6]}
    meetings = [("a", p, 1) for p in "bcxy"] + [("b", p, 1) for p in "cdy"] + [("e", p, 1) for p in "fgx"]
    return make(6, 2, people, meetings + [("g", "h", 1), ("d", "h", 1)])


def spread(prepared):
    """Each meeting in the last slot it may take, one per participant per slot (a scattered start)."""
    chosen, seats, per_slot = {}, set(), [0] * len(prepared.slots)
    for ident in prepared.meetings:
        meeting = prepared.meetings[ident]
        for s in reversed(prepared.candidates[ident]):
            if (meeting.a, s) not in seats and (meeting.b, s) not in seats and per_slot[s] < 2:
                chosen[ident] = s
                seats.update({(meeting.a, s), (meeting.b, s)})
                per_slot[s] += 1
                break
    return chosen


def valid(prepared, chosen):
    seats, per_slot = set(), [0] * len(prepared.slots)
    for ident, s in chosen.items():
        meeting = prepared.meetings[ident]
        assert s in prepared.candidates[ident]
        for side in (meeting.a, meeting.b):
            assert (side, s) not in seats
            seats.add((side, s))
        per_slot[s] += 1
    assert all(n <= 2 for n in per_slot)


def test_fewer_gaps_with_the_same_meetings():
    prepared = prepare(busy_day())
    start = spread(prepared)
    assert gaps_of(prepared, start) > 0
    better = compact(prepared, start, frozenset(), time.monotonic() + 1)
    assert set(better) == set(start)
    valid(prepared, better)
    assert gaps_of(prepared, better) < gaps_of(prepared, start)


def test_fixed_meetings_do_not_move():
    prepared = prepare(busy_day())
    start = spread(prepared)
    fixed = frozenset(list(start)[:4])
    better = compact(prepared, start, fixed, time.monotonic() + 1)
    assert all(better[ident] == start[ident] for ident in fixed)
    valid(prepared, better)


def test_a_home_slot_is_left_only_if_it_pays():
    # a meets b and c; b's meeting is announced in slot 1, c is only free in slot 3: a waits in slot 2 unless
    # m1 leaves its announced slot, which costs more than the gap.
    prepared = prepare(make(3, 1, {"a": None, "b": None, "c": [3]}, [("a", "b", 1), ("a", "c", 1)]))
    start = {"m1": 0, "m2": 2}
    assert compact(prepared, start, frozenset(), time.monotonic() + 0.5, homes={"m1": (0, 5)}) == start
    assert compact(prepared, start, frozenset(), time.monotonic() + 0.5)["m1"] == 1
