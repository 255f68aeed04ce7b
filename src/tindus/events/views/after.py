"""After the event: each side's feedback on its meetings, the committee's statistics and their exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.jobs.api import job_url, start_job

from .. import feedback, statistics
from ..exports import FORMATS, export_event_statistics, opportunity_lines
from ..forms_after import FeedbackForm
from ..models import Event, Feedback, Meeting, MeetingStatus, Participant
from ..pages import event_of, organiser, own_participants, page


def _placed(event: Event):
    return (
        event.meetings.filter(status=MeetingStatus.ACCEPTED, slot__isnull=False)
        .select_related("a", "b", "slot", "table", "event")
        .prefetch_related("feedback")
    )


def _speaks_for(request: HttpRequest, event: Event) -> set[int] | None:
    """The participants whose feedback the viewer gives: None for the organiser (either side of any meeting),
    else the company representative's own registrations."""
    return None if organiser(request) else {p.pk for p in own_participants(request, event)}


@permission_required(Action.DECLARE)
def feedback_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The placed meetings whose feedback the viewer gives, each side's answer or a link to give it."""
    event = event_of(request, pk)
    allowed = _speaks_for(request, event)
    rows = []
    for meeting in _placed(event):
        given = {f.participant_id: f for f in meeting.feedback.all()}
        sides = [
            (side, given.get(side.pk)) for side in feedback.sides(meeting) if allowed is None or side.pk in allowed
        ]
        if sides:
            rows.append({"meeting": meeting, "sides": sides, "open": feedback.feedback_open(meeting)})
    return page(request, "feedback_list.html", {
        "event": event, "rows": rows, "organiser": allowed is None, "title": _("Feedback on the meetings"),
    })  # fmt: skip


@permission_required(Action.DECLARE)
def feedback_form(request: HttpRequest, slug: str, pk: int, meeting: int, participant: int) -> HttpResponse:
    """One side's feedback on one meeting, once its slot is over; the organiser may give either side's."""
    event = event_of(request, pk)
    item: Meeting = get_object_or_404(_placed(event), pk=meeting)
    sides: dict[int, Participant] = {p.pk: p for p in feedback.sides(item)}
    if participant not in sides:
        raise Http404
    side = sides[participant]
    allowed = _speaks_for(request, event)
    if allowed is not None and side.pk not in allowed:
        raise PermissionDenied
    existing = Feedback.objects.filter(meeting=item, participant=side).first()
    is_open = feedback.feedback_open(item)
    form = FeedbackForm(request.POST if request.method == "POST" and is_open else None, instance=existing)
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Feedback on this meeting opens once it is over."))
            return redirect("events:feedback_list", slug=slug, pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            saved = feedback.record(item, side, data["outcome"], request.user, category=data["synergy_category"],
                                    note=data["note"])  # fmt: skip
            messages.success(request, _("The feedback has been saved."))
            if saved.opportunity_id:
                messages.info(request, _("The synergies follow-up has been updated: opportunity no. %(pk)s.")
                              % {"pk": saved.opportunity_id})  # fmt: skip
            return redirect("events:feedback_list", slug=slug, pk=pk)
    title = _("Feedback of %(company)s") % {"company": side.company_name}
    return page(request, "feedback_form.html", {
        "event": event, "meeting": item, "side": side, "other": item.other(side), "form": form, "open": is_open,
        "title": title, "ends_at": feedback.meeting_end(item),
    }, status=400 if form.errors else 200)  # fmt: skip


@permission_required(Action.VIEW_PRIVATE)
def statistics_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The event's figures for the committee, each counted from the event's rows."""
    event = event_of(request, pk)
    shown = statistics.sections(statistics.compute(event))
    contents = [(s.anchor, s.title) for s in shown] + [("created", _("Opportunities created"))]
    return page(request, "statistics.html", {
        "event": event, "sections": contents, "figures": shown, "source": statistics.source(event),
        "opportunities": opportunity_lines(event, request.user), "title": _("Statistics of the event"),
    })  # fmt: skip


@permission_required(Action.VIEW_PRIVATE)
def statistics_export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The statistics as a workbook or a PDF, built in the background (POST) and downloaded from the job's
    page; a GET shows what each export holds and the buttons."""
    event = event_of(request, pk)
    if request.method == "POST":
        fmt = request.POST.get("format")
        if fmt not in FORMATS:
            raise Http404
        job = start_job(export_event_statistics, territory=request.territory, author=request.user, event=event.pk,
                        fmt=fmt)  # fmt: skip
        return redirect(job_url(job))
    return page(request, "statistics_export.html", {"event": event, "title": _("Export the statistics")})
