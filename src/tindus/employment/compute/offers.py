"""The training offer as the readers return it: organisations, actions, sessions (plain data).

Whatever the source (LHÉO XML, the RNCP export, the hand-collected CSV template), an offer is an
**organisation** giving **actions** (a training with its job and subject codes and its modality), each
held in **sessions** (a place, dates, a capacity). The checks every source shares live here:
a session ending before it starts, or with a capacity of zero, is refused with its line.

Modalities: ``presential`` (in a place; LHÉO « formation mixte » counts here, flagged ``blended``),
``distance`` (entirely remote: open to anyone, wherever they live) and ``apprenticeship`` (a work-study
contract: in a place too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .problems import gettext_noop

MODALITIES = ("presential", "distance", "apprenticeship")


@dataclass(frozen=True)
class Codes:
    rome: tuple[str, ...] = ()
    rome_version: str = ""  # "V3" or "V4" (never compare codes of two versions)
    formacode: tuple[str, ...] = ()
    rncp: tuple[str, ...] = ()  # « RNCP1234 »
    rs: tuple[str, ...] = ()  # « RS5080 »

    def __bool__(self) -> bool:
        return bool(self.rome or self.formacode or self.rncp or self.rs)


@dataclass(frozen=True)
class Organisation:
    key: str  # SIRET when known, else the source's own number
    name: str
    siret: str = ""
    line: int = 0


@dataclass(frozen=True)
class Action:
    key: str
    title: str
    organisation: str  # Organisation.key
    codes: Codes
    modality: str  # one of MODALITIES
    blended: bool = False
    line: int = 0


@dataclass(frozen=True)
class Session:
    key: str
    action: str  # Action.key
    start: dt.date | None  # None: not given (LHÉO 00000000), e.g. permanent entries
    end: dt.date | None
    commune: str = ""  # INSEE code of the place
    latitude: float | None = None
    longitude: float | None = None
    capacity: int | None = None  # None: not given
    modality: str = "presential"
    line: int = 0


@dataclass(frozen=True)
class Offers:
    source: str
    version: str  # "LHÉO 2.2", "LHÉO 2.3", "template", "RNCP"…
    organisations: tuple[Organisation, ...] = ()
    actions: tuple[Action, ...] = ()
    sessions: tuple[Session, ...] = ()
    synthetic: bool = False  # generated for a test or a benchmark, never real
    notes: tuple[str, ...] = field(default=())

    def action(self, key: str) -> Action:
        return next(a for a in self.actions if a.key == key)


def session_problem(session: Session) -> tuple[str, str, dict[str, object]] | None:
    """What makes a session unacceptable, as ``(field, reason, params)`` with ``field`` ``"end"`` or
    ``"capacity"``, or ``None``; each reader turns it into a :class:`~.problems.DataError` at its own
    line and element or column."""
    if session.start and session.end and session.end < session.start:
        params = {"end": session.end.isoformat(), "start": session.start.isoformat()}
        return "end", gettext_noop("the session ends (%(end)s) before it starts (%(start)s)"), params
    if session.capacity is not None and session.capacity <= 0:
        return (
            "capacity",
            gettext_noop("a capacity of %(capacity)d places: a session needs at least one"),
            {"capacity": session.capacity},
        )
    return None


def check_coordinates(latitude: float | None, longitude: float | None) -> tuple[float | None, float | None]:
    """``(None, None)`` for a missing or null-island place; :class:`ValueError` for an impossible one."""
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"impossible coordinates {latitude}, {longitude}")
    return latitude, longitude
