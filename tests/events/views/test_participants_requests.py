"""Meeting requests between participants: within the booking window, once per pair in either direction,
never to oneself nor for a forbidden pair; answered with a priority (the meeting weighs both), declined,
withdrawn, or expired when nobody answers — and a company acts for its own registration only."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import EventFactory, ParticipantFactory
from tindus.events import meeting_requests as rules
from tindus.events.instance_build import build_instance
from tindus.events.models import Meeting, MeetingRequest, MeetingStatus, Priority, RequestStatus
from tindus.events.tasks import expire_meeting_requests
from tindus.jobs.periodic import registered

from .participants_helpers import SCIERIE, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(event):
    return ParticipantFactory(event=event, siret=SCIERIE, company_name="Scierie")


@pytest.fixture
def other(event):
    return ParticipantFactory(event=event, company_name="Panneaux")


def ask(client, event, sender, recipient, priority=Priority.HIGH, message="Vos sciures nous intéressent"):
    return client.post(url(event, "request_create", participant=sender.pk, other=recipient.pk),
                       {"priority": priority, "message": message})  # fmt: skip


def refusal(response) -> list[str]:
    return response.context["form"].non_field_errors()


def test_a_request_is_sent_with_its_priority_and_expiry(company_client, event, own, other):
    before = timezone.now()
    response = ask(company_client, event, own, other)
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.sender, request.recipient, request.priority, request.status) == (
        own,
        other,
        Priority.HIGH,
        RequestStatus.PENDING,
    )
    assert request.message == "Vos sciures nous intéressent" and not request.from_suggestion
    expected = before + datetime.timedelta(days=event.request_expiry_days)
    assert expected <= request.expires_at <= timezone.now() + datetime.timedelta(days=event.request_expiry_days)


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (datetime.timedelta(days=2), None, None),  # not open yet: the opening date is given
        (None, -datetime.timedelta(hours=1), "Meeting requests are closed for this event."),
    ],
)
def test_requests_only_within_the_booking_window(company_client, haut_doubs, opens, closes, message):
    now = timezone.now()
    event = EventFactory(territory=haut_doubs, booking_opens=now + opens if opens else None,
                         booking_closes=now + closes if closes else None)  # fmt: skip
    own, other = ParticipantFactory(event=event, siret=SCIERIE), ParticipantFactory(event=event)
    response = ask(company_client, event, own, other)
    assert response.status_code == 400 and not MeetingRequest.objects.exists()
    if message:
        assert refusal(response) == [_(message)]
    else:
        assert refusal(response)[0].startswith(_("Meeting requests open on %(at)s.").split("%")[0])
    page = company_client.get(url(event, "request_create", participant=own.pk, other=other.pk)).content.decode()
    assert 'name="priority"' not in page  # the form is not even offered


def test_a_pair_is_asked_once_in_either_direction_while_pending_or_accepted(company_client, event, own, other):
    assert ask(company_client, event, own, other).status_code == 302
    again = ask(company_client, event, own, other)
    assert again.status_code == 400
    assert refusal(again) == [_("A request between these two companies is already awaiting an answer.")]
    with pytest.raises(rules.RefusedError):
        rules.send_request(other, own)  # the other way round
    rules.accept(MeetingRequest.objects.get(), Priority.LOW)
    with pytest.raises(rules.RefusedError):
        rules.send_request(other, own)
    assert refusal(ask(company_client, event, own, other)) == [
        _("A meeting between these two companies is already accepted.")
    ]
    assert MeetingRequest.objects.count() == 1


def test_after_a_decline_the_pair_may_be_asked_again(event, own, other):
    rules.decline(rules.send_request(own, other))
    assert rules.send_request(other, own).status == RequestStatus.PENDING


def test_never_for_a_pair_the_organiser_forbade(company_client, event, own, other):
    Meeting.objects.create(event=event, a=other, b=own, status=MeetingStatus.FORBIDDEN)
    response = ask(company_client, event, own, other)
    assert response.status_code == 400
    assert refusal(response) == [_("The organiser does not plan a meeting between these two companies.")]


def test_never_to_oneself(company_client, event, own):
    response = ask(company_client, event, own, own)
    assert response.status_code == 400 and refusal(response) == [_("A participant cannot ask to meet itself.")]
    assert not MeetingRequest.objects.exists()


def test_only_between_participants_of_the_same_event(company_client, event, own, haut_doubs):
    stranger = ParticipantFactory(event=EventFactory(territory=haut_doubs))
    assert ask(company_client, event, own, stranger).status_code == 404
    assert not MeetingRequest.objects.exists()


def test_accepting_creates_the_meeting_weighted_by_both_priorities(company_client, team_client, event, own, other):
    request = rules.send_request(other, own, Priority.HIGH)
    response = company_client.post(url(event, "request_answer", request_pk=request.pk),
                                   {"decision": "accept", "priority": Priority.LOW})  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.a, meeting.b, meeting.request, meeting.weight, meeting.status) == (
        other,
        own,
        request,
        Priority.HIGH + Priority.LOW,
        MeetingStatus.ACCEPTED,
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.answered_at is not None


def test_declining(company_client, event, own, other):
    request = rules.send_request(other, own)
    response = company_client.post(url(event, "request_answer", request_pk=request.pk),
                                   {"decision": "decline", "priority": Priority.MEDIUM})  # fmt: skip
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED and not Meeting.objects.exists()


def test_the_sender_withdraws_a_pending_request(company_client, event, own, other):
    request = rules.send_request(own, other)
    assert company_client.get(url(event, "request_withdraw", request_pk=request.pk)).status_code == 200
    assert MeetingRequest.objects.get().status == RequestStatus.PENDING  # a GET only asks
    assert company_client.post(url(event, "request_withdraw", request_pk=request.pk)).status_code == 302
    assert MeetingRequest.objects.get().status == RequestStatus.WITHDRAWN
    company_client.post(url(event, "request_withdraw", request_pk=request.pk))
    assert MeetingRequest.objects.get().status == RequestStatus.WITHDRAWN  # an answered request stays as it is


def test_a_company_cannot_act_for_another_participant(company_client, event, own, other):
    third = ParticipantFactory(event=event)
    to_them = rules.send_request(third, other)  # between two others
    mine = rules.send_request(own, third)
    assert company_client.get(url(event, "my_meetings", participant=other.pk)).status_code == 404
    assert ask(company_client, event, other, third).status_code == 404  # on the other's behalf
    assert company_client.post(url(event, "request_answer", request_pk=to_them.pk),
                               {"decision": "accept", "priority": 3}).status_code == 404  # fmt: skip
    assert company_client.post(url(event, "request_withdraw", request_pk=to_them.pk)).status_code == 404
    assert company_client.post(url(event, "request_answer", request_pk=mine.pk),  # one's own request
                               {"decision": "accept", "priority": 3}).status_code == 404  # fmt: skip
    assert company_client.get(url(event, "suggestions", participant=other.pk)).status_code == 404
    assert company_client.post(url(event, "suggestion_request", participant=other.pk, other=own.pk)).status_code == 404
    assert not Meeting.objects.exists()
    assert set(MeetingRequest.objects.values_list("status", flat=True)) == {RequestStatus.PENDING}


def test_the_team_answers_on_a_participant_s_behalf(team_client, event, own, other):
    request = rules.send_request(own, other)
    response = team_client.post(url(event, "request_answer", request_pk=request.pk),
                                {"decision": "accept", "priority": Priority.MEDIUM})  # fmt: skip
    assert response.status_code == 302 and Meeting.objects.get().weight == Priority.MEDIUM + Priority.MEDIUM


# --- expiry -------------------------------------------------------------------------------------------------


def test_an_unanswered_request_expires_and_blocks_nobody(company_client, event, own, other):
    request = rules.send_request(other, own)
    MeetingRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    page = company_client.get(url(event, "my_meetings", participant=own.pk))  # applied when read
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert page.context["received"] == [] and page.context["closed"] == [request]
    response = company_client.post(url(event, "request_answer", request_pk=request.pk),
                                   {"decision": "accept", "priority": 2})  # fmt: skip
    assert response.status_code == 400 and not Meeting.objects.exists()
    assert rules.send_request(own, other).status == RequestStatus.PENDING  # the pair is free again
    assert build_instance(event).instance.meetings == ()  # only accepted meetings are scheduled


def test_the_periodic_task_expires_requests_of_every_event(event, own, other, haut_doubs):
    late = rules.send_request(own, other)
    fresh = rules.send_request(ParticipantFactory(event=event), other)
    MeetingRequest.objects.filter(pk=late.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert "tindus.events.tasks.expire_meeting_requests" in {entry.name for entry in registered()}
    assert expire_meeting_requests.call() == 1
    assert dict(MeetingRequest.objects.values_list("pk", "status")) == {
        late.pk: RequestStatus.EXPIRED,
        fresh.pk: RequestStatus.PENDING,
    }


# --- the page of one's meetings -----------------------------------------------------------------------------


def test_my_meetings_sorts_requests_and_meetings(company_client, event, own, other):
    received = rules.send_request(other, own)
    sent = rules.send_request(own, ParticipantFactory(event=event, company_name="Décolletage"))
    accepted_with = ParticipantFactory(event=event, company_name="Fromagerie")
    meeting = rules.accept(rules.send_request(accepted_with, own), Priority.HIGH)
    declined = rules.send_request(own, ParticipantFactory(event=event))
    rules.decline(declined)
    response = company_client.get(url(event, "my_meetings", participant=own.pk))
    context = response.context
    assert context["received"] == [received] and context["sent"] == [sent]
    assert context["accepted"] == [(meeting, accepted_with)] and context["closed"] == [declined]
    page = response.content.decode()
    assert url(event, "request_answer", request_pk=received.pk) in page
    assert url(event, "request_withdraw", request_pk=sent.pk) in page
