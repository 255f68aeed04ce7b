"""The organiser's schedule page: the last run's figures, the meetings not placed and why, a new run (a
background job), the agendas' publication, and a re-schedule during the day."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.jobs.api import job_url, start_job

from ..agenda import last_run
from ..compute.instance import InstanceError
from ..day_clock import first_open
from ..forms_day import RescheduleForm, ScheduleForm
from ..instance_build import EventInstance, build_instance, check, meeting_label
from ..instance_errors import organiser_message
from ..models import Event, MeetingStatus, SchedulingRun, Table
from ..pages import event_of, page
from ..tasks_schedule import schedule_event
from ..unplaced import reasons


def _refusal(built: EventInstance) -> str:
    """The French message saying why the scheduler would refuse the event as it stands, or ''."""
    try:
        check(built)
    except InstanceError as error:
        return organiser_message(error, built)
    return ""


def _why(built: EventInstance, code: str, side: str | None) -> str:
    if code == "no_common_slot":
        return _("the two companies share no slot where both are available")
    if code == "maximum":
        return _("%(company)s already has as many meetings as their maximum") % {
            "company": built.participants[side].company_name
        }
    return _("every slot both share is taken by their other meetings or all its tables are in use")


def not_placed(built: EventInstance) -> list[tuple[str, str]]:
    """(meeting, why) for each accepted meeting left without a place, with the absent sides' first."""
    rows = []
    for meeting in built.event.meetings.filter(status=MeetingStatus.ACCEPTED).select_related("a", "b"):
        missing = [side for side in (meeting.a, meeting.b) if side.absent]
        if missing:
            names = ", ".join(side.company_name for side in missing)
            rows.append((meeting_label(meeting), _("%(company)s is marked absent") % {"company": names}))
    run = last_run(built.event.pk)
    for reason in reasons(built.instance, built.current()):
        meeting = built.meetings[reason.meeting]
        if run is None or meeting.created_at > run.at:  # the scheduler has not seen it yet
            rows.append((meeting_label(meeting), _("accepted after the last run: run the scheduler again")
                         if run else _("not scheduled yet: run the scheduler")))  # fmt: skip
            continue
        rows.append((meeting_label(meeting), _why(built, reason.code, reason.side)))
    return rows


def _run_figures(run: SchedulingRun | None) -> dict | None:
    if run is None:
        return None
    share = 100.0 * run.weight / run.bound if run.bound else 100.0
    gap = f"{number_format(run.gap_percent(), 1)} %"
    return {"run": run, "share": share, "gap": gap, "optimal": run.status == "optimal"}


@permission_required(Action.EDIT)
def schedule(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET: the last run and the form; POST: start a full scheduling run, unless the event is refused."""
    event = event_of(request, pk)
    form = ScheduleForm(request.POST or None, prefix="run")
    built = build_instance(event)
    refusal = _refusal(built)
    if request.method == "POST" and form.is_valid():
        if refusal:
            form.add_error(None, refusal)
        else:
            job = start_job(
                schedule_event, territory=request.territory, author=request.user, event=event.pk,
                time_limit=form.cleaned_data["time_limit"], kind=SchedulingRun.Kind.FULL,
            )  # fmt: skip
            return redirect(job_url(job))
    placed = event.meetings.filter(status=MeetingStatus.ACCEPTED, slot__isnull=False)
    count = Counter(a for pair in placed.values_list("a_id", "b_id") for a in pair)
    participants = [(person, count[person.pk]) for person in event.participants.order_by("company_name", "pk")]
    sections = [
        ("last-run", _("Last run")),
        ("not-placed", _("Meetings not placed")),
        ("run", _("Schedule the meetings")),
        ("publish", _("Agendas")),
    ]
    return page(request, "schedule.html", {
        "event": event, "title": _("Schedule"), "form": form, "refusal": refusal,
        "figures": _run_figures(last_run(event.pk)), "not_placed": not_placed(built),
        "participants": participants, "sections": sections,
        "placed": placed.count(),
    }, status=400 if form.errors else 200)  # fmt: skip


@permission_required(Action.EDIT)
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST ``published=1`` shows the agendas to the participants, ``0`` hides them again."""
    event = event_of(request, pk)
    if request.method == "POST":
        event.schedule_published = request.POST.get("published") == "1"
        event.save(update_fields=["schedule_published"])
        if event.schedule_published:
            messages.success(request, _("The agendas are published: each participant sees their own."))
        else:
            messages.success(request, _("The agendas are hidden from the participants again."))
    return redirect("events:schedule", slug=slug, pk=event.pk)


def _mark_lost(event: Event, pks: list[int]) -> list[Table]:
    lost = list(event.tables.filter(pk__in=pks, reserved=False))
    for table in lost:
        table.reserved = True
        table.save(update_fields=["reserved"])
    return lost


@permission_required(Action.EDIT)
def reschedule(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """During the day: keep the slots already started, mark the tables lost, place the late meetings and
    those freed, moving as few announced meetings as possible (a background job)."""
    event = event_of(request, pk)
    slots = list(event.slots.order_by("start"))
    upcoming = first_open(slots, event.date, timezone.localtime())
    initial = {"keep_before": upcoming.pk} if upcoming else {}
    form = RescheduleForm(request.POST or None, event=event, prefix="re", initial=initial)
    if request.method == "POST" and form.is_valid():
        keep = event.slots.get(pk=form.cleaned_data["keep_before"])
        refusal = ""
        try:
            with transaction.atomic():
                lost = _mark_lost(event, form.cleaned_data["lost_tables"])
                built = build_instance(event, reserved_from=keep)
                refusal = _refusal(built)
                if refusal:
                    raise InstanceError("refused", refusal)
        except InstanceError:
            form.add_error(None, refusal)
        else:
            if lost:
                names = ", ".join(str(t) for t in lost)
                messages.info(request, _("Marked reserved: %(tables)s.") % {"tables": names})
            job = start_job(
                schedule_event, territory=request.territory, author=request.user, event=event.pk,
                time_limit=form.cleaned_data["time_limit"], kind=SchedulingRun.Kind.RESCHEDULE, frozen_before=keep.pk,
            )  # fmt: skip
            return redirect(job_url(job))
    return page(request, "reschedule.html", {
        "event": event, "title": _("Re-schedule during the day"), "form": form, "upcoming": upcoming,
    }, status=400 if form.errors else 200)  # fmt: skip
