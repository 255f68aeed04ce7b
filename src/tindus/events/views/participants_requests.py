"""A participant's meeting requests: sending one, answering those received, withdrawing one sent, the page of
one's meetings, and the suggested companies (one click sends a request).

Every page acts for one registration: the organiser's for any, a company representative's for its own only.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from .. import meeting_requests as rules
from ..forms_participants import AnswerForm, RequestForm
from ..models import MeetingStatus, Priority, RequestStatus
from ..pages import event_of, page
from ..suggestions import suggestions_for
from .participants_common import participant_of, request_of

SUGGESTIONS_SHOWN = 10


def _my_meetings(slug: str, event, participant) -> HttpResponse:
    return redirect("events:my_meetings", slug=slug, pk=event.pk, participant=participant.pk)


@permission_required(Action.DECLARE)
def my_meetings(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    """Requests received (to answer), sent, the accepted meetings, and what was declined, expired or cancelled."""
    event = event_of(request, pk)
    me = participant_of(request, event, participant)
    rules.expire_requests(event)
    requests = event.requests.filter(Q(sender=me) | Q(recipient=me)).select_related("sender", "recipient")
    meetings = event.meetings.filter(Q(a=me) | Q(b=me)).select_related("a", "b", "slot", "table")
    accepted = [(m, m.other(me)) for m in meetings if m.status == MeetingStatus.ACCEPTED]
    closed = [r for r in requests if r.status in (RequestStatus.DECLINED, RequestStatus.EXPIRED,
                                                   RequestStatus.WITHDRAWN)]  # fmt: skip
    sections = [("received", _("Requests to answer")), ("sent", _("Requests sent")),
                ("accepted", _("Accepted meetings")), ("closed", _("Declined, expired or cancelled"))]  # fmt: skip
    return page(request, "my_meetings.html", {
        "event": event, "me": me, "title": _("Meetings of %(company)s") % {"company": me.company_name},
        "received": [r for r in requests if r.recipient_id == me.pk and r.status == RequestStatus.PENDING],
        "sent": [r for r in requests if r.sender_id == me.pk and r.status == RequestStatus.PENDING],
        "accepted": accepted, "closed": closed,
        "cancelled": [(m, m.other(me)) for m in meetings if m.status == MeetingStatus.CANCELLED],
        "booking_open": event.booking_open(), "sections": sections,
    })  # fmt: skip


@permission_required(Action.DECLARE)
def request_create(request: HttpRequest, slug: str, pk: int, participant: int, other: int) -> HttpResponse:
    event = event_of(request, pk)
    me = participant_of(request, event, participant)
    recipient = get_object_or_404(event.participants, pk=other)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rules.send_request(me, recipient, form.cleaned_data["priority"], form.cleaned_data["message"])
        except rules.RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your request has been sent to %(company)s.")
                             % {"company": recipient.company_name})  # fmt: skip
            return _my_meetings(slug, event, me)
    rules.expire_requests(event)
    problem = rules.pair_problem(me, recipient) or ("" if event.booking_open() else _(
        "Meeting requests are closed for this event."))  # fmt: skip
    return page(request, "request_form.html", {
        "event": event, "me": me, "other": recipient, "form": form, "problem": problem,
        "title": _("Ask %(company)s for a meeting") % {"company": recipient.company_name},
    }, status=400 if form.errors else 200)  # fmt: skip


@permission_required(Action.DECLARE)
def request_answer(request: HttpRequest, slug: str, pk: int, request_pk: int) -> HttpResponse:
    """The recipient accepts (with its own priority: the meeting's weight is the sum of both) or declines."""
    event = event_of(request, pk)
    item = request_of(request, event, request_pk, "recipient")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                rules.accept(item, form.cleaned_data["priority"])
                messages.success(request, _("Meeting accepted with %(company)s: it will be placed in the schedule.")
                                 % {"company": item.sender.company_name})  # fmt: skip
            else:
                rules.decline(item)
                messages.success(request, _("Request declined."))
        except rules.RefusedError as refusal:
            form.add_error(None, refusal.message)
        else:
            return _my_meetings(slug, event, item.recipient)
    rules.expire_requests(event)
    item.refresh_from_db(fields=["status"])
    return page(request, "request_answer.html", {
        "event": event, "item": item, "form": form, "me": item.recipient,
        "title": _("Request from %(company)s") % {"company": item.sender.company_name},
    }, status=400 if form.errors else 200)  # fmt: skip


@permission_required(Action.DECLARE)
def request_withdraw(request: HttpRequest, slug: str, pk: int, request_pk: int) -> HttpResponse:
    """GET: a confirmation; POST: the sender takes back a request not answered yet."""
    event = event_of(request, pk)
    item = request_of(request, event, request_pk, "sender")
    if request.method == "POST":
        try:
            rules.withdraw(item)
        except rules.RefusedError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your request to %(company)s has been withdrawn.")
                             % {"company": item.recipient.company_name})  # fmt: skip
        return _my_meetings(slug, event, item.sender)
    return page(request, "request_withdraw.html", {
        "event": event, "item": item, "me": item.sender,
        "title": _("Withdraw the request to %(company)s") % {"company": item.recipient.company_name},
    })  # fmt: skip


@permission_required(Action.DECLARE)
def suggestions(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    event = event_of(request, pk)
    me = participant_of(request, event, participant)
    rules.expire_requests(event)
    return page(request, "suggestions.html", {
        "event": event, "me": me, "suggestions": suggestions_for(me, k=SUGGESTIONS_SHOWN),
        "booking_open": event.booking_open(),
        "title": _("Companies to meet, for %(company)s") % {"company": me.company_name},
    })  # fmt: skip


@permission_required(Action.DECLARE)
def suggestion_request(request: HttpRequest, slug: str, pk: int, participant: int, other: int) -> HttpResponse:
    """One click on a suggestion (POST): a request with the default priority, marked as from a suggestion."""
    event = event_of(request, pk)
    me = participant_of(request, event, participant)
    back = redirect("events:suggestions", slug=slug, pk=pk, participant=me.pk)
    if request.method != "POST":
        return back
    shown = {s.participant.pk: s.participant for s in suggestions_for(me, k=SUGGESTIONS_SHOWN * 3)}
    if other not in shown:
        messages.error(request, _("This company is no longer among your suggestions."))
        return back
    try:
        rules.send_request(me, shown[other], Priority.MEDIUM, from_suggestion=True)
    except rules.RefusedError as refusal:
        messages.error(request, refusal.message)
        return back
    messages.success(request, _("Your request has been sent to %(company)s.") % {"company": shown[other].company_name})
    return back
