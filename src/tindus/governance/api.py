"""API of the governance: instances and their members, meetings, decisions, and the meetings as iCalendar.

The governance pages are for the territory's readers (VIEW_PRIVATE: team, committee); their tokens see what
those pages show. Anybody else sees what the public site shows: the public instances (the members' names for
committees, their organisations only for working groups, as its « Governance and working groups » page) and
the days of the public committees' meetings (its timeline). Decisions are never public.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tindus.accounts.permissions import Action
from tindus.api.app import public_read
from tindus.api.caller import Caller, require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS, ApiError
from tindus.plan.api_schemas import Id
from tindus.territories.models import Territory

from .ics import meetings_ics
from .models import Decision, Instance, InstanceMember, Meeting

router = Router(tags=["Gouvernance"])

PRIVATE = {"x-tindus-action": Action.VIEW_PRIVATE.value}
COMMITTEES = [Instance.Kind.PROJECT_COMMITTEE, Instance.Kind.REGIONAL_STEERING]


class MemberOut(Schema):
    organisation: str
    person: str | None
    role: str | None
    role_label: str | None


class InstanceOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    purpose: str
    is_public: bool
    members: list[MemberOut]


class InstanceRef(Schema):
    id: int
    name: str
    kind: str


class MeetingPublicOut(Schema):
    """What the public site's timeline shows of a committee's meeting: its day."""

    id: int
    date: dt.date
    instance: InstanceRef


class MeetingOut(MeetingPublicOut):
    time: dt.time | None
    place: str
    agenda: list[str]
    minutes: str
    guests: list[str]
    attendees: list[str]
    excused: list[str]
    decision_count: int


class DecisionOut(Schema):
    id: int
    text: str
    meeting: int
    meeting_date: dt.date
    instance: InstanceRef
    project: int | None
    project_title: str | None
    status_changes: list[dict]
    budget_lines: list[dict]
    recorded_at: dt.datetime


class MeetingFilters(Schema):
    instance: Id | None = None
    date_from: dt.date | None = Field(None, description="Séances à partir de ce jour.")
    date_to: dt.date | None = Field(None, description="Séances jusqu'à ce jour.")


class DecisionFilters(Schema):
    instance: Id | None = None
    meeting: Id | None = None
    project: Id | None = None


def sees_private(caller: Caller, territory: Territory) -> bool:
    return caller.may(Action.VIEW_PRIVATE, territory)


def visible_instances(caller: Caller, territory: Territory) -> QuerySet[Instance]:
    """The instances the governance pages list, or the public site's (``working_groups``)."""
    found = territory.instances.prefetch_related("members")
    return found if sees_private(caller, territory) else found.filter(is_public=True)


def visible_meetings(caller: Caller, territory: Territory) -> QuerySet[Meeting]:
    """Every meeting for the governance's readers; else those of the public committees, which the public
    site's timeline shows (``timeline.territory_events(public_only=True)``)."""
    found = Meeting.objects.filter(instance__territory=territory).select_related("instance")
    if not sees_private(caller, territory):
        found = found.filter(instance__is_public=True, instance__kind__in=COMMITTEES)
    return found.order_by("-date", "-pk")


def member_out(member: InstanceMember, public_group: bool) -> dict:
    if public_group:  # the public page names only the organisations of a working group
        return {"organisation": member.organisation, "person": None, "role": None, "role_label": None}
    return {"organisation": member.organisation, "person": member.person, "role": member.role,
            "role_label": str(member.get_role_display())}  # fmt: skip


def instance_out(instance: Instance, private: bool) -> dict:
    public_group = not private and instance.kind == Instance.Kind.WORKING_GROUP
    return {
        "id": instance.pk, "kind": instance.kind, "kind_label": instance.kind_label(), "name": instance.name,
        "purpose": instance.purpose, "is_public": instance.is_public,
        "members": [member_out(m, public_group) for m in instance.members.all()],
    }  # fmt: skip


def instance_ref(instance: Instance) -> dict:
    return {"id": instance.pk, "name": instance.name, "kind": instance.kind}


def meeting_public_out(meeting: Meeting) -> dict:
    return {"id": meeting.pk, "date": meeting.date, "instance": instance_ref(meeting.instance)}


def meeting_out(meeting: Meeting) -> dict:
    return {
        **meeting_public_out(meeting),
        "time": meeting.time, "place": meeting.place, "agenda": meeting.agenda_items(), "minutes": meeting.minutes,
        "guests": meeting.guest_list(), "attendees": [str(m) for m in meeting.attendees.all()],
        "excused": [str(m) for m in meeting.excused.all()], "decision_count": meeting.decisions.count(),
    }  # fmt: skip


def decision_out(decision: Decision) -> dict:
    meeting = decision.meeting
    return {
        "id": decision.pk, "text": decision.text, "meeting": meeting.pk, "meeting_date": meeting.date,
        "instance": instance_ref(meeting.instance), "project": decision.project_id,
        "project_title": decision.project.title if decision.project else None,
        "status_changes": [{"id": c.pk, "status": c.status, "date": c.date.isoformat()}
                           for c in decision.status_changes.all()],
        "budget_lines": [{"id": b.pk, "label": b.label, "year": b.year, "planned": str(b.planned)}
                         for b in decision.budget_lines.all()],
        "recorded_at": decision.recorded_at,
    }  # fmt: skip


