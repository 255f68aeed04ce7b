"""Where the day stands at a given moment: the slot under way, the next one, before and after the day."""

import datetime as dt
from dataclasses import dataclass

from tindus.events.day_clock import day_point, first_open, parse_clock

DAY = dt.date(2030, 6, 13)


@dataclass
class Slot:
    start: dt.time
    end: dt.time


SLOTS = [
    Slot(dt.time(14), dt.time(14, 20)),
    Slot(dt.time(14, 25), dt.time(14, 45)),
    Slot(dt.time(14, 50), dt.time(15, 10)),
]


def at(hours: int, minutes: int, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hours, minutes))


def test_the_point_of_the_day():
    assert day_point(SLOTS, DAY, at(14, 30)).state == "running"
    assert day_point(SLOTS, DAY, at(14, 30)).slot is SLOTS[1]
    assert day_point(SLOTS, DAY, at(14, 20)).slot is SLOTS[1]  # a slot's end is not in it: the break
    assert day_point(SLOTS, DAY, at(14, 20)).state == "between"
    assert day_point(SLOTS, DAY, at(9, 0)).slot is SLOTS[0]
    assert day_point(SLOTS, DAY, at(15, 10)).state == "over"
    assert day_point(SLOTS, DAY, at(15, 10)).slot is None
    earlier = day_point(SLOTS, DAY, at(16, 0, DAY - dt.timedelta(days=1)))
    assert (earlier.state, earlier.slot) == ("before", SLOTS[0])
    assert day_point(SLOTS, DAY, at(9, 0, DAY + dt.timedelta(days=1))).state == "over"


def test_the_first_slot_a_re_schedule_may_change():
    assert first_open(SLOTS, DAY, at(14, 30)) is SLOTS[2]  # the one under way is kept
    assert first_open(SLOTS, DAY, at(14, 46)) is SLOTS[2]
    assert first_open(SLOTS, DAY, at(8, 0)) is SLOTS[0]
    assert first_open(SLOTS, DAY, at(14, 55)) is None
    assert first_open(SLOTS, DAY, at(8, 0, DAY - dt.timedelta(days=3))) is SLOTS[0]


def test_clock_times():
    assert parse_clock("14:25") == dt.time(14, 25)
    assert parse_clock(" 9:05 ") == dt.time(9, 5)
    for bad in ("", "14h25", "25:00", "14:61", "quatorze"):
        assert parse_clock(bad) is None, bad
