"""The organiser's meetings page: every meeting and request of an event, with filters, and the organiser's
decisions — add a meeting between two participants, force one, forbid a pair, cancel a meeting, lock a placed
meeting in its slot and table. Each decision is a POST that says what it did, or why it was refused."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.accounts.permissions import Action, permission_required

from .. import meeting_requests as rules
from ..forms_participants import AddMeetingForm, MeetingFilterForm, PairForm
from ..models import Meeting, MeetingStatus, RequestStatus
from ..pages import event_of, page

# URL word → (what it does, the message once done).
ACTIONS: dict[str, tuple[Callable[[Meeting], None], str]] = {
    "forcer": (lambda m: rules.set_forced(m, True), gettext_lazy("The meeting is forced: it must be placed.")),
    "ne-plus-forcer": (lambda m: rules.set_forced(m, False), gettext_lazy("The meeting is no longer forced.")),
    "verrouiller": (lambda m: rules.set_locked(m, True), gettext_lazy("The meeting is locked in its slot and table.")),
    "deverrouiller": (lambda m: rules.set_locked(m, False), gettext_lazy("The meeting is unlocked.")),
    "annuler": (rules.cancel, gettext_lazy("The meeting is cancelled.")),
}


def _back(slug: str, pk: int) -> HttpResponse:
    return redirect("events:meetings", slug=slug, pk=pk)


def _page(request: HttpRequest, event, add: AddMeetingForm | None = None, forbid: PairForm | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    rules.expire_requests(event)
    statuses = [(f"m-{v}", _("meeting: %(status)s") % {"status": label}) for v, label in MeetingStatus.choices]
    statuses += [(f"r-{v}", _("request: %(status)s") % {"status": label}) for v, label in RequestStatus.choices]
    filters = MeetingFilterForm(request.GET or None, event=event, statuses=statuses)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    meetings = event.meetings.select_related("a", "b", "slot", "table", "request")
    requests = event.requests.select_related("sender", "recipient")
    if chosen.get("company"):
        company = chosen["company"]
        meetings = meetings.filter(Q(a=company) | Q(b=company))
        requests = requests.filter(Q(sender=company) | Q(recipient=company))
    status_word = chosen.get("status") or ""
    if status_word.startswith("m-"):
        meetings, requests = meetings.filter(status=status_word[2:]), requests.none()
    elif status_word.startswith("r-"):
        meetings, requests = meetings.none(), requests.filter(status=status_word[2:])
    sections = [
        ("meetings", _("Meetings between participants")),
        ("requests", _("Requests")),
        ("add", _("Add a meeting")),
        ("forbid", _("Forbid a pair")),
    ]
    return page(request, "meetings.html", {
        "event": event, "title": _("Meetings and requests"), "filters": filters, "meetings": list(meetings),
        "requests": list(requests), "sections": sections,
        "add": add or AddMeetingForm(event=event, prefix="add"),
        "forbid": forbid or PairForm(event=event, prefix="forbid"),
    }, status=status)  # fmt: skip


@permission_required(Action.EDIT)
def meetings(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _page(request, event_of(request, pk))


@permission_required(Action.EDIT)
def meeting_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    if request.method != "POST":
        return _back(slug, pk)
    form = AddMeetingForm(request.POST, event=event, prefix="add")
    if not form.is_valid():
        return _page(request, event, add=form, status=400)
    data = form.cleaned_data
    try:
        rules.add_meeting(event, data["a"], data["b"], data["weight"], forced=data["forced"])
    except rules.RefusedError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Meeting added between %(a)s and %(b)s.")
                         % {"a": data["a"].company_name, "b": data["b"].company_name})  # fmt: skip
    return _back(slug, pk)


@permission_required(Action.EDIT)
def pair_forbid(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_of(request, pk)
    if request.method != "POST":
        return _back(slug, pk)
    form = PairForm(request.POST, event=event, prefix="forbid")
    if not form.is_valid():
        return _page(request, event, forbid=form, status=400)
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    try:
        rules.forbid_pair(event, a, b)
    except rules.RefusedError as refusal:
        messages.error(request, refusal.message)
    else:
        done = _("No meeting will be planned between %(a)s and %(b)s; the requests waiting between them are withdrawn.")
        messages.success(request, done % {"a": a.company_name, "b": b.company_name})
    return _back(slug, pk)


@permission_required(Action.EDIT)
def meeting_action(request: HttpRequest, slug: str, pk: int, meeting: int, action: str) -> HttpResponse:
    event = event_of(request, pk)
    item = get_object_or_404(event.meetings, pk=meeting)
    if action not in ACTIONS:
        raise Http404
    if request.method != "POST":
        return _back(slug, pk)
    do, done = ACTIONS[action]
    try:
        do(item)
    except rules.RefusedError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, str(done))
    return _back(slug, pk)
