"""The rules of meeting requests and of the organiser's meetings.

A participant asks another participant of the same event for a meeting, within the event's booking window;
the other accepts (a :class:`~tindus.events.models.Meeting` to place, weighted by both priorities) or
declines. A pair is asked once while a request is pending or a meeting accepted, in either direction, and
never when the organiser forbade it. A request nobody answers expires after ``event.request_expiry_days``:
its ``expires_at`` is set when it is sent, and the status is applied whenever requests are read
(:func:`expire_requests`) and by a periodic task. Only accepted meetings are scheduled, so a pending or
expired request blocks nobody's agenda.

Every refusal raises :class:`RefusedError` with a French message for the page.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Event, Meeting, MeetingRequest, MeetingStatus, Participant, Priority, RequestStatus

BLOCKING_MEETINGS = (MeetingStatus.ACCEPTED, MeetingStatus.FORBIDDEN)


class RefusedError(Exception):
    """An action the rules do not allow; ``message`` says why, for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def expire_requests(event: Event | None = None, now: dt.datetime | None = None) -> int:
    """Mark the pending requests past their expiry as expired (of one event, or of all); how many."""
    rows = MeetingRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now or timezone.now())
    if event is not None:
        rows = rows.filter(event=event)
    return rows.update(status=RequestStatus.EXPIRED)


def _pair(model_a: str, model_b: str, a: Participant, b: Participant) -> Q:
    return Q(**{model_a: a, model_b: b}) | Q(**{model_a: b, model_b: a})


def pair_requests(a: Participant, b: Participant) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(_pair("sender", "recipient", a, b))


def pair_meetings(a: Participant, b: Participant) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_pair("a", "b", a, b))


def pair_problem(a: Participant, b: Participant) -> str:
    """Why ``a`` and ``b`` cannot be linked by a new request, or '' (pending requests and meetings count
    in both directions)."""
    if a.pk == b.pk:
        return _("A participant cannot ask to meet itself.")
    if a.event_id != b.event_id:
        return _("Both companies must be registered to the same event.")
    meetings = pair_meetings(a, b)
    if meetings.filter(status=MeetingStatus.FORBIDDEN).exists():
        return _("The organiser does not plan a meeting between these two companies.")
    if meetings.filter(status=MeetingStatus.ACCEPTED).exists():
        return _("A meeting between these two companies is already accepted.")
    if pair_requests(a, b).filter(status=RequestStatus.PENDING).exists():
        return _("A request between these two companies is already awaiting an answer.")
    return ""


def _window(event: Event, now: dt.datetime) -> None:
    if not event.booking_open(now):
        if event.booking_opens and now < event.booking_opens:
            raise RefusedError(
                _("Meeting requests open on %(at)s.")
                % {"at": date_format(timezone.localtime(event.booking_opens), "j F Y H:i")}
            )
        raise RefusedError(_("Meeting requests are closed for this event."))


def send_request(
    sender: Participant, recipient: Participant, priority: int = Priority.MEDIUM, message: str = "", *,
    from_suggestion: bool = False, now: dt.datetime | None = None,
) -> MeetingRequest:  # fmt: skip
    """A new pending request from ``sender`` to ``recipient``, or :class:`RefusedError`."""
    now = now or timezone.now()
    event = sender.event
    _window(event, now)
    with transaction.atomic():
        expire_requests(event, now)
        problem = pair_problem(sender, recipient)
        if problem:
            raise RefusedError(problem)
        return MeetingRequest.objects.create(
            event=event, sender=sender, recipient=recipient, priority=priority, message=message.strip(),
            from_suggestion=from_suggestion, expires_at=now + dt.timedelta(days=event.request_expiry_days),
        )  # fmt: skip


def _pending(request: MeetingRequest, now: dt.datetime) -> None:
    expire_requests(request.event, now)
    request.refresh_from_db(fields=["status"])
    if request.status != RequestStatus.PENDING:
        raise RefusedError(
            _("This request is no longer awaiting an answer (%(status)s).") % {"status": request.get_status_display()}
        )


def _place_pair(event: Event, a: Participant, b: Participant, **values) -> Meeting:
    """The pair's meeting row: a cancelled one is taken up again (one row per pair), else a new one."""
    fresh = {"slot": None, "table": None, "forced": False, "locked": False, "held": None, "request": None}
    existing = pair_meetings(a, b).filter(status=MeetingStatus.CANCELLED).first()
    if existing is None:
        return Meeting.objects.create(event=event, a=a, b=b, **{**fresh, **values})
    for name, value in {**fresh, "a": a, "b": b, **values}.items():
        setattr(existing, name, value)
    existing.save()
    return existing


