"""A refused instance explained to the organiser: the scheduler's error (:class:`InstanceError`, which names
slots, tables, participants and meetings by their ids) with each id replaced by what the organiser calls it
(« Scierie Dupont – Panneaux Comtois », « 14:25 », table 3), in the French of
:mod:`.instance_messages`."""

from __future__ import annotations

from .compute.instance import InstanceError
from .compute.parse import MESSAGES, fail
from .instance_build import EventInstance, meeting_label, slot_label
from .instance_messages import instance_error_message

# Codes whose ``other`` param is a slot (in the others it is a meeting).
OTHER_IS_SLOT = {"slots_overlap"}


def _meeting(built: EventInstance, ident: object) -> str:
    meeting = built.meetings.get(str(ident))
    return f"« {meeting_label(meeting)} »" if meeting else str(ident)


def _slot(built: EventInstance, ident: object) -> str:
    slot = built.slots.get(str(ident))
    return f"« {slot_label(slot)} »" if slot else str(ident)


def _participant(built: EventInstance, ident: object) -> str:
    person = built.participants.get(str(ident)) or built.absent.get(str(ident))
    return person.company_name if person else str(ident)


def organiser_params(error: InstanceError, built: EventInstance) -> dict[str, object]:
    params: dict[str, object] = {}
    for key, value in error.params.items():
        if key == "meeting":
            params[key] = _meeting(built, value)
        elif key == "other":
            params[key] = _slot(built, value) if error.code in OTHER_IS_SLOT else _meeting(built, value)
        elif key == "slot":
            params[key] = _slot(built, value)
        elif key == "participant":
            params[key] = _participant(built, value)
        elif key == "table" and isinstance(value, int) and built.table(value) is not None:
            table = built.table(value)
            params[key] = f"{table.number} ({table.name})" if table.name else table.number
        else:
            params[key] = value
    return params


def organiser_message(error: InstanceError, built: EventInstance) -> str:
    """The French message of ``error`` naming the event's own companies, times and tables."""
    params = organiser_params(error, built)
    named = fail(error.code, **params) if error.code in MESSAGES else InstanceError(error.code, str(error))
    return instance_error_message(named)
