"""Rendering of the events pages, with what every one of them shows: the territory, the user's rights and,
for an event, the viewer's own registration."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tindus.accounts.permissions import Action, company_scope, has_permission, permissions_for

from .models import Event, Participant


def event_of(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(Event, pk=pk, territory=request.territory)


def organiser(request: HttpRequest) -> bool:
    return has_permission(request.user, Action.EDIT, request.territory)


def own_participants(request: HttpRequest, event: Event) -> list[Participant]:
    """The registrations the viewer speaks for: the team speaks for none of its own (it acts as organiser);
    a company representative for its own establishment's."""
    scope = company_scope(request.user, request.territory)
    if not scope:
        return []
    return list(event.participants.filter(siret__in=scope))


def page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    territory = request.territory
    event = context.get("event")
    synthetic = event.synthetic if event else territory.events.filter(synthetic=True).exists()
    context = {"territory": territory, "perms_here": permissions_for(request.user, territory),
               "synthetic": synthetic, **context}  # fmt: skip
    return render(request, f"events/{template}", context, status=status)
