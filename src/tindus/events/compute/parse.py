"""Reading and checking a scheduling instance; the JSON forms of an instance and of a schedule.

``instance_from_json`` checks the shape of the JSON (lists, identifiers, numbers), builds the
:class:`Instance`, then ``validate_instance`` checks its meaning: the rules an instance must keep to be
scheduled at all. Both raise :class:`InstanceError` with a ``code`` from :data:`MESSAGES` and params naming
the faulty element; the Django side translates each code (``tindus.events.instance_messages``).

Identifiers are text; whole numbers are accepted and read as text. Elements without an id yet are named by
their place in the JSON (``meetings[3]``).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime, time

from tindus.events.compute.instance import (
    Assignment,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Placement,
    Schedule,
    Slot,
)

# Each code with its English template; the params named here are the ones the error carries.
MESSAGES: dict[str, str] = {
    "not_an_object": "%(element)s must be a JSON object.",
    "missing_field": '%(element)s has no "%(field)s".',
    "not_a_list": '%(element)s: "%(field)s" must be a list.',
    "bad_id": '%(element)s: "%(field)s" must be a non-empty identifier (text or whole number), not %(value)s.',
    "bad_boolean": '%(element)s: "%(field)s" must be true or false, not %(value)s.',
    "bad_tables": "The number of tables must be a whole number of at least 1, not %(tables)s.",
    "bad_min_meetings": "The minimum number of meetings per participant must be a whole number of at least 0, "
    "not %(value)s.",
    "duplicate_slot": "Slot %(slot)s appears twice.",
    "bad_time": "Slot %(slot)s: %(value)s is not an ISO 8601 time or date and time.",
    "mixed_times": "Slot %(slot)s: %(value)s is not written like the other slots' times "
    "(all times of day, or all dates and times, with a time zone for all or none).",
    "slot_end_before_start": "Slot %(slot)s ends at %(end)s, not after its start at %(start)s.",
    "slots_overlap": "Slots %(slot)s and %(other)s overlap.",
    "duplicate_participant": "Participant %(participant)s appears twice.",
    "unknown_available_slot": "Participant %(participant)s is available in slot %(slot)s, which does not exist.",
    "bad_max_meetings": "Participant %(participant)s: the maximum number of meetings must be a whole number "
    "of at least 0, not %(value)s.",
    "duplicate_meeting": "Meeting %(meeting)s appears twice.",
    "self_meeting": "Meeting %(meeting)s: %(participant)s cannot meet themselves.",
    "unknown_participant": "Meeting %(meeting)s: participant %(participant)s does not exist.",
    "bad_weight": "Meeting %(meeting)s: the weight must be a whole number of at least 1, not %(weight)s.",
    "unknown_reserved_slot": "A reserved table is in slot %(slot)s, which does not exist.",
    "reserved_table_out_of_range": "Reserved table %(table)s in slot %(slot)s is not between 1 and %(tables)s.",
    "unknown_locked_slot": "Meeting %(meeting)s is locked in slot %(slot)s, which does not exist.",
    "locked_over_capacity": "Slot %(slot)s has %(count)s locked meetings but only %(tables)s tables free.",
    "locked_table_out_of_range": "Meeting %(meeting)s is locked at table %(table)s, not between 1 and %(tables)s.",
    "locked_reserved": "Meeting %(meeting)s is locked at table %(table)s in slot %(slot)s, which is reserved.",
    "locked_unavailable": "Meeting %(meeting)s is locked in slot %(slot)s, where %(participant)s is not available.",
    "locked_same_table": "Meetings %(meeting)s and %(other)s are both locked at table %(table)s in slot %(slot)s.",
    "locked_participant_twice": "%(participant)s is locked into two meetings in slot %(slot)s: "
    "%(meeting)s and %(other)s.",
    "locked_over_max": "%(participant)s is locked into %(count)s meetings, more than their maximum of "
    "%(max_meetings)s.",
    "bad_frozen_before": "%(value)s is neither a slot nor a time written like the slots' times.",
}


def fail(code: str, **params: object) -> InstanceError:
    """The error of ``code`` with its English message (raise it)."""
    return InstanceError(code, MESSAGES[code], **params)


def _shown(value: object) -> str:
    """A value as the JSON showed it, for a message."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _object(value: object, element: str) -> dict:
    if not isinstance(value, dict):
        raise fail("not_an_object", element=element)
    return value


