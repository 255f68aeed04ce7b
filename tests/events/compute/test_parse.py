"""Reading an instance: every malformed or contradictory input is refused with its code and the element."""

import copy
import json

import pytest

from tindus.events.compute.instance import Assignment, InstanceError, Schedule
from tindus.events.compute.parse import (
    MESSAGES,
    instance_from_json,
    instance_to_json,
    schedule_from_json,
    schedule_to_json,
    validate_instance,
)

from .builders import make

BASE = {
    "slots": [
        {"id": "s1", "start": "09:00", "end": "09:20"},
        {"id": "s2", "start": "09:20", "end": "09:40"},
        {"id": "s3", "start": "09:40", "end": "10:00"},
    ],
    "tables": 2,
    "participants": [
        {"id": "a", "available": ["s1", "s2", "s3"]},
        {"id": "b", "available": ["s1", "s2"], "max_meetings": 2},
        {"id": "c", "available": ["s2", "s3"]},
    ],
    "meetings": [
        {"id": "m1", "a": "a", "b": "b", "weight": 2},
        {"id": "m2", "a": "a", "b": "c", "weight": 1, "locked": {"slot": "s2", "table": 1}},
        {"id": "m3", "a": "b", "b": "c", "weight": 3, "forced": True},
    ],
}


def refused(change) -> InstanceError:
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(InstanceError) as caught:
        instance_from_json(data)
    error = caught.value
    assert error.code in MESSAGES
    assert str(error) == MESSAGES[error.code] % error.params  # every param the template names is given
    return error


def test_a_valid_instance_is_read_with_every_field():
    instance = instance_from_json(BASE)
    assert [slot.id for slot in instance.slots] == ["s1", "s2", "s3"]
    assert instance.tables == 2
    b = instance.participants[1]
    assert b.available == frozenset({"s1", "s2"}) and b.max_meetings == 2
    m2, m3 = instance.meetings[1], instance.meetings[2]
    assert m2.locked.slot == "s2" and m2.locked.table == 1 and not m2.forced
    assert m3.forced and m3.locked is None


def test_the_json_forms_go_round():
    instance = instance_from_json({**BASE, "reserved": [{"slot": "s3", "table": 2}], "min_meetings": 1})
    assert instance.reserved == frozenset({("s3", 2)}) and instance.min_meetings == 1
    assert instance_from_json(json.loads(json.dumps(instance_to_json(instance)))) == instance
    schedule = Schedule([Assignment("m1", "s1", 2)], weight=2, bound=6.0, gaps=0, status="feasible", changed=["m9"])
    assert schedule_from_json(json.loads(json.dumps(schedule_to_json(schedule)))) == schedule


def test_whole_number_ids_and_weights_are_accepted():
    data = copy.deepcopy(BASE)
    data["participants"][0]["id"] = 7
    data["meetings"][0]["a"] = 7
    data["meetings"][1]["a"] = 7
    data["meetings"][0]["weight"] = 2.0
    instance = instance_from_json(data)
    assert instance.participants[0].id == "7" and instance.meetings[0].weight == 2


def test_meeting_oneself():
    error = refused(lambda d: d["meetings"][0].update(b="a"))
    assert error.code == "self_meeting" and error.params == {"meeting": "m1", "participant": "a"}


def test_unknown_participant():
    error = refused(lambda d: d["meetings"][2].update(b="zz"))
    assert error.code == "unknown_participant" and error.params == {"meeting": "m3", "participant": "zz"}


def test_unknown_slot_in_an_availability():
    error = refused(lambda d: d["participants"][1]["available"].append("s9"))
    assert error.code == "unknown_available_slot" and error.params == {"participant": "b", "slot": "s9"}


def test_unknown_slot_of_a_locked_meeting():
    error = refused(lambda d: d["meetings"][1]["locked"].update(slot="s9"))
    assert error.code == "unknown_locked_slot" and error.params == {"meeting": "m2", "slot": "s9"}


