"""The committee's statistics of an event: the page, and the workbook and PDF built in the background."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory
from tests.jobs.inprocess import result_bytes, run_job
from tindus.events import feedback
from tindus.events.models import MeetingRequest, Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(haut_doubs, team):
    event = EventFactory(territory=haut_doubs, date=datetime.date(2025, 3, 13), synthetic=True)
    slots, table = list(event.slots.all()), event.tables.first()
    people = [ParticipantFactory(event=event, company_name=f"Entreprise {n}") for n in range(5)]
    people[4].absent = True
    people[4].save()
    for n, (a, b) in enumerate([(0, 1), (0, 2), (1, 3)]):
        request = MeetingRequest.objects.create(
            event=event,
            sender=people[a],
            recipient=people[b],
            status="accepted",
            expires_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
        )
        EventMeetingFactory(a=people[a], b=people[b], request=request, slot=slots[n], table=table)
    MeetingRequest.objects.create(
        event=event,
        sender=people[2],
        recipient=people[3],
        expires_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
    )  # past: expired
    first, second, third = event.meetings.order_by("slot__start")
    feedback.record(first, first.a, Outcome.SYNERGY, team, category="matieres")
    feedback.record(second, second.b, Outcome.NOT_HELD, team)
    feedback.record(third, third.a, Outcome.INFORMATIVE, team)
    return event


def test_the_committee_reads_the_figures_with_their_source(committee_client, event):
    page = committee_client.get(reverse("events:statistics", args=[event.territory.slug, event.pk]))
    assert page.status_code == 200
    shown = {f.key: f for s in page.context["figures"] for f in s.figures}
    assert shown["registrations"].value == 5
    assert shown["absence_rate"].value == 20.0 and shown["absence_rate"].detail == "1 / 5"
    assert shown["request:expired"].value == 1 and shown["requests_sent"].value == 4
    assert shown["placed"].value == 3 and shown["held"].value == 2
    assert shown["not_held_rate"].detail == "1 / 3"
    assert shown["outcome:synergy"].value == 1 and shown["kind:matieres"].value == 1
    assert shown["opportunities"].value == 1 and shown["opportunity:study"].value == 1
    content = page.content.decode()
    assert "Source" in content and ("synthétiques" in content or "Synthetic" in content)
    assert page.context["opportunities"][0].title.startswith("Rencontre Entreprise 0")


def test_the_workbook_carries_the_figures_the_source_and_the_synthetic_mention(committee_client, event):
    url = reverse("events:statistics_export", args=[event.territory.slug, event.pk])
    assert committee_client.get(url).status_code == 200  # a GET starts nothing
    job = run_job(committee_client.post(url, {"format": "xlsx"}))
    book = load_workbook(io.BytesIO(result_bytes(job)))
    figures, opportunities = book.worksheets
    source = figures["A1"].value
    assert "Tindus" in source and event.title in source and ("synthétiques" in source or "Synthetic" in source)
    values = {row[1]: row[2] for row in figures.iter_rows(min_row=3, values_only=True)}
    assert values[gettext("Meetings placed in the schedule")] == 3 and values[gettext("Meetings held")] == 2
    assert opportunities["A1"].value == source
    assert [row[0] for row in opportunities.iter_rows(min_row=3, values_only=True)] == [
        event.meetings.order_by("slot__start").first().feedback.get().opportunity_id
    ]


def test_the_pdf(committee_client, event):
    url = reverse("events:statistics_export", args=[event.territory.slug, event.pk])
    job = run_job(committee_client.post(url, {"format": "pdf"}))
    assert result_bytes(job).startswith(b"%PDF")


def test_an_unknown_format_starts_nothing(committee_client, event):
    url = reverse("events:statistics_export", args=[event.territory.slug, event.pk])
    assert committee_client.post(url, {"format": "docx"}).status_code == 404
