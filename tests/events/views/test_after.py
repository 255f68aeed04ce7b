"""After the event: each side's feedback on its placed meetings, and what it does to the synergies pipeline."""

import datetime
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.events.views.participants_helpers import SCIERIE
from tests.factories import EventFactory, EventMeetingFactory, MembershipFactory, ParticipantFactory
from tindus.accounts.models import Role
from tindus.events import feedback
from tindus.events.models import Feedback, Meeting, Outcome
from tindus.synergies.models import Kind, Opportunity, Status, StatusChange

pytestmark = pytest.mark.django_db
OWN = SCIERIE  # the company representative of the events tests speaks for the sawmill (conftest.py)
PAST = datetime.date(2025, 3, 13)


def placed(event, a=None, b=None, n=0) -> Meeting:
    """A meeting placed in the event's n-th slot at its first table."""
    a = a or ParticipantFactory(event=event)
    b = b or ParticipantFactory(event=event)
    slot = list(event.slots.all())[n]
    return EventMeetingFactory(a=a, b=b, slot=slot, table=event.tables.first())


@pytest.fixture
def past(haut_doubs):
    return EventFactory(territory=haut_doubs, date=PAST)


@pytest.fixture
def meeting(past):
    own = ParticipantFactory(event=past, siret=OWN, company_name="Scierie du Saugeais")
    other = ParticipantFactory(event=past, company_name="Décolletage de Morteau")
    return placed(past, own, other)


def url(meeting, participant):
    return reverse("events:feedback", args=[meeting.event.territory.slug, meeting.event_id, meeting.pk, participant.pk])


def answer(outcome, category="", note=""):
    return {"outcome": outcome, "synergy_category": category, "note": note}


def test_a_company_gives_its_own_side_once_and_may_change_it(company_client, meeting):
    own = meeting.a
    response = company_client.post(url(meeting, own), answer("informative", note="Bon contact"))
    assert response.status_code == 302
    response = company_client.post(url(meeting, own), answer("no_interest"))
    assert response.status_code == 302
    given = Feedback.objects.get(meeting=meeting, participant=own)  # one per side: replaced, not added
    assert (given.outcome, given.note) == ("no_interest", "")
    meeting.refresh_from_db()
    assert meeting.held is True
    assert Feedback.objects.count() == 1


def test_a_company_may_not_answer_for_the_other_side(company_client, meeting):
    response = company_client.post(url(meeting, meeting.b), answer("not_held"))
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_the_team_enters_either_side(team_client, meeting):
    for side in (meeting.a, meeting.b):
        assert team_client.post(url(meeting, side), answer("informative")).status_code == 302
    assert set(Feedback.objects.values_list("participant", flat=True)) == {meeting.a_id, meeting.b_id}


def test_only_the_sides_of_a_placed_meeting(team_client, past, meeting):
    stranger = ParticipantFactory(event=past)
    assert team_client.post(url(meeting, stranger), answer("informative")).status_code == 404
    unplaced = EventMeetingFactory(a=ParticipantFactory(event=past))
    assert team_client.post(url(unplaced, unplaced.a), answer("informative")).status_code == 404
    cancelled = placed(past, n=1)
    Meeting.objects.filter(pk=cancelled.pk).update(status="cancelled")
    assert team_client.get(url(cancelled, cancelled.a)).status_code == 404
    assert not Feedback.objects.exists()


def test_not_before_the_meeting_is_over(team_client, haut_doubs):
    future = EventFactory(territory=haut_doubs)  # 2030
    early = placed(future)
    page = team_client.get(url(early, early.a))
    assert page.status_code == 200 and '<form method="post" class="stacked"' not in page.content.decode()
    response = team_client.post(url(early, early.a), answer("informative"), follow=True)
    assert "once it is over" in response.content.decode() or "une fois" in response.content.decode()
    assert not Feedback.objects.exists()


def test_open_once_the_slot_is_over_on_the_day_itself(haut_doubs):
    event = EventFactory(territory=haut_doubs, date=timezone.localdate())
    meeting = placed(event)  # 14:00–14:20
    end = timezone.make_aware(datetime.datetime.combine(event.date, datetime.time(14, 20)))
    assert not feedback.feedback_open(meeting, now=end - datetime.timedelta(minutes=1))
    assert feedback.feedback_open(meeting, now=end)


def test_synergy_needs_its_kind(company_client, meeting):
    response = company_client.post(url(meeting, meeting.a), answer("synergy", note="Chutes de bois"))
    assert response.status_code == 400
    assert "synergy_category" in response.context["form"].errors
    assert "Chutes de bois" in response.content.decode()  # nothing lost
    assert not Feedback.objects.exists() and not Opportunity.objects.exists()


def test_not_held_marks_the_meeting_and_any_side_saying_it_took_place_wins(team_client, meeting):
    team_client.post(url(meeting, meeting.a), answer("not_held"))
    meeting.refresh_from_db()
    assert meeting.held is False
    team_client.post(url(meeting, meeting.b), answer("informative"))
    meeting.refresh_from_db()
    assert meeting.held is True
    assert not Opportunity.objects.exists()


