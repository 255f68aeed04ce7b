"""Registering to an event, editing or withdrawing a registration, and the participants' directory.

A company representative registers its own establishment; the team registers any company of the territory.
The directory is for the event's participants and the team: a company not registered is asked to register.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, company_scope, permission_required

from .. import directory
from ..forms_participants import DirectoryFilterForm, RegistrationForm
from ..meeting_requests import expire_requests
from ..models import MeetingStatus, RequestStatus
from ..pages import event_of, organiser, own_participants, page
from .participants_common import participant_of


def _closed_reason(event) -> str:
    if not event.registration_open():
        return _("Registrations are closed for this event.")
    if event.capacity and event.participants.count() >= event.capacity:
        return _("The event is full (%(capacity)s participants).") % {"capacity": event.capacity}
    return ""


@permission_required(Action.DECLARE)
def register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    scope = company_scope(request.user, request.territory)
    form = RegistrationForm(request.POST or None, event=event, sirets=scope)
    if request.method == "POST" and form.is_valid():
        participant = form.save(commit=False)
        if scope is not None:
            participant.user = request.user
        participant.save()
        form.save_m2m()
        messages.success(request, _("%(company)s is registered.") % {"company": participant.company_name})
        return redirect(event.get_absolute_url())
    own = own_participants(request, event)
    unregistered = scope is None or bool(set(scope) - {p.siret for p in own})
    return page(request, "registration_form.html", {
        "event": event, "form": form, "title": _("Register to %(title)s") % {"title": event.title},
        "closed": _closed_reason(event), "own": own, "unregistered": unregistered, "no_company": scope == frozenset(),
    }, status=400 if form.errors else 200)  # fmt: skip


@permission_required(Action.DECLARE)
def registration_edit(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    event = event_of(request, pk)
    item = participant_of(request, event, participant)
    form = RegistrationForm(request.POST or None, instance=item, event=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The registration has been saved."))
        return redirect(event.get_absolute_url())
    return page(request, "registration_form.html", {
        "event": event, "form": form, "participant": item, "closed": "", "own": [], "unregistered": True,
        "title": _("Registration of %(company)s") % {"company": item.company_name}, "no_company": False,
    }, status=400 if form.errors else 200)  # fmt: skip


@permission_required(Action.DECLARE)
def registration_withdraw(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    """GET: what withdrawing removes, and a button; POST: the registration, its requests and meetings go."""
    event = event_of(request, pk)
    item = participant_of(request, event, participant)
    if request.method == "POST":
        name = item.company_name
        item.delete()
        messages.success(request, _("The registration of %(company)s has been withdrawn.") % {"company": name})
        return redirect(event.get_absolute_url())
    counts = {
        "requests": event.requests.filter(Q(sender=item) | Q(recipient=item)).count(),
        "meetings": event.meetings.filter(Q(a=item) | Q(b=item), status=MeetingStatus.ACCEPTED).count(),
    }
    return page(request, "registration_withdraw.html", {
        "event": event, "participant": item, "counts": counts,
        "title": _("Withdraw the registration of %(company)s") % {"company": item.company_name},
    })  # fmt: skip


def _relations(event, acting) -> dict[int, str]:
    """Other participant's id → where ``acting`` stands with it: « pending », « accepted », « forbidden »."""
    if acting is None:
        return {}
    found: dict[int, str] = {}
    for s, r in event.requests.filter(Q(sender=acting) | Q(recipient=acting), status=RequestStatus.PENDING).values_list(
        "sender_id", "recipient_id"
    ):
        found[r if s == acting.pk else s] = "pending"
    meetings = event.meetings.filter(Q(a=acting) | Q(b=acting), status__in=(MeetingStatus.ACCEPTED,
                                                                            MeetingStatus.FORBIDDEN))  # fmt: skip
    for a, b, status in meetings.values_list("a_id", "b_id", "status"):
        found[b if a == acting.pk else a] = "accepted" if status == MeetingStatus.ACCEPTED else "forbidden"
    return found


@permission_required(Action.DECLARE)
def participants(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The other participants' profiles, with filters; a company not registered is asked to register first."""
    event = event_of(request, pk)
    team = organiser(request)
    own = own_participants(request, event)
    if not team and not own:
        return page(request, "participants.html", {"event": event, "registered": False, "title": _("Participants"),
                                                   "closed": _closed_reason(event)})  # fmt: skip
    expire_requests(event)
    acting = None
    if own:
        chosen = request.GET.get("pour", "")
        acting = next((p for p in own if str(p.pk) == chosen), own[0])
    everyone = list(event.participants.all())
    labels = directory.labels_for(event, everyone)
    form = DirectoryFilterForm(request.GET or None, choices=directory.filter_choices(everyone, labels))
    filters = form.cleaned_data if form.is_valid() else {}
    rows = event.participants.exclude(pk__in=[p.pk for p in own])
    if filters.get("q"):
        rows = rows.filter(directory.text_query(filters["q"]))
    shown = directory.filtered(rows, filters, labels)
    relations = _relations(event, acting)
    cards = [(directory.card(p, labels), relations.get(p.pk, "")) for p in shown]
    return page(request, "participants.html", {
        "event": event, "registered": True, "title": _("Participants"), "form": form, "cards": cards,
        "acting": acting, "own": own, "organiser": team, "total": len(everyone) - len(own),
        "booking_open": event.booking_open(),
    }, status=400 if form.errors else 200)  # fmt: skip