def accept(request: MeetingRequest, priority: int, now: dt.datetime | None = None) -> Meeting:
    """The recipient accepts with its own priority: a meeting to place, weighted by both priorities."""
    now = now or timezone.now()
    _window(request.event, now)
    with transaction.atomic():
        _pending(request, now)
        meetings = pair_meetings(request.sender, request.recipient)
        if meetings.filter(status__in=BLOCKING_MEETINGS).exists():
            raise RefusedError(pair_problem(request.sender, request.recipient))
        meeting = _place_pair(request.event, request.sender, request.recipient, request=request,
                              weight=request.priority + priority, status=MeetingStatus.ACCEPTED)  # fmt: skip
        request.status, request.answered_at = RequestStatus.ACCEPTED, now
        request.save(update_fields=["status", "answered_at"])
    return meeting


def decline(request: MeetingRequest, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        _pending(request, now)
        request.status, request.answered_at = RequestStatus.DECLINED, now
        request.save(update_fields=["status", "answered_at"])


def withdraw(request: MeetingRequest, now: dt.datetime | None = None) -> None:
    """The sender takes back a request not answered yet."""
    now = now or timezone.now()
    with transaction.atomic():
        _pending(request, now)
        request.status, request.answered_at = RequestStatus.WITHDRAWN, now
        request.save(update_fields=["status", "answered_at"])


# --- the organiser's actions ----------------------------------------------------------------------------------


def add_meeting(event: Event, a: Participant, b: Participant, weight: int, *, forced: bool = False) -> Meeting:
    """A meeting the organiser decides between two participants (no request needed, the window aside)."""
    with transaction.atomic():
        expire_requests(event)
        if a.pk == b.pk:
            raise RefusedError(_("Choose two different companies."))
        if a.event_id != event.pk or b.event_id != event.pk:
            raise RefusedError(_("Both companies must be registered to the same event."))
        meetings = pair_meetings(a, b)
        if meetings.filter(status=MeetingStatus.FORBIDDEN).exists():
            raise RefusedError(_("This pair is forbidden: cancel the ban first."))
        if meetings.filter(status=MeetingStatus.ACCEPTED).exists():
            raise RefusedError(_("A meeting between these two companies is already accepted."))
        pending = pair_requests(a, b).filter(status=RequestStatus.PENDING)
        meeting = _place_pair(event, a, b, weight=weight, forced=forced, status=MeetingStatus.ACCEPTED)
        # A request waiting between them is answered by the organiser's decision.
        pending.update(status=RequestStatus.WITHDRAWN, answered_at=timezone.now())
    return meeting


def forbid_pair(event: Event, a: Participant, b: Participant) -> Meeting:
    """The organiser rules out this pair: its meeting (if any) is taken off the schedule and the requests
    waiting between them are withdrawn."""
    if a.pk == b.pk:
        raise RefusedError(_("Choose two different companies."))
    if a.event_id != event.pk or b.event_id != event.pk:
        raise RefusedError(_("Both companies must be registered to the same event."))
    with transaction.atomic():
        meetings = pair_meetings(a, b)
        if meetings.filter(status=MeetingStatus.FORBIDDEN).exists():
            raise RefusedError(_("This pair is already forbidden."))
        pair_requests(a, b).filter(status=RequestStatus.PENDING).update(
            status=RequestStatus.WITHDRAWN, answered_at=timezone.now()
        )
        current = meetings.exclude(status=MeetingStatus.FORBIDDEN).first()
        fresh = {"slot": None, "table": None, "forced": False, "locked": False, "status": MeetingStatus.FORBIDDEN}
        if current is None:
            return Meeting.objects.create(event=event, a=a, b=b, **fresh)
        for name, value in fresh.items():
            setattr(current, name, value)
        current.save()
        return current


def set_forced(meeting: Meeting, forced: bool) -> None:
    if meeting.status != MeetingStatus.ACCEPTED:
        raise RefusedError(_("Only a meeting to be placed can be forced."))
    meeting.forced = forced
    meeting.save(update_fields=["forced"])


def set_locked(meeting: Meeting, locked: bool) -> None:
    if locked and (meeting.status != MeetingStatus.ACCEPTED or meeting.slot_id is None or meeting.table_id is None):
        raise RefusedError(_("Only a meeting placed in a slot at a table can be locked in place."))
    meeting.locked = locked
    meeting.save(update_fields=["locked"])


def cancel(meeting: Meeting) -> None:
    """The meeting will not take place: off the schedule. A forbidden pair is allowed again the same way."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise RefusedError(_("This meeting is already cancelled."))
    meeting.status, meeting.slot, meeting.table, meeting.locked, meeting.forced = (
        MeetingStatus.CANCELLED, None, None, False, False,
    )  # fmt: skip
    meeting.save(update_fields=["status", "slot", "table", "locked", "forced"])