def _field(item: dict, name: str, element: str) -> object:
    if name not in item:
        raise fail("missing_field", element=element, field=name)
    return item[name]


def _list(item: dict, name: str, element: str) -> list:
    value = _field(item, name, element)
    if not isinstance(value, list):
        raise fail("not_a_list", element=element, field=name)
    return value


def _id(item: dict, name: str, element: str) -> str:
    value = _field(item, name, element)
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise fail("bad_id", element=element, field=name, value=_shown(value))
    return str(value).strip()


def _whole(value: object) -> int | None:
    """A whole number (``3`` or ``3.0``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _placement(value: object, element: str) -> Placement:
    item = _object(value, element)
    raw = _field(item, "table", element)
    table = _whole(raw)
    return Placement(slot=_id(item, "slot", element), table=raw if table is None else table)


def instance_from_json(data: object) -> Instance:
    """The instance of a JSON document (already decoded), checked; raises :class:`InstanceError`."""
    data = _object(data, "instance")
    slots = []
    for index, raw in enumerate(_list(data, "slots", "instance")):
        element = f"slots[{index}]"
        item = _object(raw, element)
        start, end = _field(item, "start", element), _field(item, "end", element)
        ident = _id(item, "id", element)
        for value in (start, end):
            if not isinstance(value, str):
                raise fail("bad_time", slot=ident, value=_shown(value))
        slots.append(Slot(id=ident, start=start, end=end))
    tables = _whole(_field(data, "tables", "instance"))
    if tables is None or tables < 1:
        raise fail("bad_tables", tables=_shown(data["tables"]))
    participants = []
    for index, raw in enumerate(_list(data, "participants", "instance")):
        element = f"participants[{index}]"
        item = _object(raw, element)
        ident = _id(item, "id", element)
        available = [_id({"available": s}, "available", element) for s in _list(item, "available", element)]
        maximum = item.get("max_meetings")
        if maximum is not None:
            value = _whole(maximum)
            if value is None or value < 0:
                raise fail("bad_max_meetings", participant=ident, value=_shown(maximum))
            maximum = value
        participants.append(Participant(id=ident, available=frozenset(available), max_meetings=maximum))
    meetings = []
    for index, raw in enumerate(_list(data, "meetings", "instance")):
        element = f"meetings[{index}]"
        item = _object(raw, element)
        ident = _id(item, "id", element)
        weight = _whole(_field(item, "weight", element))
        if weight is None or weight < 1:
            raise fail("bad_weight", meeting=ident, weight=_shown(item["weight"]))
        forced = item.get("forced", False)
        if not isinstance(forced, bool):
            raise fail("bad_boolean", element=element, field="forced", value=_shown(forced))
        locked = item.get("locked")
        meetings.append(
            Meeting(
                id=ident,
                a=_id(item, "a", element),
                b=_id(item, "b", element),
                weight=weight,
                locked=None if locked is None else _placement(locked, f"{element}.locked"),
                forced=forced,
            )
        )
    reserved = []
    for index, raw in enumerate(data.get("reserved") or []):
        cell = _placement(raw, f"reserved[{index}]")
        reserved.append((cell.slot, cell.table))
    floor = data.get("min_meetings", 0)
    if _whole(floor) is None or _whole(floor) < 0:
        raise fail("bad_min_meetings", value=_shown(floor))
    instance = Instance(
        slots=tuple(slots),
        tables=tables,
        participants=tuple(participants),
        meetings=tuple(meetings),
        reserved=frozenset(reserved),
        min_meetings=_whole(floor),
    )
    validate_instance(instance)
    return instance


def parse_time(value: str) -> datetime | time | None:
    """An ISO 8601 time of day or date and time, else None."""
    for parser in (time.fromisoformat, datetime.fromisoformat):
        try:
            return parser(value)
        except (TypeError, ValueError):
            continue
    return None


def _times(instance: Instance) -> dict[str, tuple]:
    """Each slot's (start, end), parsed; all of one kind (times of day or dates and times, aware or not)."""
    kind = None
    parsed = {}
    for slot in instance.slots:
        pair = []
        for value in (slot.start, slot.end):
            moment = parse_time(value) if isinstance(value, str) else None
            if moment is None:
                raise fail("bad_time", slot=slot.id, value=_shown(value))
            this = (type(moment), moment.tzinfo is not None)
            if kind is None:
                kind = this
            elif this != kind:
                raise fail("mixed_times", slot=slot.id, value=_shown(value))
            pair.append(moment)
        if pair[1] <= pair[0]:
            raise fail("slot_end_before_start", slot=slot.id, start=slot.start, end=slot.end)
        parsed[slot.id] = tuple(pair)
    return parsed


