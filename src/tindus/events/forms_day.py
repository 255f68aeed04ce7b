"""The organiser's forms for scheduling and for the day itself."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from .models import Event, TimeSlot

MAX_SECONDS = 120


class ScheduleForm(forms.Form):
    time_limit = forms.IntegerField(
        label=gettext_lazy("Time limit (seconds)"), min_value=1, max_value=MAX_SECONDS, initial=30,
        help_text=gettext_lazy("The scheduler proves how close it is to the best schedule; more time may close "
                               "the gap on a large event (at most 120 seconds)."),
    )  # fmt: skip


def _slot_label(slot: TimeSlot) -> str:
    return f"{slot.start:%H:%M}–{slot.end:%H:%M}"


class RescheduleForm(forms.Form):
    """A re-schedule during the day: the slots kept as they are, the tables lost since the last run."""

    keep_before = forms.TypedChoiceField(
        label=gettext_lazy("Change nothing before"), coerce=int,
        help_text=gettext_lazy("The meetings of the earlier slots stay as they are (they are past or under way)."),
    )  # fmt: skip
    lost_tables = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Tables no longer available"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("They are marked reserved: nobody is placed there from the kept slot on."),
    )  # fmt: skip
    time_limit = forms.IntegerField(
        label=gettext_lazy("Time limit (seconds)"), min_value=1, max_value=MAX_SECONDS, initial=10
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep_before"].choices = [(s.pk, _slot_label(s)) for s in event.slots.order_by("start")]
        self.fields["lost_tables"].choices = [(t.pk, str(t)) for t in event.tables.filter(reserved=False)]
