"""An event's figures for its committee, each counted from the event's own rows.

Plain data in (one small record per registration, request, meeting, feedback and opportunity), plain
figures out: the Django side reads the rows and writes the labels. Nothing is estimated: a rate whose
denominator is zero is ``None`` (shown « — »), never 0 %.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# The values of the models' choices (events.models and synergies.models), in the order they are shown.
REQUEST_STATUSES = ("pending", "accepted", "declined", "expired", "withdrawn")
OUTCOMES = ("not_held", "no_interest", "informative", "cooperation", "synergy")
OPPORTUNITY_STATUSES = ("detected", "proposed", "contact", "study", "implemented", "abandoned")
ACCEPTED = "accepted"  # a meeting to be placed (not forbidden, not cancelled)


@dataclass(frozen=True)
class ParticipantRow:
    id: str
    checked_in: bool = False
    absent: bool = False


@dataclass(frozen=True)
class RequestRow:
    status: str  # a pending request past its expiry counts as expired: the caller says so


@dataclass(frozen=True)
class MeetingRow:
    id: str
    status: str
    placed: bool
    held: bool | None = None  # None until the feedback says
    absent_side: bool = False  # a side marked absent on the day: not held, unless the feedback says otherwise

    @property
    def taken_place(self) -> bool | None:
        return False if self.held is None and self.absent_side else self.held


@dataclass(frozen=True)
class FeedbackRow:
    meeting: str
    participant: str
    outcome: str
    category: str = ""  # the kind of synergy, for « synergy identified »
    opportunity: str | None = None


@dataclass(frozen=True)
class OpportunityRow:
    id: str
    status: str


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.numerator / self.denominator, 1) if self.denominator else None


@dataclass(frozen=True)
class EventStatistics:
    registrations: int
    checked_in: int
    absent: int
    absence_rate: Rate  # participants marked absent / registered
    requests_sent: int
    requests: dict[str, int]  # by status, every status present
    meetings_accepted: int
    meetings_placed: int
    meetings_held: int
    meetings_not_held: int
    meetings_unknown: int  # placed, attendance not known yet
    not_held_rate: Rate  # meetings not held / placed
    feedback_answers: int
    meetings_with_feedback: int
    feedback_rate: Rate  # placed meetings with at least one side's feedback / placed
    outcomes: dict[str, int]  # answers by outcome, every outcome present
    meeting_outcomes: dict[str, int]  # meetings by the best outcome either side gave
    synergy_kinds: dict[str, int]  # « synergy identified » answers by kind, most frequent first
    opportunities_created: int
    opportunities: dict[str, int]  # the opportunities created, by their current status, every status present


def compute(
    participants: Iterable[ParticipantRow],
    requests: Iterable[RequestRow],
    meetings: Iterable[MeetingRow],
    feedback: Iterable[FeedbackRow],
    opportunities: Iterable[OpportunityRow],
) -> EventStatistics:
    """The event's figures. ``opportunities`` are the pipeline's opportunities the feedback links to (others
    are ignored); ``feedback`` on meetings not placed is ignored."""
    participants, meetings, feedback = list(participants), list(meetings), list(feedback)
    registrations = len(participants)
    absent = sum(p.absent for p in participants)
    by_request = Counter(r.status for r in requests)
    accepted = [m for m in meetings if m.status == ACCEPTED]
    placed = [m for m in accepted if m.placed]
    placed_ids = {m.id for m in placed}
    answers = [f for f in feedback if f.meeting in placed_ids]
    not_held = sum(m.taken_place is False for m in placed)
    best: dict[str, int] = {}
    for f in answers:
        if f.outcome in OUTCOMES:
            best[f.meeting] = max(best.get(f.meeting, -1), OUTCOMES.index(f.outcome))
    linked = {f.opportunity for f in answers if f.opportunity is not None}
    created = [o for o in opportunities if o.id in linked]
    kinds = Counter(f.category or "" for f in answers if f.outcome == "synergy")
    return EventStatistics(
        registrations=registrations,
        checked_in=sum(p.checked_in for p in participants),
        absent=absent,
        absence_rate=Rate(absent, registrations),
        requests_sent=sum(by_request.values()),
        requests=_every(REQUEST_STATUSES, by_request),
        meetings_accepted=len(accepted),
        meetings_placed=len(placed),
        meetings_held=sum(m.taken_place is True for m in placed),
        meetings_not_held=not_held,
        meetings_unknown=sum(m.taken_place is None for m in placed),
        not_held_rate=Rate(not_held, len(placed)),
        feedback_answers=len(answers),
        meetings_with_feedback=len({f.meeting for f in answers}),
        feedback_rate=Rate(len({f.meeting for f in answers}), len(placed)),
        outcomes=_every(OUTCOMES, Counter(f.outcome for f in answers)),
        meeting_outcomes=_every(OUTCOMES, Counter(OUTCOMES[i] for i in best.values())),
        synergy_kinds=dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        opportunities_created=len(created),
        opportunities=_every(OPPORTUNITY_STATUSES, Counter(o.status for o in created)),
    )


def _every(keys: tuple[str, ...], counts: Counter) -> dict[str, int]:
    """Every key in its order with its count (0 when absent), then any unexpected key found in the rows."""
    return {**{k: counts.get(k, 0) for k in keys}, **{k: n for k, n in counts.items() if k not in keys}}
