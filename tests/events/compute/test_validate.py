"""The independent validator finds every broken rule and every wrong figure a schedule claims."""

from tindus.events.compute.instance import Assignment, Schedule
from tindus.events.compute.validate import idle_gaps, problems

from .builders import make

INSTANCE = make(
    3, 2, {"a": None, "b": {"available": [1, 2], "max_meetings": 1}, "c": None, "d": None},
    [("a", "b", 2), ("c", "d", 1), ("a", "c", 3, {"locked": (3, 2)}), ("a", "d", 1)],
    reserved=[(1, 2)],
)  # fmt: skip


def check(*cells, weight=None, gaps=None, bound=10.0):
    assignments = [Assignment(m, s, t) for m, s, t in cells]
    return problems(
        INSTANCE,
        Schedule(
            assignments,
            weight=weight if weight is not None else _weight(assignments),
            bound=bound,
            gaps=gaps if gaps is not None else idle_gaps(INSTANCE, {a.meeting: a.slot for a in assignments}),
            status="feasible",
        ),
    )


def _weight(assignments):
    weights = {m.id: m.weight for m in INSTANCE.meetings}
    return sum(weights.get(a.meeting, 0) for a in assignments)


def test_a_valid_schedule_has_no_problem():
    assert check(("m1", "s1", 1), ("m2", "s2", 1), ("m3", "s3", 2)) == []


def test_each_broken_rule_is_found():
    cases = {
        "placed 2 times": [("m1", "s1", 1), ("m1", "s2", 1), ("m3", "s3", 2)],
        "unknown meeting": [("m9", "s1", 1), ("m3", "s3", 2)],
        "unknown slot": [("m1", "s9", 1), ("m3", "s3", 2)],
        "not available": [("m1", "s3", 1), ("m3", "s3", 2)],
        "two meetings in s2": [("m1", "s2", 1), ("m4", "s2", 2), ("m3", "s3", 2)],
        "share table": [("m1", "s2", 1), ("m2", "s2", 1), ("m3", "s3", 2)],
        "outside 1..2": [("m1", "s2", 3), ("m3", "s3", 2)],
        "reserved table": [("m1", "s1", 2), ("m3", "s3", 2)],
        "locked meeting m3": [("m1", "s1", 1), ("m3", "s3", 1)],
    }
    for expected, cells in cases.items():
        found = check(*cells)
        assert any(expected in problem for problem in found), (expected, found)


def test_a_missing_locked_meeting_is_found():
    assert any("locked meeting m3" in p for p in check(("m1", "s1", 1)))


def test_max_meetings_is_checked():
    instance = make(2, 2, {"a": {"max_meetings": 1}, "b": None, "c": None}, [("a", "b", 1), ("a", "c", 1)])
    schedule = Schedule([Assignment("m1", "s1", 1), Assignment("m2", "s2", 1)], 2, 2.0, 0, "feasible")
    assert problems(instance, schedule) == ["a has 2 meetings, more than 1"]


def test_claimed_figures_are_recomputed():
    cells = [("m1", "s1", 1), ("m3", "s3", 2)]
    assert check(*cells, weight=4) == ["weight 4 claimed, 5 found"]
    assert check(*cells, gaps=0) == ["gaps 0 claimed, 1 found"]  # a idle in s2
    assert check(*cells, bound=4.0) == ["bound 4.0 below the weight 5"]


def test_gaps_follow_the_slots_times_not_their_order_in_the_instance():
    instance = make(3, 1, {"a": None, "b": None, "c": None}, [("a", "b", 1), ("a", "c", 1)])
    reversed_slots = instance.__class__(instance.slots[::-1], 1, instance.participants, instance.meetings)
    assert idle_gaps(reversed_slots, {"m1": "s1", "m2": "s3"}) == 1
    assert idle_gaps(reversed_slots, {"m1": "s1", "m2": "s2"}) == 0
