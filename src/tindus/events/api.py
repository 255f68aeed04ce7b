"""API: a territory's business meeting events, as its members see them on the events pages (the list and each
event's overview, for every role of the workspace), and the same events as an iCalendar file. No event is
published on the public site, so none is read without a token. Participants, their requests and agendas
stay on the pages (each company sees only its own)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from tindus.accounts.permissions import Action
from tindus.api.caller import require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS, ApiError
from tindus.api.schemas import Source

from .events_ics import event_times, events_ics
from .models import Event, EventKind, MeetingStatus, RequestStatus

router = Router(tags=["Événements"])
WORKSPACE = {"x-tindus-action": Action.VIEW_WORKSPACE.value}


class EventOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    date: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    commune: str
    capacity: int | None
    registration_deadline: dt.date | None
    participants: int
    url: str
    source: Source


class EventFigures(Schema):
    participants: int
    requests: int
    pending: int
    accepted: int
    placed: int
    slots: int
    tables: int
    reserved_tables: int


class EventDetail(EventOut):
    figures: EventFigures
    schedule_published: bool


class EventFilters(Schema):
    date_from: dt.date | None = None
    date_until: dt.date | None = None
    kind: EventKind | None = None


def source_of(event: Event) -> dict:
    return {"source": _("Events organised by the team of %(name)s, in Tindus") % {"name": event.territory.name},
            "vintage": event.date.isoformat(), "synthetic": event.synthetic}  # fmt: skip


def event_out(event: Event) -> dict:
    start, end = event_times(event)
    participants = getattr(event, "n_participants", None)
    return {
        "id": event.pk, "kind": event.kind, "title": event.title, "description": event.description,
        "date": event.date, "starts_at": start, "ends_at": end, "place": event.place, "commune": event.commune,
        "capacity": event.capacity, "registration_deadline": event.registration_deadline,
        "participants": event.participants.count() if participants is None else participants,
        "url": event.get_absolute_url(), "source": source_of(event),
    }  # fmt: skip


def _filtered(territory, filters: EventFilters):
    rows = territory.events.select_related("territory").annotate(n_participants=Count("participants", distinct=True))
    if filters.date_from:
        rows = rows.filter(date__gte=filters.date_from)
    if filters.date_until:
        rows = rows.filter(date__lte=filters.date_until)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows.order_by("-date", "pk")


@router.get(
    "/territories/{slug}/events",
    response={200: Page[EventOut], **READ_ERRORS},
    summary="Événements du territoire",
    description="Comme la liste des événements de l'espace de travail : pour tout membre du territoire.",
    openapi_extra=WORKSPACE,
)
def event_list(request: HttpRequest, slug: str, filters: Query[EventFilters], pages: Query[PageQuery]) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_WORKSPACE, territory)
    return paginate(request, _filtered(territory, filters), pages, event_out)


@router.get(
    "/territories/{slug}/events/{event_id}",
    response={200: EventDetail, **READ_ERRORS},
    summary="Un événement et ses chiffres",
    openapi_extra=WORKSPACE,
)
def event_detail(request: HttpRequest, slug: str, event_id: int) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_WORKSPACE, territory)
    event = territory.events.select_related("territory").filter(pk=event_id).first()
    if event is None:
        raise ApiError(404, _("No event %(id)s in this territory.") % {"id": event_id})
    meetings = event.meetings.exclude(status=MeetingStatus.FORBIDDEN)
    tables = event.tables.aggregate(n=Count("pk"), reserved=Count("pk", filter=Q(reserved=True)))
    figures = {
        "participants": event.participants.count(),
        "requests": event.requests.count(),
        "pending": event.requests.filter(status=RequestStatus.PENDING).count(),
        "accepted": meetings.filter(status=MeetingStatus.ACCEPTED).count(),
        "placed": meetings.filter(status=MeetingStatus.ACCEPTED, slot__isnull=False).count(),
        "slots": event.slots.count(), "tables": tables["n"], "reserved_tables": tables["reserved"],
    }  # fmt: skip
    return {**event_out(event), "figures": figures, "schedule_published": event.schedule_published}


@router.get(
    "/territories/{slug}/events.ics",
    response={200: bytes, **READ_ERRORS},
    summary="Événements du territoire (iCalendar)",
    description="Un fichier iCalendar (RFC 5545) à importer dans un agenda : un VEVENT par événement, à l'heure "
    "locale ; l'UID de chaque événement ne change pas d'un fichier à l'autre.",
    openapi_extra=WORKSPACE
    | {"responses": {"200": {"description": "Fichier iCalendar", "content": {"text/calendar": {}}}}},
)
def event_calendar(request: HttpRequest, slug: str, filters: Query[EventFilters]) -> HttpResponse:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_WORKSPACE, territory)
    name = _("Events of %(name)s") % {"name": territory.name}
    rows = list(_filtered(territory, filters))
    # A stamp that changes with the events only, so that the file's ETag does too (If-None-Match answers 304).
    stamp = max((event.created_at for event in rows), default=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    content = events_ics(name, rows, request.build_absolute_uri("/"), now=stamp)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenements-{slugify(territory.slug)}.ics"'
    return response
