"""A territory's governance meetings as an iCalendar file (RFC 5545) that calendar software imports.

One VEVENT per meeting: at its local time (``settings.TIME_ZONE``, with its VTIMEZONE) when it has one,
else on its day. The UID is made from the meeting's key, so that importing a newer file updates each
meeting instead of adding it again. ``public`` leaves out what the public site does not show (the place,
the agenda): only the day and the instance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.territories.models import Territory

from .models import Meeting


def meeting_uid(meeting: Meeting, territory: Territory) -> str:
    return f"tindus-governance-meeting-{meeting.pk}@{territory.slug}.tindus"


def meetings_ics(
    territory: Territory, meetings: Iterable[Meeting], public: bool, now: dt.datetime | None = None
) -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tindus//Séances de la gouvernance//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Governance meetings · %(name)s") % {"name": territory.name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        entry = icalendar.Event()
        entry.add("uid", meeting_uid(meeting, territory))
        entry.add("dtstamp", stamp)
        if meeting.time and not public:
            entry.add("dtstart", dt.datetime.combine(meeting.date, meeting.time, tzinfo=zone))
        else:
            entry.add("dtstart", meeting.date)
            entry.add("dtend", meeting.date + dt.timedelta(days=1))
        entry.add("summary", _("Meeting: %(name)s") % {"name": meeting.instance.name})
        if not public:
            if meeting.place:
                entry.add("location", meeting.place)
            if meeting.agenda_items():
                entry.add("description", "\n".join([_("Agenda:"), *(f"- {item}" for item in meeting.agenda_items())]))
        entry.add("status", "CONFIRMED")
        entry.add("transp", "OPAQUE")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