def test_overlapping_slots():
    error = refused(lambda d: d["slots"][1].update(start="09:10"))
    assert error.code == "slots_overlap" and error.params == {"slot": "s1", "other": "s2"}


def test_overlap_is_found_whatever_the_order_of_the_slots():
    def change(data):
        data["slots"].reverse()
        data["slots"][0].update(start="09:30")  # s3 now 09:30-10:00, over s2

    error = refused(change)
    assert error.code == "slots_overlap" and error.params == {"slot": "s2", "other": "s3"}


@pytest.mark.parametrize(
    ("where", "index", "code", "param"),
    [
        ("slots", 0, "duplicate_slot", "slot"),
        ("participants", 0, "duplicate_participant", "participant"),
        ("meetings", 0, "duplicate_meeting", "meeting"),
    ],
)
def test_duplicate_ids(where, index, code, param):
    def change(data):
        twin = copy.deepcopy(data[where][index])
        if where == "slots":
            twin.update(start="11:00", end="11:20")
        data[where].append(twin)

    error = refused(change)
    assert error.code == code and error.params == {param: data_id(where, index)}


def data_id(where: str, index: int) -> str:
    return BASE[where][index]["id"]


@pytest.mark.parametrize("weight", [0, -2, 1.5, "3", True, None])
def test_weight_must_be_a_positive_whole_number(weight):
    error = refused(lambda d: d["meetings"][0].update(weight=weight))
    assert error.code == "bad_weight" and error.params["meeting"] == "m1"
    assert error.params["weight"] == json.dumps(weight)


def test_end_before_start():
    error = refused(lambda d: d["slots"][2].update(end="09:30"))
    assert error.code == "slot_end_before_start"
    assert error.params == {"slot": "s3", "start": "09:40", "end": "09:30"}


def test_a_slot_of_no_length():
    error = refused(lambda d: d["slots"][2].update(end="09:40"))
    assert error.code == "slot_end_before_start" and error.params["slot"] == "s3"


def test_unreadable_and_mixed_times():
    assert refused(lambda d: d["slots"][0].update(start="9h")).params == {"slot": "s1", "value": '"9h"'}
    error = refused(lambda d: d["slots"][1].update(start="2026-06-04T09:20", end="2026-06-04T09:40"))
    assert error.code == "mixed_times" and error.params["slot"] == "s2"


def test_dates_and_times_are_accepted():
    data = copy.deepcopy(BASE)
    for slot, hour in zip(data["slots"], ("09", "10", "11"), strict=True):
        slot.update(start=f"2026-06-04T{hour}:00+02:00", end=f"2026-06-04T{hour}:20+02:00")
    assert len(instance_from_json(data).slots) == 3


@pytest.mark.parametrize("tables", [0, -1, 1.5, "2", None])
def test_tables_must_be_at_least_one(tables):
    error = refused(lambda d: d.update(tables=tables))
    assert error.code == "bad_tables" and error.params == {"tables": json.dumps(tables)}


def test_negative_max_meetings():
    error = refused(lambda d: d["participants"][2].update(max_meetings=-1))
    assert error.code == "bad_max_meetings" and error.params == {"participant": "c", "value": "-1"}


def test_negative_floor():
    assert refused(lambda d: d.update(min_meetings=-1)).code == "bad_min_meetings"


def test_locked_where_a_side_is_unavailable():
    error = refused(lambda d: d["meetings"][1]["locked"].update(slot="s1"))  # c is not available in s1
    assert error.code == "locked_unavailable"
    assert error.params == {"meeting": "m2", "slot": "s1", "participant": "c"}


@pytest.mark.parametrize("table", [0, 3, "1"])
def test_locked_at_a_table_that_does_not_exist(table):
    error = refused(lambda d: d["meetings"][1]["locked"].update(table=table))
    assert error.code == "locked_table_out_of_range"
    assert error.params == {"meeting": "m2", "table": json.dumps(table), "tables": 2}


def test_locked_in_a_reserved_cell():
    error = refused(lambda d: d.update(reserved=[{"slot": "s2", "table": 1}]))
    assert error.code == "locked_reserved" and error.params == {"meeting": "m2", "slot": "s2", "table": 1}


