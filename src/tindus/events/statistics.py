"""An event's statistics as its committee reads them (page, workbook, PDF): the rows read from the database,
the figures counted by :mod:`.compute.statistics`, the labels in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.synergies.models import Category, Opportunity
from tindus.synergies.models import Status as OpportunityStatus

from .compute import statistics as core
from .models import Event, Feedback, Outcome, RequestStatus


@dataclass(frozen=True)
class Figure:
    key: str  # stable across languages: « placed », « outcome:synergy »…
    label: str
    value: int | float | None  # None: not computable (nothing to divide by)
    unit: str = ""  # « % » for a rate
    detail: str = ""  # how a rate is made (« 2 / 34 »)


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    figures: list[Figure]


def compute(event: Event) -> core.EventStatistics:
    """The figures of ``event``, counted from its rows as they are now."""
    now = timezone.now()
    participants = [core.ParticipantRow(str(p.pk), p.checked_in_at is not None, p.absent)
                    for p in event.participants.all()]  # fmt: skip
    requests = [
        core.RequestRow(RequestStatus.EXPIRED if r.status == RequestStatus.PENDING and r.expires_at < now else r.status)
        for r in event.requests.all()
    ]
    meetings = [core.MeetingRow(str(m.pk), m.status, m.slot_id is not None, m.held, m.a.absent or m.b.absent)
                for m in event.meetings.select_related("a", "b")]  # fmt: skip
    rows = Feedback.objects.filter(meeting__event=event)
    feedback = [core.FeedbackRow(str(f.meeting_id), str(f.participant_id), f.outcome, f.synergy_category,
                                 str(f.opportunity_id) if f.opportunity_id else None) for f in rows]  # fmt: skip
    linked = {f.opportunity for f in feedback if f.opportunity}
    opportunities = [core.OpportunityRow(str(pk), status) for pk, status in
                     Opportunity.objects.filter(pk__in=linked).values_list("pk", "status")]  # fmt: skip
    return core.compute(participants, requests, meetings, feedback, opportunities)


def source(event: Event) -> str:
    """The line every figure carries: where it comes from, and that it is invented when it is."""
    text = _("Source: registrations, requests, meetings and feedback of the event, in Tindus.")
    return f"{text} {_('Synthetic demonstration data.')}" if event.synthetic else text


def sections(stats: core.EventStatistics) -> list[Section]:
    """The figures as they are shown and exported, section by section."""
    requests = dict(RequestStatus.choices)
    outcomes = dict(Outcome.choices)
    statuses = dict(OpportunityStatus.choices)
    categories = dict(Category.choices)
    best = stats.meeting_outcomes
    return [
        Section("registrations", _("Registrations and attendance"), [
            Figure("registrations", _("Companies registered"), stats.registrations),
            Figure("checked_in", _("Participants who arrived"), stats.checked_in),
            Figure("absent", _("Participants marked absent"), stats.absent),
            _rate("absence_rate", _("Absence rate (absent / registered)"), stats.absence_rate),
        ]),
        Section("requests", _("Meeting requests"), [
            Figure("requests_sent", _("Requests sent"), stats.requests_sent),
            *[Figure(f"request:{k}", capfirst(str(requests.get(k, k))), n) for k, n in stats.requests.items()],
        ]),
        Section("meetings", _("Business meetings"), [
            Figure("accepted", _("Meetings accepted"), stats.meetings_accepted),
            Figure("placed", _("Meetings placed in the schedule"), stats.meetings_placed),
            Figure("held", _("Meetings held"), stats.meetings_held),
            Figure("not_held", _("Meetings not held"), stats.meetings_not_held),
            Figure("unknown", _("Meetings whose attendance is not known yet"), stats.meetings_unknown),
            _rate("not_held_rate", _("Meetings not held (not held / placed)"), stats.not_held_rate),
        ]),
        Section("outcomes", _("Feedback and outcomes"), [
            Figure("answers", _("Feedback given (one per side and meeting)"), stats.feedback_answers),
            _rate("feedback_rate", _("Placed meetings with feedback from at least one side"), stats.feedback_rate),
            *[Figure(f"outcome:{k}", capfirst(str(outcomes.get(k, k))), n,
                     detail=_best(best.get(k, 0)))
              for k, n in stats.outcomes.items()],
        ]),
        Section("synergies", _("Synergies identified, by kind"), [
            Figure(f"kind:{k}", capfirst(str(categories.get(k, k)) if k else _("kind not given")), n)
            for k, n in stats.synergy_kinds.items()
        ]),
        Section("opportunities", _("Opportunities in the synergies pipeline"), [
            Figure("opportunities", _("Opportunities created from the feedback"), stats.opportunities_created),
            *[Figure(f"opportunity:{k}", capfirst(str(statuses.get(k, k))), n) for k, n in stats.opportunities.items()],
        ]),
    ]  # fmt: skip


def _best(n: int) -> str:
    return ngettext("%(n)s meeting (best outcome of both sides)", "%(n)s meetings (best outcome of both sides)",
                    n) % {"n": n}  # fmt: skip


def _rate(key: str, label: str, rate: core.Rate) -> Figure:
    return Figure(key, label, rate.percent, "%", f"{rate.numerator} / {rate.denominator}")


def opportunities_of(event: Event) -> list[Opportunity]:
    """The pipeline's opportunities the event's feedback created (and may have advanced since)."""
    return list(Opportunity.objects.filter(event_feedback__meeting__event=event).distinct().order_by("pk"))
