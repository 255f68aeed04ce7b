"""A participant's agenda as an iCalendar file (RFC 5545) that calendar software imports.

One VEVENT per meeting, at its local time (``settings.TIME_ZONE``, with its VTIMEZONE); the UID is made
from the meeting's key, so that importing a newer export updates each meeting instead of adding it again,
and SEQUENCE counts the times the meeting was moved by a re-schedule. The icalendar library writes the
lines folded at 75 octets and ended by CRLF, as the RFC requires.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .agenda import AgendaItem
from .models import Event, Participant


def meeting_uid(event: Event, meeting_pk: int) -> str:
    return f"tindus-event-{event.pk}-meeting-{meeting_pk}@{event.territory.slug}.tindus"


def _description(item: AgendaItem, event: Event) -> str:
    partner = item.partner
    lines = [event.title]
    person = partner.person_name + (f", {partner.person_role}" if partner.person_role else "")
    lines.append(_("With: %(person)s (%(company)s)") % {"person": person, "company": partner.company_name})
    if partner.offer_labels() or partner.offers_text:
        offers = ", ".join(partner.offer_labels() + ([partner.offers_text] if partner.offers_text else []))
        lines.append(_("Offers: %(offers)s") % {"offers": offers})
    if partner.seek_labels() or partner.seeks_text:
        seeks = ", ".join(partner.seek_labels() + ([partner.seeks_text] if partner.seeks_text else []))
        lines.append(_("Seeks: %(seeks)s") % {"seeks": seeks})
    return "\n".join(lines)


def agenda_ics(participant: Participant, items: list[AgendaItem], now: dt.datetime | None = None) -> bytes:
    """The iCalendar file of ``participant``'s meetings (``items``, from :func:`.agenda.agenda_of`)."""
    event = participant.event
    zone = ZoneInfo(settings.TIME_ZONE)
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tindus//Agenda des rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{event.title} · {participant.company_name}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for item in items:
        if item.cancelled:
            continue
        entry = icalendar.Event()
        entry.add("uid", meeting_uid(event, item.meeting.pk))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", dt.datetime.combine(event.date, item.slot.start, tzinfo=zone))
        entry.add("dtend", dt.datetime.combine(event.date, item.slot.end, tzinfo=zone))
        entry.add("summary", _("Meeting: %(partner)s") % {"partner": item.partner.company_name})
        entry.add("location", f"{event.place} · {item.table}")
        entry.add("description", _description(item, event))
        entry.add("sequence", len(item.changes))
        entry.add("status", "CONFIRMED")
        entry.add("transp", "OPAQUE")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
