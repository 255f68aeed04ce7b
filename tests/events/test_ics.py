"""A participant's agenda as an iCalendar file: read back with icalendar, times at the slots' local times,
a UID per meeting that stays the same from one export to the next, lines ended by CRLF."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils.translation import gettext

from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tindus.events.agenda import agenda_of
from tindus.events.ics import agenda_ics

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def summary(partner: str) -> str:
    """« Rendez-vous : <partner> » (from the catalogue: English until it holds the French)."""
    return gettext("Meeting: %(partner)s") % {"partner": partner}


@pytest.fixture
def agenda(haut_doubs):
    event = EventFactory(territory=haut_doubs, place="Salle des fêtes, Morteau")  # 13 June 2030
    slots = list(event.slots.order_by("start"))
    me = ParticipantFactory(event=event, company_name="Scierie du Saugeais")
    partner = ParticipantFactory(event=event, company_name="Décolletage de Morteau", person_name="Léa Faivre",
                                 person_role="Directrice", offers=["matieres"], seeks_text="Sciure")  # fmt: skip
    other = ParticipantFactory(event=event, company_name="Horlogerie Vuillemin")
    first = EventMeetingFactory(a=me, b=partner, slot=slots[1], table=event.tables.get(number=3))
    second = EventMeetingFactory(a=other, b=me, slot=slots[3], table=event.tables.get(number=1))
    EventMeetingFactory(a=me, b=ParticipantFactory(event=event))  # not placed: not in the file
    return me, first, second


def test_the_file_reads_back_with_the_meetings_at_their_local_times(agenda):
    me, first, second = agenda
    content = agenda_ics(me, agenda_of(me))
    calendar = icalendar.Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert set(by_summary) == {summary("Décolletage de Morteau"), summary("Horlogerie Vuillemin")}
    morning = next(e for e in events if "Décolletage" in str(e["SUMMARY"]))
    start, end = morning.decoded("DTSTART"), morning.decoded("DTEND")
    assert start == datetime.datetime(2030, 6, 13, 14, 25, tzinfo=PARIS)
    assert end == datetime.datetime(2030, 6, 13, 14, 45, tzinfo=PARIS)
    assert start.astimezone(datetime.UTC).hour == 12  # summer time: UTC+2
    assert str(morning["LOCATION"]) == "Salle des fêtes, Morteau · Table 3"
    assert "Léa Faivre, Directrice" in str(morning["DESCRIPTION"]) and "Sciure" in str(morning["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"


def test_uids_are_stable_and_lines_end_with_crlf(agenda):
    me, first, second = agenda
    once = agenda_ics(me, agenda_of(me))
    again = agenda_ics(me, agenda_of(me), now=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC))
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(once).walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")]
    assert len(set(uids)) == 2 and all(str(first.pk) in u or str(second.pk) in u for u in uids)
    assert once.startswith(b"BEGIN:VCALENDAR\r\n") and once.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in once.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in once.split(b"\r\n"))


def test_a_meeting_with_an_absent_partner_is_left_out(agenda):
    me, first, second = agenda
    first.b.absent = True
    first.b.save()
    events = icalendar.Calendar.from_ical(agenda_ics(me, agenda_of(me))).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [summary("Horlogerie Vuillemin")]
