"""A territory's events as an iCalendar file (RFC 5545), written as :mod:`.ics` writes a participant's agenda:
local times with their VTIMEZONE, a stable UID per event (importing a newer file updates each event instead
of adding it again), lines folded and ended by CRLF by the icalendar library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Event


def event_uid(event: Event) -> str:
    return f"tindus-event-{event.pk}@{event.territory.slug}.tindus"


def event_times(event: Event) -> tuple[dt.time | None, dt.time | None]:
    """The event's first and last hour, from its half-days (None when it has none: an all-day event)."""
    starts = [t for t in (event.morning_start, event.afternoon_start) if t]
    ends = [t for t in (event.morning_end, event.afternoon_end) if t]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def events_ics(name: str, events: Iterable[Event], base_url: str = "", now: dt.datetime | None = None) -> bytes:
    """The iCalendar file of ``events``, named ``name``; ``base_url`` makes each event's link absolute."""
    zone = ZoneInfo(settings.TIME_ZONE)
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tindus//Événements du territoire//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", event_uid(event))
        entry.add("dtstamp", stamp)
        start, end = event_times(event)
        if start and end and end > start:
            entry.add("dtstart", dt.datetime.combine(event.date, start, tzinfo=zone))
            entry.add("dtend", dt.datetime.combine(event.date, end, tzinfo=zone))
        else:
            entry.add("dtstart", event.date)
            entry.add("dtend", event.date + dt.timedelta(days=1))
        entry.add("summary", event.title)
        entry.add("location", event.place)
        if event.description:
            entry.add("description", event.description)
        if base_url:
            entry.add("url", base_url.rstrip("/") + event.get_absolute_url())
        entry.add("status", "CONFIRMED")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
