"""Where the day of an event stands at a given moment: the slot running now, or the next one.

Slots are local times (``settings.TIME_ZONE``) on the event's date. Plain Python: the views pass the
slots and the moment (the clock, or a time the organiser gives to look ahead).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class SlotLike(Protocol):
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class DayPoint:
    """``state``: "before" (an earlier day), "running" (``slot`` is under way), "between" (``slot`` is the
    next one, later today), "over" (the last slot has ended, or a later day; ``slot`` is None)."""

    state: str
    slot: SlotLike | None

    @property
    def started(self) -> bool:
        return self.state == "running"


def day_point(slots: list, day: dt.date, at: dt.datetime) -> DayPoint:
    """The point of the day at ``at`` (a local, naive or aware, date and time) for ``slots`` in time order."""
    if at.date() < day:
        return DayPoint("before", slots[0] if slots else None)
    if at.date() > day:
        return DayPoint("over", None)
    moment = at.time().replace(tzinfo=None)
    for slot in slots:
        if slot.start <= moment < slot.end:
            return DayPoint("running", slot)
        if moment < slot.start:
            return DayPoint("between", slot)
    return DayPoint("over", None)


def first_open(slots: list, day: dt.date, at: dt.datetime) -> SlotLike | None:
    """The first slot that has not started at ``at``: a re-schedule may change it and those after, not the
    slots already under way or past. None when every slot has started."""
    point = day_point(slots, day, at)
    if point.state == "before":
        return slots[0] if slots else None
    if point.state == "between":
        return point.slot
    if point.state == "running":
        later = [slot for slot in slots if slot.start > point.slot.start]
        return later[0] if later else None
    return None


def parse_clock(text: str) -> dt.time | None:
    """« 14:25 » → 14:25; None if it is not a time of day."""
    try:
        hours, minutes = text.strip().split(":")
        return dt.time(int(hours), int(minutes))
    except (ValueError, TypeError):
        return None
