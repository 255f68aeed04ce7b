"""A participant's agenda: a page, a PDF to print, an ICS file for their calendar.

A company representative reads the agendas of the registrations they speak for, once the organiser has
published them; the team reads every agenda at any time.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.core.pdf import render_pdf

from ..agenda import agenda_of, announced_changes
from ..ics import agenda_ics
from ..models import Event, Participant
from ..pages import event_of, organiser, own_participants, page


def _participant(request: HttpRequest, event: Event, pk: int) -> Participant:
    """The registration whose agenda is asked for, if the viewer may read it (404 otherwise: a company
    does not learn which other companies are registered)."""
    person = get_object_or_404(event.participants, pk=pk)
    if organiser(request) or person in own_participants(request, event):
        return person
    raise Http404


def _readable(request: HttpRequest, event: Event) -> bool:
    return event.schedule_published or organiser(request)


def _context(request: HttpRequest, event: Event, person: Participant) -> dict:
    items = agenda_of(person)
    title = _("Agenda of %(company)s") % {"company": person.company_name}
    # Meetings an announced agenda had and a later run removed (a no-show's partner, a lost table).
    current = {item.meeting.pk for item in items}
    dropped = list(
        {c["meeting"]: c for c in announced_changes(person) if not c["after"] and c["meeting"] not in current}.values()
    )
    return {"event": event, "person": person, "items": items, "title": title, "dropped": dropped,
            "published": event.schedule_published, "generated_at": timezone.now()}  # fmt: skip


@permission_required(Action.DECLARE)
def agenda(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    event = event_of(request, pk)
    person = _participant(request, event, participant)
    if not _readable(request, event):
        title = _("Agenda of %(company)s") % {"company": person.company_name}
        return page(request, "agenda_unpublished.html", {"event": event, "person": person, "title": title})
    return page(request, "agenda.html", _context(request, event, person))


@permission_required(Action.DECLARE)
def agenda_pdf(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    event = event_of(request, pk)
    person = _participant(request, event, participant)
    if not _readable(request, event):
        raise Http404
    context = {"territory": request.territory, **_context(request, event, person)}
    response = HttpResponse(render_pdf("events/agenda_pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{slugify(person.company_name)}.pdf"'
    return response


@permission_required(Action.DECLARE)
def agenda_ics_file(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    event = event_of(request, pk)
    person = _participant(request, event, participant)
    if not _readable(request, event):
        raise Http404
    response = HttpResponse(agenda_ics(person, agenda_of(person)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{slugify(person.company_name)}.ics"'
    return response
