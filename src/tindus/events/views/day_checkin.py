"""Attendance on the day: the organiser marks each participant arrived (with the time) or absent.

Marking a participant absent frees their partners: their meetings leave the scheduling instance (the
participant is no longer in it), the table plan, the board and the partners' agendas show them cancelled,
and the no-shows page proposes a replacement for each freed slot (:mod:`.day_noshows`).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, permission_required

from ..pages import event_of, page
from .day_noshows import freed_meetings

ACTIONS = ("arrived", "absent", "reset")


@permission_required(Action.EDIT)
def checkin(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    people = list(event.participants.order_by("company_name", "pk"))
    counts = {
        "arrived": sum(1 for p in people if p.checked_in_at),
        "absent": sum(1 for p in people if p.absent),
        "expected": sum(1 for p in people if not p.checked_in_at and not p.absent),
    }
    return page(request, "checkin.html", {"event": event, "people": people, "counts": counts,
                                          "title": _("Check-in")})  # fmt: skip


@permission_required(Action.EDIT)
def checkin_mark(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    """POST ``action``: ``arrived`` (now), ``absent``, or ``reset`` (neither). A GET goes back to the list."""
    event = event_of(request, pk)
    person = get_object_or_404(event.participants, pk=participant)
    action = request.POST.get("action", "")
    if request.method != "POST" or action not in ACTIONS:
        return redirect("events:checkin", slug=slug, pk=event.pk)
    if action == "arrived":
        person.checked_in_at, person.absent = timezone.now(), False
        messages.success(request, _("%(company)s has arrived.") % {"company": person.company_name})
    elif action == "absent":
        person.checked_in_at, person.absent = None, True
    else:
        person.checked_in_at, person.absent = None, False
        messages.success(request, _("%(company)s is expected again.") % {"company": person.company_name})
    person.save(update_fields=["checked_in_at", "absent"])
    if action == "absent":
        freed = [m for m in freed_meetings(event) if person.pk in (m.a_id, m.b_id)]
        if freed:
            text = ngettext(
                "%(company)s is marked absent: %(n)s meeting of a partner is freed. Choose a replacement below.",
                "%(company)s is marked absent: %(n)s meetings of their partners are freed. Choose a replacement "
                "for each below.",
                len(freed),
            )
            messages.warning(request, text % {"company": person.company_name, "n": len(freed)})
            return redirect("events:noshows", slug=slug, pk=event.pk)
        messages.success(request, _("%(company)s is marked absent.") % {"company": person.company_name})
    return redirect("events:checkin", slug=slug, pk=event.pk)
