"""The time slots of an event's day, from its half-days, the meeting length and the break between meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedSlot:
    start: dt.time
    end: dt.time
    half_day: str  # "morning" or "afternoon"


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def slots_for(
    half_days: list[tuple[str, dt.time | None, dt.time | None]], slot_minutes: int, break_minutes: int
) -> list[PlannedSlot]:
    """Consecutive slots of ``slot_minutes`` separated by ``break_minutes`` within each (name, start, end)
    half-day that has both times; a last slot that would end after the half-day is dropped."""
    slots = []
    for name, start, end in half_days:
        if start is None or end is None:
            continue
        at, stop = _minutes(start), _minutes(end)
        while at + slot_minutes <= stop:
            slots.append(PlannedSlot(_time(at), _time(at + slot_minutes), name))
            at += slot_minutes + break_minutes
    return slots


def parse_table_numbers(text: str, count: int) -> list[int]:
    """« 1, 4-6 » → [1, 4, 5, 6]; raises ValueError naming the bad part or a number outside 1..count."""
    numbers: set[int] = set()
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        low, _sep, high = part.partition("-")
        if not low.strip().isdigit() or (high and not high.strip().isdigit()):
            raise ValueError(part)
        first, last = int(low), int(high or low)
        if first < 1 or last > count or first > last:
            raise ValueError(part)
        numbers.update(range(first, last + 1))
    return sorted(numbers)