def test_reserved_cells_must_exist():
    assert refused(lambda d: d.update(reserved=[{"slot": "s8", "table": 1}])).params == {"slot": "s8"}
    error = refused(lambda d: d.update(reserved=[{"slot": "s1", "table": 5}]))
    assert error.code == "reserved_table_out_of_range" and error.params == {"slot": "s1", "table": "5", "tables": 2}


def test_two_locked_meetings_at_one_table():
    error = refused(lambda d: d["meetings"][0].update(locked={"slot": "s2", "table": 1}))
    assert error.code == "locked_same_table"
    assert error.params == {"meeting": "m1", "other": "m2", "slot": "s2", "table": 1}


def test_more_locked_meetings_in_a_slot_than_tables():
    def change(data):
        data["tables"] = 1
        data["meetings"][1]["locked"]["table"] = 1
        data["meetings"][0]["locked"] = {"slot": "s2", "table": 1}

    error = refused(change)
    assert error.code == "locked_over_capacity" and error.params == {"slot": "s2", "count": 2, "tables": 1}


def test_reserved_cells_count_against_locked_meetings():
    def change(data):
        data["meetings"][0]["locked"] = {"slot": "s2", "table": 2}
        data["reserved"] = [{"slot": "s2", "table": 2}]

    error = refused(change)
    assert error.code == "locked_over_capacity" and error.params == {"slot": "s2", "count": 2, "tables": 1}


def test_a_participant_locked_into_two_meetings_of_a_slot():
    def change(data):
        data["meetings"][0]["locked"] = {"slot": "s2", "table": 2}  # a meets b and c in s2

    error = refused(change)
    assert error.code == "locked_participant_twice"
    assert error.params == {"participant": "a", "slot": "s2", "meeting": "m1", "other": "m2"}


def test_more_locked_meetings_than_a_maximum():
    def change(data):
        data["participants"][0]["max_meetings"] = 1
        data["meetings"][0]["locked"] = {"slot": "s1", "table": 1}

    error = refused(change)
    assert error.code == "locked_over_max" and error.params == {"participant": "a", "count": 2, "max_meetings": 1}


@pytest.mark.parametrize(
    ("change", "code", "params"),
    [
        (lambda d: d.pop("slots"), "missing_field", {"element": "instance", "field": "slots"}),
        (lambda d: d.update(meetings={}), "not_a_list", {"element": "instance", "field": "meetings"}),
        (lambda d: d["participants"].append(3), "not_an_object", {"element": "participants[3]"}),
        (lambda d: d["meetings"][2].pop("b"), "missing_field", {"element": "meetings[2]", "field": "b"}),
        (
            lambda d: d["meetings"][0].update(id=""),
            "bad_id",
            {"element": "meetings[0]", "field": "id", "value": '""'},
        ),
        (
            lambda d: d["meetings"][0].update(forced="yes"),
            "bad_boolean",
            {"element": "meetings[0]", "field": "forced", "value": '"yes"'},
        ),
    ],
)
def test_shape_errors_name_the_element(change, code, params):
    error = refused(change)
    assert error.code == code and error.params == params


def test_not_an_object_at_all():
    with pytest.raises(InstanceError) as caught:
        instance_from_json([1, 2])
    assert caught.value.code == "not_an_object"


def test_validate_instance_checks_built_instances_too():
    validate_instance(make(2, 1, {"a": None, "b": None}, [("a", "b", 1)]))
    with pytest.raises(InstanceError) as caught:
        validate_instance(make(2, 1, {"a": None, "b": None}, [("a", "b", 0)]))
    assert caught.value.code == "bad_weight"
    with pytest.raises(InstanceError) as caught:
        validate_instance(make(2, 1, {"a": [1], "b": None}, [("a", "b", 1, {"locked": (2, 1)})]))
    assert caught.value.params == {"meeting": "m1", "slot": "s2", "participant": "a"}
