"""The organiser's side of an event's set-up: the list of events, creating and editing one, its overview."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..forms_event import EventForm
from ..models import MeetingStatus, RequestStatus
from ..pages import event_of, organiser, own_participants, page


@permission_required(Action.VIEW_WORKSPACE)
def events(request: HttpRequest, slug: str) -> HttpResponse:
    rows = request.territory.events.annotate(n_participants=Count("participants", distinct=True)).order_by(
        "-date", "pk"
    )
    return page(request, "events.html", {"events": rows})


@permission_required(Action.EDIT)
def event_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    event = event_of(request, pk) if pk else None
    form = EventForm(request.POST or None, instance=event, territory=request.territory)
    if request.method == "POST":
        if request.POST.get("delete") and event:
            event.delete()
            messages.success(request, _("The event has been deleted."))
            return redirect("events:events", slug=slug)
        if form.is_valid():
            if event is None:
                form.instance.created_by = request.user
            event = form.save()
            messages.success(request, _("The event has been saved."))
            return redirect(event.get_absolute_url())
    title = _("Edit %(title)s") % {"title": event.title} if event else _("New event")
    delete = _("Delete this event, its registrations and meetings") if event else ""
    return page(
        request, "event_form.html", {"form": form, "title": title, "delete_label": delete, "event": event},
        status=400 if form.errors else 200,
    )  # fmt: skip


@permission_required(Action.VIEW_WORKSPACE)
def event(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    meetings = event.meetings.exclude(status=MeetingStatus.FORBIDDEN)
    figures = {
        "participants": event.participants.count(),
        "requests": event.requests.count(),
        "pending": event.requests.filter(status=RequestStatus.PENDING).count(),
        "accepted": meetings.filter(status=MeetingStatus.ACCEPTED).count(),
        "placed": meetings.filter(status=MeetingStatus.ACCEPTED, slot__isnull=False).count(),
    }
    tables = event.tables.aggregate(n=Count("pk"), reserved=Count("pk", filter=Q(reserved=True)))
    return page(request, "event.html", {
        "event": event, "figures": figures, "slots": list(event.slots.all()), "tables": tables,
        "organiser": organiser(request), "own": own_participants(request, event),
    })  # fmt: skip