def _not_here(kind: str, pk: int) -> ApiError:
    messages = {
        "instance": _("No instance %(id)s in this territory."),
        "meeting": _("No meeting %(id)s in this territory."),
        "project": _("No project %(id)s in this territory."),
    }
    return ApiError(404, messages[kind] % {"id": pk})


@router.get(
    "/territories/{slug}/governance/instances",
    response={200: list[InstanceOut], **READ_ERRORS},
    summary="Instances (les publiques sans jeton)",
    openapi_extra=PRIVATE,
)
@public_read
def instances(request: HttpRequest, slug: str) -> list[dict]:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    private = sees_private(caller, territory)
    return [instance_out(i, private) for i in visible_instances(caller, territory)]


@router.get(
    "/territories/{slug}/governance/instances/{instance_id}",
    response={200: InstanceOut, **READ_ERRORS},
    summary="Une instance et ses membres",
    openapi_extra=PRIVATE,
)
@public_read
def instance(request: HttpRequest, slug: str, instance_id: Id) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    found = visible_instances(caller, territory).filter(pk=instance_id).first()
    if found is None:
        raise _not_here("instance", instance_id)
    return instance_out(found, sees_private(caller, territory))


def filtered_meetings(caller: Caller, territory: Territory, filters: MeetingFilters) -> QuerySet[Meeting]:
    found = visible_meetings(caller, territory)
    if filters.instance is not None:
        if not visible_instances(caller, territory).filter(pk=filters.instance).exists():
            raise _not_here("instance", filters.instance)
        found = found.filter(instance_id=filters.instance)
    if filters.date_from:
        found = found.filter(date__gte=filters.date_from)
    if filters.date_to:
        found = found.filter(date__lte=filters.date_to)
    return found


@router.get(
    "/territories/{slug}/governance/meetings",
    response={200: Page[MeetingOut | MeetingPublicOut], **READ_ERRORS},
    summary="Séances (les jours des comités publics sans jeton)",
    openapi_extra=PRIVATE,
)
@public_read
def meetings(request: HttpRequest, slug: str, filters: Query[MeetingFilters], pages: Query[PageQuery]) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    found = filtered_meetings(caller, territory, filters)
    private = sees_private(caller, territory)
    if private:
        found = found.prefetch_related("attendees", "excused")
    return paginate(request, found, pages, meeting_out if private else meeting_public_out)


@router.get(
    "/territories/{slug}/governance/meetings.ics",
    response={**READ_ERRORS},
    summary="Séances au format iCalendar (ICS)",
    openapi_extra={
        **PRIVATE,
        "responses": {
            "200": {
                "description": "Calendrier iCalendar (RFC 5545)",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        },
    },  # fmt: skip
)
@public_read
def meetings_calendar(request: HttpRequest, slug: str, filters: Query[MeetingFilters]) -> HttpResponse:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    found = filtered_meetings(caller, territory, filters).order_by("date", "pk")
    body = meetings_ics(territory, found, public=not sees_private(caller, territory))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seances-{territory.slug}.ics"'
    return response


@router.get(
    "/territories/{slug}/governance/meetings/{meeting_id}",
    response={200: MeetingOut | MeetingPublicOut, **READ_ERRORS},
    summary="Une séance",
    openapi_extra=PRIVATE,
)
@public_read
def meeting(request: HttpRequest, slug: str, meeting_id: Id) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    found = visible_meetings(caller, territory).filter(pk=meeting_id).first()
    if found is None:
        raise _not_here("meeting", meeting_id)
    return meeting_out(found) if sees_private(caller, territory) else meeting_public_out(found)


@router.get(
    "/territories/{slug}/governance/decisions",
    response={200: Page[DecisionOut], **READ_ERRORS},
    summary="Décisions (jeton de l'équipe ou du comité)",
    openapi_extra=PRIVATE,
)
def decisions(request: HttpRequest, slug: str, filters: Query[DecisionFilters], pages: Query[PageQuery]) -> dict:
    territory = territory_or_404(slug)
    require(request, Action.VIEW_PRIVATE, territory)
    found = Decision.objects.filter(meeting__instance__territory=territory)
    for name, model in (
        ("instance", territory.instances),
        ("meeting", Meeting.objects.filter(instance__territory=territory)),
        ("project", territory.projects),
    ):
        pk = getattr(filters, name)
        if pk is not None:
            if not model.filter(pk=pk).exists():
                raise _not_here(name, pk)
            found = found.filter(**{"meeting__instance_id" if name == "instance" else f"{name}_id": pk})
    found = found.select_related("meeting__instance", "project").prefetch_related("status_changes", "budget_lines")
    return paginate(request, found.order_by("-meeting__date", "pk"), pages, decision_out)