def _duplicates(ids: list[str]) -> str | None:
    counts = Counter(ids)
    return next((ident for ident in ids if counts[ident] > 1), None)


def validate_instance(instance: Instance) -> None:
    """Raise :class:`InstanceError` on the first rule the instance breaks (checked in a fixed order)."""
    duplicate = _duplicates([slot.id for slot in instance.slots])
    if duplicate is not None:
        raise fail("duplicate_slot", slot=duplicate)
    times = _times(instance)
    ordered = sorted(instance.slots, key=lambda slot: times[slot.id])
    for before, after in zip(ordered, ordered[1:], strict=False):
        if times[after.id][0] < times[before.id][1]:
            raise fail("slots_overlap", slot=before.id, other=after.id)
    if isinstance(instance.tables, bool) or not isinstance(instance.tables, int) or instance.tables < 1:
        raise fail("bad_tables", tables=_shown(instance.tables))
    if (
        isinstance(instance.min_meetings, bool)
        or not isinstance(instance.min_meetings, int)
        or instance.min_meetings < 0
    ):
        raise fail("bad_min_meetings", value=_shown(instance.min_meetings))
    duplicate = _duplicates([person.id for person in instance.participants])
    if duplicate is not None:
        raise fail("duplicate_participant", participant=duplicate)
    slot_ids = {slot.id for slot in instance.slots}
    people = {person.id: person for person in instance.participants}
    for person in instance.participants:
        unknown = sorted(person.available - slot_ids)
        if unknown:
            raise fail("unknown_available_slot", participant=person.id, slot=unknown[0])
        maximum = person.max_meetings
        if maximum is not None and (isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0):
            raise fail("bad_max_meetings", participant=person.id, value=_shown(maximum))
    duplicate = _duplicates([meeting.id for meeting in instance.meetings])
    if duplicate is not None:
        raise fail("duplicate_meeting", meeting=duplicate)
    for meeting in instance.meetings:
        if meeting.a == meeting.b:
            raise fail("self_meeting", meeting=meeting.id, participant=meeting.a)
        for side in (meeting.a, meeting.b):
            if side not in people:
                raise fail("unknown_participant", meeting=meeting.id, participant=side)
        weight = meeting.weight
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise fail("bad_weight", meeting=meeting.id, weight=_shown(weight))
    for slot, table in sorted(instance.reserved, key=str):
        if slot not in slot_ids:
            raise fail("unknown_reserved_slot", slot=slot)
        if isinstance(table, bool) or not isinstance(table, int) or not 1 <= table <= instance.tables:
            raise fail("reserved_table_out_of_range", slot=slot, table=_shown(table), tables=instance.tables)
    _validate_locked(instance, slot_ids, people, [slot.id for slot in ordered])


