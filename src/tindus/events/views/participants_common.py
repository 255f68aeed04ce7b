"""Who may act for which participant: the organiser for any registration of the event, a company
representative for its own establishment's only (any other is not found)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from ..models import Event, MeetingRequest, Participant
from ..pages import organiser, own_participants


def participant_of(request: HttpRequest, event: Event, pk: int) -> Participant:
    """The registration ``pk`` of ``event`` if the viewer speaks for it, else 404."""
    if organiser(request):
        found = event.participants.filter(pk=pk).first()
    else:
        found = next((p for p in own_participants(request, event) if p.pk == pk), None)
    if found is None:
        raise Http404
    return found


def request_of(request: HttpRequest, event: Event, pk: int, side: str) -> MeetingRequest:
    """The request ``pk`` of ``event`` if the viewer speaks for its ``side`` (« sender » or « recipient »)."""
    found = event.requests.select_related("sender", "recipient").filter(pk=pk).first()
    if found is None:
        raise Http404
    if not organiser(request) and getattr(found, f"{side}_id") not in {p.pk for p in own_participants(request, event)}:
        raise Http404
    return found
