"""The committee's figures of an event, counted from plain rows."""

from tindus.events.compute.statistics import (
    OPPORTUNITY_STATUSES,
    OUTCOMES,
    REQUEST_STATUSES,
    FeedbackRow,
    MeetingRow,
    OpportunityRow,
    ParticipantRow,
    Rate,
    RequestRow,
    compute,
)


def rows():
    participants = [ParticipantRow("p1", checked_in=True), ParticipantRow("p2", checked_in=True),
                    ParticipantRow("p3", absent=True), ParticipantRow("p4")]  # fmt: skip
    requests = [RequestRow(s) for s in ("accepted", "accepted", "accepted", "declined", "expired", "pending")]
    meetings = [
        MeetingRow("m1", "accepted", placed=True, held=True),
        MeetingRow("m2", "accepted", placed=True, held=False),
        MeetingRow("m3", "accepted", placed=True),
        MeetingRow("m7", "accepted", placed=True, absent_side=True),  # a side absent: not held
        MeetingRow("m8", "accepted", placed=True, held=True, absent_side=True),  # the feedback says it was held
        MeetingRow("m4", "accepted", placed=False),
        MeetingRow("m5", "forbidden", placed=False),
        MeetingRow("m6", "cancelled", placed=True, held=False),
    ]
    feedback = [
        FeedbackRow("m1", "p1", "cooperation", opportunity="o1"),
        FeedbackRow("m1", "p2", "synergy", "matieres", opportunity="o1"),
        FeedbackRow("m2", "p1", "not_held"),
        FeedbackRow("m3", "p2", "synergy", "energie", opportunity="o2"),
        FeedbackRow("m6", "p4", "informative"),  # a cancelled meeting: ignored
    ]
    opportunities = [OpportunityRow("o1", "study"), OpportunityRow("o2", "implemented"), OpportunityRow("o9", "study")]
    return participants, requests, meetings, feedback, opportunities


def test_every_figure_is_counted_from_the_rows():
    stats = compute(*rows())
    assert (stats.registrations, stats.checked_in, stats.absent) == (4, 2, 1)
    assert stats.absence_rate == Rate(1, 4) and stats.absence_rate.percent == 25.0
    assert stats.requests_sent == 6
    assert stats.requests == {"pending": 1, "accepted": 3, "declined": 1, "expired": 1, "withdrawn": 0}
    assert (stats.meetings_accepted, stats.meetings_placed) == (6, 5)
    assert (stats.meetings_held, stats.meetings_not_held, stats.meetings_unknown) == (2, 2, 1)
    assert stats.not_held_rate.percent == 40.0
    assert (stats.feedback_answers, stats.meetings_with_feedback) == (4, 3)
    assert stats.feedback_rate == Rate(3, 5)
    assert stats.outcomes == {"not_held": 1, "no_interest": 0, "informative": 0, "cooperation": 1, "synergy": 2}
    # m1's best outcome is the synergy one side found
    assert stats.meeting_outcomes == {"not_held": 1, "no_interest": 0, "informative": 0, "cooperation": 0,
                                      "synergy": 2}  # fmt: skip
    assert stats.synergy_kinds == {"energie": 1, "matieres": 1}
    assert stats.opportunities_created == 2  # o9 is not linked to this event's feedback
    assert stats.opportunities["study"] == 1 and stats.opportunities["implemented"] == 1
    assert list(stats.opportunities) == list(OPPORTUNITY_STATUSES)


def test_an_empty_event_has_no_rate_rather_than_zero():
    stats = compute([], [], [], [], [])
    assert stats.absence_rate.percent is None and stats.not_held_rate.percent is None
    assert stats.registrations == stats.requests_sent == stats.opportunities_created == 0
    assert list(stats.outcomes) == list(OUTCOMES) and list(stats.requests) == list(REQUEST_STATUSES)


def test_the_core_knows_the_models_choices():
    """The plain-Python core repeats the models' values (it may not import Django): they must agree."""
    from tindus.events.models import Outcome, RequestStatus
    from tindus.synergies.models import Status

    assert set(OUTCOMES) == set(Outcome.values)
    assert set(REQUEST_STATUSES) == set(RequestStatus.values)
    assert set(OPPORTUNITY_STATUSES) == set(Status.values)
