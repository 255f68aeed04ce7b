"""A scheduling instance and its schedule, as plain data: what the scheduler reads and returns.

The JSON form is the one of ``tindus events schedule`` (docs/events-scheduler.md)::

    {"slots": [{"id", "start", "end"}], "tables": K,
     "participants": [{"id", "available": [slot ids], "max_meetings"?}],
     "meetings": [{"id", "a", "b", "weight", "locked"?: {"slot", "table"}, "forced"?}]}

and the schedule ``{"assignments": [{"meeting", "slot", "table"}], "weight", "bound", "gaps", "status"}``
with tables numbered 1..K. Slots are ordered by their start; ``start``/``end`` are ISO times or datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Slot:
    id: str
    start: str  # ISO 8601, compared as text once validated (same format in one instance)
    end: str


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[str]  # slot ids
    max_meetings: int | None = None


@dataclass(frozen=True)
class Placement:
    slot: str
    table: int  # 1..K


@dataclass(frozen=True)
class Meeting:
    id: str
    a: str
    b: str
    weight: int  # positive
    locked: Placement | None = None  # keeps this slot and table
    forced: bool = False  # the organiser wants it placed: solved with priority over any weight


@dataclass(frozen=True)
class Instance:
    slots: tuple[Slot, ...]
    tables: int
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    reserved: frozenset[tuple[str, int]] = frozenset()  # (slot, table) cells nobody may be placed in
    min_meetings: int = 0  # fairness floor: each participant gets at least this many where possible


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: str
    table: int


@dataclass
class Schedule:
    assignments: list[Assignment]
    weight: int  # total weight of the placed meetings
    bound: float  # proven upper bound on that weight
    gaps: int  # idle slots between each participant's first and last meeting, summed
    status: str  # "optimal", "feasible" (time limit reached; see bound) or "heuristic"
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)  # meetings moved or dropped by a re-schedule


class InstanceError(ValueError):
    """An instance that cannot be scheduled, naming the faulty element.

    ``code`` says which rule is broken and ``params`` the elements concerned, so that the Django side
    (CLI, web forms) writes the message in French through its catalogue; ``str()`` is an English
    message for notebooks.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.code = code
        self.params = params
