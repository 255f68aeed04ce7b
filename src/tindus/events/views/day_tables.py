"""The organiser's table plan (each slot, each table, the two companies; a page to print and a PDF) and the
live board (who is at which table now, who is free now)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.core.pdf import render_pdf

from ..day_clock import DayPoint, day_point, parse_clock
from ..models import Event, Meeting, MeetingStatus, Participant, Table, TimeSlot
from ..pages import event_of, page


@dataclass
class Cell:
    table: Table
    meeting: Meeting | None

    @property
    def cancelled(self) -> bool:
        return self.meeting is not None and (self.meeting.a.absent or self.meeting.b.absent)


def _placed(event: Event) -> dict[tuple[int, int], Meeting]:
    rows = event.meetings.filter(status=MeetingStatus.ACCEPTED, slot__isnull=False, table__isnull=False)
    return {(m.slot_id, m.table_id): m for m in rows.select_related("a", "b")}


def plan_rows(event: Event) -> list[tuple[TimeSlot, list[Cell]]]:
    """For each slot in time order, each table with its meeting (or None)."""
    placed = _placed(event)
    tables = list(event.tables.order_by("number"))
    return [
        (slot, [Cell(table, placed.get((slot.pk, table.pk))) for table in tables])
        for slot in event.slots.order_by("start")
    ]


def _plan_context(request: HttpRequest, event: Event) -> dict:
    return {"event": event, "rows": plan_rows(event), "title": _("Table plan"), "generated_at": timezone.now(),
            "territory": request.territory}  # fmt: skip


@permission_required(Action.EDIT)
def table_plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return page(request, "table_plan.html", _plan_context(request, event_of(request, pk)))


@permission_required(Action.EDIT)
def table_plan_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    response = HttpResponse(render_pdf("events/table_plan_pdf.html", _plan_context(request, event)),
                            content_type="application/pdf")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="plan-des-tables-{event.pk}.pdf"'
    return response


@dataclass
class Board:
    point: DayPoint
    cells: list[Cell]
    free: list[Participant]  # present, available in the slot, in no meeting
    elsewhere: list[Participant]  # present, not available in the slot
    absent: list[Participant]


def board_at(event: Event, at: dt.datetime) -> Board:
    """The board at ``at`` (local time): the slot running (or the next one) and who is where."""
    slots = list(event.slots.order_by("start"))
    point = day_point(slots, event.date, at)
    people = list(event.participants.prefetch_related("available_slots").order_by("company_name", "pk"))
    absent = [p for p in people if p.absent]
    if point.slot is None:
        return Board(point, [], [], [], absent)
    placed = _placed(event)
    cells = [Cell(table, placed.get((point.slot.pk, table.pk))) for table in event.tables.order_by("number")]
    busy = {side.pk for cell in cells if cell.meeting and not cell.cancelled
            for side in (cell.meeting.a, cell.meeting.b)}  # fmt: skip
    present = [p for p in people if not p.absent and p.pk not in busy]
    free = [p for p in present if any(s.pk == point.slot.pk for s in p.available_slots.all())]
    elsewhere = [p for p in present if p not in free]
    return Board(point, cells, free, elsewhere, absent)


@permission_required(Action.EDIT)
def board(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The board by the clock, or at the time of day ``?a=HH:MM`` on the event's date (to look ahead)."""
    event = event_of(request, pk)
    asked = request.GET.get("a", "").strip()
    clock = parse_clock(asked) if asked else None
    bad_time = bool(asked) and clock is None
    if clock is not None:
        at = dt.datetime.combine(event.date, clock, tzinfo=timezone.get_current_timezone())
    else:
        at = timezone.localtime()
    return page(request, "board.html", {
        "event": event, "board": board_at(event, at), "at": at, "asked": asked if clock else "",
        "bad_time": bad_time, "title": _("Live board"),
    })  # fmt: skip