def _validate_locked(instance: Instance, slot_ids: set[str], people: dict, order: list[str]) -> None:
    locked = [meeting for meeting in instance.meetings if meeting.locked is not None]
    for meeting in locked:
        if meeting.locked.slot not in slot_ids:
            raise fail("unknown_locked_slot", meeting=meeting.id, slot=meeting.locked.slot)
    per_slot = Counter(meeting.locked.slot for meeting in locked)
    reserved = Counter(slot for slot, _table in instance.reserved)
    for slot in order:
        free = instance.tables - reserved[slot]
        if per_slot[slot] > free:
            raise fail("locked_over_capacity", slot=slot, count=per_slot[slot], tables=free)
    cells: dict[tuple[str, int], str] = {}
    seats: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = defaultdict(int)
    for meeting in locked:
        slot, table = meeting.locked.slot, meeting.locked.table
        if isinstance(table, bool) or not isinstance(table, int) or not 1 <= table <= instance.tables:
            raise fail("locked_table_out_of_range", meeting=meeting.id, table=_shown(table), tables=instance.tables)
        if (slot, table) in instance.reserved:
            raise fail("locked_reserved", meeting=meeting.id, slot=slot, table=table)
        for side in (meeting.a, meeting.b):
            if slot not in people[side].available:
                raise fail("locked_unavailable", meeting=meeting.id, slot=slot, participant=side)
        if (slot, table) in cells:
            raise fail("locked_same_table", meeting=cells[slot, table], other=meeting.id, slot=slot, table=table)
        cells[slot, table] = meeting.id
        for side in (meeting.a, meeting.b):
            if (side, slot) in seats:
                raise fail(
                    "locked_participant_twice", participant=side, slot=slot, meeting=seats[side, slot], other=meeting.id
                )
            seats[side, slot] = meeting.id
            counts[side] += 1
    for person in instance.participants:
        if person.max_meetings is not None and counts[person.id] > person.max_meetings:
            raise fail(
                "locked_over_max", participant=person.id, count=counts[person.id], max_meetings=person.max_meetings
            )


def slot_order(instance: Instance) -> list[str]:
    """The slot ids in time order (the instance must be valid)."""
    times = _times(instance)
    return sorted(times, key=lambda ident: times[ident])


def instance_to_json(instance: Instance) -> dict:
    """The JSON form of an instance (what :func:`instance_from_json` reads)."""
    data: dict = {
        "slots": [{"id": slot.id, "start": slot.start, "end": slot.end} for slot in instance.slots],
        "tables": instance.tables,
        "participants": [],
        "meetings": [],
    }
    order = {ident: index for index, ident in enumerate(slot.id for slot in instance.slots)}
    for person in instance.participants:
        item = {"id": person.id, "available": sorted(person.available, key=lambda s: order.get(s, len(order)))}
        if person.max_meetings is not None:
            item["max_meetings"] = person.max_meetings
        data["participants"].append(item)
    for meeting in instance.meetings:
        item = {"id": meeting.id, "a": meeting.a, "b": meeting.b, "weight": meeting.weight}
        if meeting.locked is not None:
            item["locked"] = {"slot": meeting.locked.slot, "table": meeting.locked.table}
        if meeting.forced:
            item["forced"] = True
        data["meetings"].append(item)
    if instance.reserved:
        data["reserved"] = [{"slot": slot, "table": table} for slot, table in sorted(instance.reserved)]
    if instance.min_meetings:
        data["min_meetings"] = instance.min_meetings
    return data


def schedule_to_json(schedule: Schedule) -> dict:
    """The JSON form of a schedule: assignments, weight, bound, gaps, status, seconds, changed."""
    return {
        "assignments": [{"meeting": a.meeting, "slot": a.slot, "table": a.table} for a in schedule.assignments],
        "weight": schedule.weight,
        "bound": schedule.bound,
        "gaps": schedule.gaps,
        "status": schedule.status,
        "seconds": round(schedule.seconds, 3),
        "changed": list(schedule.changed),
    }


def schedule_from_json(data: object) -> Schedule:
    """A schedule from its JSON form; checks the shape only (:mod:`.validate` checks it against an instance)."""
    data = _object(data, "schedule")
    assignments = []
    for index, raw in enumerate(_list(data, "assignments", "schedule")):
        element = f"assignments[{index}]"
        item = _object(raw, element)
        table = _whole(_field(item, "table", element))
        assignments.append(
            Assignment(meeting=_id(item, "meeting", element), slot=_id(item, "slot", element), table=table or 0)
        )
    return Schedule(
        assignments=assignments,
        weight=_whole(data.get("weight", 0)) or 0,
        bound=float(data.get("bound", 0) or 0),
        gaps=_whole(data.get("gaps", 0)) or 0,
        status=str(data.get("status", "")),
        seconds=float(data.get("seconds", 0) or 0),
        changed=[str(ident) for ident in data.get("changed") or []],
    )
