"""The scheduler's instance errors in the user's language: one message per :class:`InstanceError` code.

The English templates are those of :data:`tindus.events.compute.parse.MESSAGES` (a test keeps them equal),
written out here so that ``makemessages`` finds them; the params are the ones the error carries.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .compute.instance import InstanceError

MESSAGES = {
    "not_an_object": gettext_lazy("%(element)s must be a JSON object."),
    "missing_field": gettext_lazy('%(element)s has no "%(field)s".'),
    "not_a_list": gettext_lazy('%(element)s: "%(field)s" must be a list.'),
    "bad_id": gettext_lazy(
        '%(element)s: "%(field)s" must be a non-empty identifier (text or whole number), not %(value)s.'
    ),
    "bad_boolean": gettext_lazy('%(element)s: "%(field)s" must be true or false, not %(value)s.'),
    "bad_tables": gettext_lazy("The number of tables must be a whole number of at least 1, not %(tables)s."),
    "bad_min_meetings": gettext_lazy(
        "The minimum number of meetings per participant must be a whole number of at least 0, not %(value)s."
    ),
    "duplicate_slot": gettext_lazy("Slot %(slot)s appears twice."),
    "bad_time": gettext_lazy("Slot %(slot)s: %(value)s is not an ISO 8601 time or date and time."),
    "mixed_times": gettext_lazy(
        "Slot %(slot)s: %(value)s is not written like the other slots' times "
        "(all times of day, or all dates and times, with a time zone for all or none)."
    ),
    "slot_end_before_start": gettext_lazy("Slot %(slot)s ends at %(end)s, not after its start at %(start)s."),
    "slots_overlap": gettext_lazy("Slots %(slot)s and %(other)s overlap."),
    "duplicate_participant": gettext_lazy("Participant %(participant)s appears twice."),
    "unknown_available_slot": gettext_lazy(
        "Participant %(participant)s is available in slot %(slot)s, which does not exist."
    ),
    "bad_max_meetings": gettext_lazy(
        "Participant %(participant)s: the maximum number of meetings must be a whole number "
        "of at least 0, not %(value)s."
    ),
    "duplicate_meeting": gettext_lazy("Meeting %(meeting)s appears twice."),
    "self_meeting": gettext_lazy("Meeting %(meeting)s: %(participant)s cannot meet themselves."),
    "unknown_participant": gettext_lazy("Meeting %(meeting)s: participant %(participant)s does not exist."),
    "bad_weight": gettext_lazy("Meeting %(meeting)s: the weight must be a whole number of at least 1, not %(weight)s."),
    "unknown_reserved_slot": gettext_lazy("A reserved table is in slot %(slot)s, which does not exist."),
    "reserved_table_out_of_range": gettext_lazy(
        "Reserved table %(table)s in slot %(slot)s is not between 1 and %(tables)s."
    ),
    "unknown_locked_slot": gettext_lazy("Meeting %(meeting)s is locked in slot %(slot)s, which does not exist."),
    "locked_over_capacity": gettext_lazy(
        "Slot %(slot)s has %(count)s locked meetings but only %(tables)s tables free."
    ),
    "locked_table_out_of_range": gettext_lazy(
        "Meeting %(meeting)s is locked at table %(table)s, not between 1 and %(tables)s."
    ),
    "locked_reserved": gettext_lazy(
        "Meeting %(meeting)s is locked at table %(table)s in slot %(slot)s, which is reserved."
    ),
    "locked_unavailable": gettext_lazy(
        "Meeting %(meeting)s is locked in slot %(slot)s, where %(participant)s is not available."
    ),
    "locked_same_table": gettext_lazy(
        "Meetings %(meeting)s and %(other)s are both locked at table %(table)s in slot %(slot)s."
    ),
    "locked_participant_twice": gettext_lazy(
        "%(participant)s is locked into two meetings in slot %(slot)s: %(meeting)s and %(other)s."
    ),
    "locked_over_max": gettext_lazy(
        "%(participant)s is locked into %(count)s meetings, more than their maximum of %(max_meetings)s."
    ),
    "bad_frozen_before": gettext_lazy("%(value)s is neither a slot nor a time written like the slots' times."),
}


def instance_error_message(error: InstanceError) -> str:
    """The message of ``error`` in the active language (its English text for a code without one)."""
    template = MESSAGES.get(error.code)
    if template is None:
        return str(error)
    return str(template) % error.params if error.params else str(template)