def test_cooperation_creates_the_pairs_opportunity(company_client, meeting, haut_doubs):
    company_client.post(url(meeting, meeting.a), answer("cooperation"))
    opportunity = Opportunity.objects.get()
    assert opportunity.territory == haut_doubs and opportunity.kind == Kind.MEETING
    assert opportunity.status == Status.CONTACT and opportunity.category == "services"
    assert {c["siret"] for c in opportunity.companies} == {meeting.a.siret, meeting.b.siret}
    assert {c["role"] for c in opportunity.companies} == {"member"}
    assert meeting.event.title in opportunity.title and "Décolletage de Morteau" in opportunity.title
    assert meeting.event.title in opportunity.explanation
    assert opportunity.signature == f"meeting:{meeting.event_id}:{min(meeting.a.siret, meeting.b.siret)}:" + max(
        meeting.a.siret, meeting.b.siret
    )
    assert Feedback.objects.get().opportunity == opportunity
    assert list(opportunity.changes.values_list("status", flat=True)) == [Status.CONTACT]


def test_a_synergy_advances_it_and_nothing_moves_it_back(team_client, meeting):
    team_client.post(url(meeting, meeting.a), answer("cooperation"))
    team_client.post(url(meeting, meeting.b), answer("synergy", "matieres"))
    opportunity = Opportunity.objects.get()  # the same pair: one opportunity
    assert opportunity.status == Status.STUDY and opportunity.category == "matieres"
    assert Feedback.objects.get(participant=meeting.b).opportunity == opportunity
    team_client.post(url(meeting, meeting.a), answer("cooperation", note="encore"))
    opportunity.refresh_from_db()
    assert opportunity.status == Status.STUDY  # never backwards
    assert list(opportunity.changes.values_list("status", flat=True)) == [Status.CONTACT, Status.STUDY]


def test_a_closed_opportunity_is_left_as_the_team_set_it(team_client, meeting, team):
    team_client.post(url(meeting, meeting.a), answer("cooperation"))
    opportunity = Opportunity.objects.get()
    Opportunity.objects.filter(pk=opportunity.pk).update(status=Status.ABANDONED)
    team_client.post(url(meeting, meeting.b), answer("synergy", "energie"))
    opportunity.refresh_from_db()
    assert opportunity.status == Status.ABANDONED
    assert StatusChange.objects.filter(opportunity=opportunity).count() == 1


def test_the_signature_is_the_pairs_whichever_side_asked(past):
    a, b = ParticipantFactory(event=past), ParticipantFactory(event=past)
    one = placed(past, a, b)
    other = Meeting(event=past, a=b, b=a)
    assert feedback.signature(one) == feedback.signature(other)
    assert feedback.signature(one) != feedback.signature(placed(past, a, ParticipantFactory(event=past), n=1))


def test_an_opportunity_of_a_synthetic_event_is_synthetic(team, past):
    past.synthetic = True
    past.save()
    meeting = placed(past)
    feedback.record(meeting, meeting.a, Outcome.SYNERGY, team, category="logistique")
    assert Opportunity.objects.get().synthetic


def test_the_list_shows_a_company_its_own_meetings_only(company_client, past, meeting):
    others = placed(past, n=1)
    page = company_client.get(reverse("events:feedback_list", args=[past.territory.slug, past.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert url(meeting, meeting.a) in content and url(meeting, meeting.b) not in content
    assert others.a.company_name not in content


def test_the_list_links_the_team_to_both_sides(team_client, past, meeting):
    content = team_client.get(reverse("events:feedback_list", args=[past.territory.slug, past.pk])).content.decode()
    assert url(meeting, meeting.a) in content and url(meeting, meeting.b) in content


def test_the_opportunity_page_reads_its_kind(team_client, meeting, haut_doubs):
    team_client.post(url(meeting, meeting.a), answer("cooperation"))
    opportunity = Opportunity.objects.get()
    page = team_client.get(reverse("synergies:opportunity", args=[haut_doubs.slug, opportunity.pk]))
    assert page.status_code == 200
    assert escape(opportunity.get_kind_display()) in page.content.decode()
    event_url = reverse("events:event", args=[haut_doubs.slug, meeting.event_id])
    assert f'href="{event_url}"' in page.content.decode()  # back to the event the meeting was part of
    pipeline = team_client.get(reverse("synergies:pipeline", args=[haut_doubs.slug]))
    assert escape(opportunity.title) in pipeline.content.decode()


def test_a_representative_of_another_company_is_refused(haut_doubs, meeting):
    stranger = MembershipFactory(territory=haut_doubs, role=Role.COMPANY, company_siret="35600000000048").user
    assert signed_in(stranger).get(url(meeting, meeting.a)).status_code == 403


def test_the_event_page_links_each_role_to_its_part(haut_doubs, meeting, team_client, committee_client, company_client,
                                                    partner_client):  # fmt: skip
    event = meeting.event
    page = reverse("events:event", args=[haut_doubs.slug, event.pk])
    feedback_url = reverse("events:feedback_list", args=[haut_doubs.slug, event.pk])
    statistics_url = reverse("events:statistics", args=[haut_doubs.slug, event.pk])
    seen = {name: client.get(page).content.decode() for name, client in
            [("team", team_client), ("committee", committee_client), ("company", company_client),
             ("partner", partner_client)]}  # fmt: skip
    assert feedback_url in seen["team"] and statistics_url in seen["team"]
    assert feedback_url not in seen["committee"] and statistics_url in seen["committee"]
    assert feedback_url in seen["company"] and statistics_url not in seen["company"]  # registered: its feedback
    assert 'id="after"' not in seen["partner"]
