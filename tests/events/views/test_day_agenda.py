"""Each participant's agenda as a page, a PDF and an ICS file: a company reads only its own, once the
organiser has published the agendas; the team reads any at any time."""

import icalendar
import pytest

from tests.events.views.day_helpers import day_url
from tests.events.views.participants_helpers import SCIERIE
from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tindus.events.compute.instance import Assignment, Schedule
from tindus.events.instance_build import apply_schedule, build_instance
from tindus.events.models import SchedulingRun

pytestmark = pytest.mark.django_db
OWN = SCIERIE  # the company representative of the events tests speaks for the sawmill (conftest.py)


@pytest.fixture
def event(haut_doubs):
    return EventFactory(territory=haut_doubs, schedule_published=True)


@pytest.fixture
def own(event):
    me = ParticipantFactory(event=event, siret=OWN, company_name="Scierie du Saugeais")
    slots = list(event.slots.order_by("start"))
    partner = ParticipantFactory(event=event, company_name="Décolletage de Morteau", person_name="Léa Faivre",
                                 person_role="Directrice", offers=["matieres"], offers_text="Copeaux de laiton",
                                 seeks=["energie"])  # fmt: skip
    EventMeetingFactory(a=partner, b=me, slot=slots[2], table=event.tables.get(number=4))
    return me


@pytest.fixture
def other(event):
    someone = ParticipantFactory(event=event, company_name="Horlogerie Vuillemin")
    EventMeetingFactory(a=someone, b=ParticipantFactory(event=event, company_name="Secret SA"),
                        slot=event.slots.first(), table=event.tables.first())  # fmt: skip
    return someone


def test_a_company_reads_its_own_agenda(company_client, event, own):
    response = company_client.get(day_url("agenda", event, own.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Décolletage de Morteau" in text and "Léa Faivre, Directrice" in text
    assert "14:50" in text and "Table 4" in text
    assert "Copeaux de laiton" in text
    [item] = response.context["items"]
    assert item.partner.company_name == "Décolletage de Morteau"


def test_the_agenda_as_pdf_and_ics(company_client, event, own):
    pdf = company_client.get(day_url("agenda_pdf", event, own.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    ics = company_client.get(day_url("agenda_ics", event, own.pk))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert 'filename="agenda-scierie-du-saugeais.ics"' in ics["Content-Disposition"]
    [meeting] = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert "Décolletage de Morteau" in str(meeting["SUMMARY"])
    assert meeting.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == "2030-06-13 14:50"


def test_a_company_cannot_read_another_agenda(company_client, event, own, other):
    for name in ("agenda", "agenda_pdf", "agenda_ics"):
        response = company_client.get(day_url(name, event, other.pk))
        assert response.status_code == 404, name
        assert b"Secret SA" not in response.content


def test_nothing_before_publication(company_client, team_client, event, own):
    event.schedule_published = False
    event.save()
    page = company_client.get(day_url("agenda", event, own.pk))
    assert page.status_code == 200 and b"D\xc3\xa9colletage de Morteau" not in page.content
    assert company_client.get(day_url("agenda_pdf", event, own.pk)).status_code == 404
    assert company_client.get(day_url("agenda_ics", event, own.pk)).status_code == 404
    # The event's page promises the agenda for later, without a link.
    overview = company_client.get(event.get_absolute_url()).content.decode()
    assert day_url("agenda", event, own.pk) not in overview
    # The organiser reads it before publishing.
    assert "Décolletage de Morteau" in team_client.get(day_url("agenda", event, own.pk)).content.decode()
    assert team_client.get(day_url("agenda_ics", event, own.pk)).status_code == 200


def test_the_event_page_links_a_company_to_its_agenda_once_published(company_client, event, own):
    overview = company_client.get(event.get_absolute_url()).content.decode()
    assert day_url("agenda", event, own.pk) in overview
    assert day_url("agenda_ics", event, own.pk) in overview


def test_the_agenda_says_what_changed_since_publication(company_client, event, own):
    meeting = own.meetings_as_b.get()
    slots = list(event.slots.order_by("start"))
    dropped = EventMeetingFactory(a=own, b=ParticipantFactory(event=event, company_name="Fromagerie du Mont"),
                                  slot=slots[0], table=event.tables.first())  # fmt: skip
    built = build_instance(event)
    moved = Schedule(assignments=[Assignment(str(meeting.pk), str(slots[4].pk), 2)], weight=2, bound=4.0, gaps=0,
                     status="optimal")  # fmt: skip
    apply_schedule(built, moved, kind=SchedulingRun.Kind.RESCHEDULE)

    response = company_client.get(day_url("agenda", event, own.pk))

    [item] = response.context["items"]
    assert (item.slot, item.table.number) == (slots[4], 2)
    assert [c["before"] for c in item.changes] == ["14:50 · Table 4"]
    assert "14:50 · Table 4" in response.content.decode()
    assert [c["meeting"] for c in response.context["dropped"]] == [dropped.pk]
    assert "Scierie du Saugeais – Fromagerie du Mont" in response.content.decode()
