"""The organiser's meetings page: every meeting and request with filters, and the organiser's decisions —
add, force, forbid, cancel, lock in place — each a POST that says what it did or why it was refused."""

import pytest
from django.contrib.messages import get_messages
from django.utils.translation import gettext as _

from tests.factories import EventMeetingFactory, ParticipantFactory
from tindus.events import meeting_requests as rules
from tindus.events.models import Meeting, MeetingRequest, MeetingStatus, RequestStatus

from .participants_helpers import SCIERIE, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(event):
    return [ParticipantFactory(event=event, company_name=name) for name in ("Scierie", "Panneaux", "Décolletage")]


def said(response) -> str:
    """The last message of the page (the earlier ones wait for a page to show them)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_the_page_lists_meetings_and_requests_with_filters(team_client, event, trio):
    a, b, c = trio
    meeting = EventMeetingFactory(a=a, b=b)
    pending = rules.send_request(c, a)
    declined = rules.send_request(b, c)
    rules.decline(declined)
    response = team_client.get(url(event, "meetings"))
    assert response.context["meetings"] == [meeting] and set(response.context["requests"]) == {pending, declined}
    response = team_client.get(url(event, "meetings"), {"company": c.pk})
    assert response.context["meetings"] == [] and set(response.context["requests"]) == {pending, declined}
    response = team_client.get(url(event, "meetings"), {"status": "r-pending"})
    assert response.context["meetings"] == [] and response.context["requests"] == [pending]
    response = team_client.get(url(event, "meetings"), {"status": "m-accepted", "company": b.pk})
    assert response.context["meetings"] == [meeting] and response.context["requests"] == []


def test_the_organiser_adds_a_forced_meeting_and_answers_a_waiting_request(team_client, event, trio):
    a, b, _c = trio
    waiting = rules.send_request(b, a)
    response = team_client.post(url(event, "meeting_add"), {"add-a": a.pk, "add-b": b.pk, "add-weight": 5,
                                                              "add-forced": "on"})  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.a, meeting.b, meeting.weight, meeting.forced, meeting.request) == (a, b, 5, True, None)
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.WITHDRAWN
    again = team_client.post(url(event, "meeting_add"), {"add-a": b.pk, "add-b": a.pk, "add-weight": 2})
    assert said(again) == _("A meeting between these two companies is already accepted.")
    assert Meeting.objects.count() == 1


def test_a_meeting_with_oneself_is_refused_at_the_field(team_client, event, trio):
    a = trio[0]
    response = team_client.post(url(event, "meeting_add"), {"add-a": a.pk, "add-b": a.pk, "add-weight": 2})
    assert response.status_code == 400 and response.context["add"].errors["b"] == [_("Choose two different companies.")]
    assert not Meeting.objects.exists()


def test_forbidding_a_pair_withdraws_its_requests_and_takes_its_meeting_off(team_client, event, trio):
    a, b, c = trio
    meeting = EventMeetingFactory(a=a, b=b, slot=event.slots.first(), table=event.tables.first(), locked=True)
    waiting = rules.send_request(c, a)
    response = team_client.post(url(event, "pair_forbid"), {"forbid-a": a.pk, "forbid-b": b.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.slot, meeting.table, meeting.locked) == (MeetingStatus.FORBIDDEN, None, None, False)
    team_client.post(url(event, "pair_forbid"), {"forbid-a": a.pk, "forbid-b": c.pk})
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.WITHDRAWN
    assert Meeting.objects.get(a=a, b=c).status == MeetingStatus.FORBIDDEN
    with pytest.raises(rules.RefusedError):
        rules.send_request(c, a)
    refused = team_client.post(url(event, "meeting_add"), {"add-a": c.pk, "add-b": a.pk, "add-weight": 2})
    assert said(refused) == _("This pair is forbidden: cancel the ban first.")


def test_lifting_a_ban_lets_the_pair_meet_again(team_client, event, trio):
    a, b, _c = trio
    rules.forbid_pair(event, a, b)
    ban = Meeting.objects.get()
    team_client.post(url(event, "meeting_action", meeting=ban.pk, action="annuler"))
    request = rules.send_request(b, a)
    meeting = rules.accept(request, 3)
    assert meeting.pk == ban.pk and (meeting.a, meeting.b, meeting.status) == (b, a, MeetingStatus.ACCEPTED)


def test_force_cancel_and_the_refusals(team_client, event, trio):
    a, b, _c = trio
    meeting = EventMeetingFactory(a=a, b=b)
    team_client.post(url(event, "meeting_action", meeting=meeting.pk, action="forcer"))
    meeting.refresh_from_db()
    assert meeting.forced
    team_client.post(url(event, "meeting_action", meeting=meeting.pk, action="ne-plus-forcer"))
    meeting.refresh_from_db()
    assert not meeting.forced
    response = team_client.post(url(event, "meeting_action", meeting=meeting.pk, action="annuler"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and said(response) == _("The meeting is cancelled.")
    response = team_client.post(url(event, "meeting_action", meeting=meeting.pk, action="forcer"))
    assert said(response) == _("Only a meeting to be placed can be forced.")
    assert team_client.post(url(event, "meeting_action", meeting=meeting.pk, action="effacer")).status_code == 404


def test_only_a_placed_meeting_is_locked_in_place(team_client, event, trio):
    a, b, c = trio
    loose = EventMeetingFactory(a=a, b=b)
    response = team_client.post(url(event, "meeting_action", meeting=loose.pk, action="verrouiller"))
    loose.refresh_from_db()
    assert not loose.locked
    assert said(response) == _("Only a meeting placed in a slot at a table can be locked in place.")
    placed = EventMeetingFactory(a=a, b=c, slot=event.slots.first(), table=event.tables.first())
    team_client.post(url(event, "meeting_action", meeting=placed.pk, action="verrouiller"))
    placed.refresh_from_db()
    assert placed.locked
    team_client.post(url(event, "meeting_action", meeting=placed.pk, action="deverrouiller"))
    placed.refresh_from_db()
    assert not placed.locked


def test_a_get_on_an_action_changes_nothing(team_client, event, trio):
    a, b, _c = trio
    meeting = EventMeetingFactory(a=a, b=b)
    response = team_client.get(url(event, "meeting_action", meeting=meeting.pk, action="annuler"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED


def test_a_company_cannot_use_the_organiser_s_actions(company_client, event, trio):
    own = ParticipantFactory(event=event, siret=SCIERIE)
    meeting = EventMeetingFactory(a=own, b=trio[0])
    assert company_client.get(url(event, "meetings")).status_code == 403
    assert company_client.post(url(event, "meeting_action", meeting=meeting.pk, action="forcer")).status_code == 403
    assert (
        company_client.post(url(event, "pair_forbid"), {"forbid-a": own.pk, "forbid-b": trio[1].pk}).status_code == 403
    )
    assert company_client.post(url(event, "meeting_add"), {"add-a": own.pk, "add-b": trio[1].pk,
                                                            "add-weight": 6}).status_code == 403  # fmt: skip
    meeting.refresh_from_db()
    assert not meeting.forced and Meeting.objects.count() == 1 and not MeetingRequest.objects.exists()
