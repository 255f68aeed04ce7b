"""The organiser's form for an event: what it is, its day (half-days, meeting length, breaks) and its tables."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.core.forms import DATE_INPUT
from tindus.territories.models import Territory

from .compute.day_plan import parse_table_numbers, slots_for
from .models import Event, Participant, Table, TimeSlot

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    table_count = forms.IntegerField(label=gettext_lazy("Number of tables or rooms"), min_value=1, max_value=500)
    table_names = forms.CharField(
        label=gettext_lazy("Names of the tables"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Optional, one per line in the order of their numbers (« Salle Courbet »…)."),
    )  # fmt: skip
    reserved_tables = forms.CharField(
        label=gettext_lazy("Reserved tables"), required=False,
        help_text=gettext_lazy("Numbers nobody is placed at, for example « 1, 4-6 »."),
    )  # fmt: skip

    class Meta:
        model = Event
        fields = [
            "kind", "title", "description", "date", "place", "morning_start", "morning_end", "afternoon_start",
            "afternoon_end", "slot_minutes", "break_minutes", "capacity", "registration_deadline", "booking_opens",
            "booking_closes", "request_expiry_days", "max_meetings_default", "min_meetings",
        ]  # fmt: skip
        widgets = {
            "date": DATE_INPUT, "registration_deadline": DATE_INPUT, "morning_start": TIME_INPUT,
            "morning_end": TIME_INPUT, "afternoon_start": TIME_INPUT, "afternoon_end": TIME_INPUT,
            "booking_opens": DATETIME_INPUT, "booking_closes": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }  # fmt: skip

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.territory = territory
        for name in ("booking_opens", "booking_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            tables = list(self.instance.tables.all())
            self.initial.setdefault("table_count", len(tables))
            names = [t.name for t in tables]
            self.initial.setdefault("table_names", "\n".join(names).rstrip("\n") if any(names) else "")
            reserved = [str(t.number) for t in tables if t.reserved]
            self.initial.setdefault("reserved_tables", ", ".join(reserved))
        else:
            self.initial.setdefault("table_count", 10)

    def _placed(self) -> bool:
        return bool(self.instance.pk) and self.instance.meetings.filter(slot__isnull=False).exists()

    def clean(self) -> dict:
        data = super().clean()
        for start, end, label in (
            ("morning_start", "morning_end", _("The morning")),
            ("afternoon_start", "afternoon_end", _("The afternoon")),
        ):
            a, b = data.get(start), data.get(end)
            if (a is None) != (b is None):
                self.add_error(end if a else start, _("%(half)s needs both a start and an end.") % {"half": label})
            elif a and b and b <= a:
                self.add_error(end, _("The end must come after the start."))
        if data.get("morning_end") and data.get("afternoon_start") and data["afternoon_start"] < data["morning_end"]:
            self.add_error("afternoon_start", _("The afternoon must start after the morning ends."))
        deadline, day = data.get("registration_deadline"), data.get("date")
        if deadline and day and deadline > day:
            self.add_error("registration_deadline", _("The registration deadline must not be after the event."))
        opens, closes = data.get("booking_opens"), data.get("booking_closes")
        if opens and closes and closes <= opens:
            self.add_error("booking_closes", _("Requests must close after they open."))
        if self.errors:
            return data
        self.planned = slots_for(
            [("morning", data.get("morning_start"), data.get("morning_end")),
             ("afternoon", data.get("afternoon_start"), data.get("afternoon_end"))],
            data["slot_minutes"], data["break_minutes"],
        )  # fmt: skip
        if not self.planned:
            self.add_error("morning_start", _("Give a morning or an afternoon long enough for one meeting."))
        count = data.get("table_count")
        if count:
            try:
                self.reserved = parse_table_numbers(data.get("reserved_tables", ""), count)
            except ValueError as error:
                self.add_error(
                    "reserved_tables", _("« %(part)s » is not a table number between 1 and %(count)s.")
                    % {"part": error.args[0], "count": count},
                )  # fmt: skip
            names = [n.strip() for n in data.get("table_names", "").splitlines()]
            if len(names) > count:
                self.add_error(
                    "table_names", _("%(names)s names for %(count)s tables.") % {"names": len(names), "count": count}
                )
            self.names = names
        if self._placed() and not self.errors:
            current = [(s.start, s.end) for s in self.instance.slots.all()]
            if current != [(p.start, p.end) for p in self.planned]:
                self.add_error(
                    "slot_minutes", _("Meetings are already placed: clear the schedule before changing the slots.")
                )
            if count and count < self.instance.tables.count():
                used = self.instance.meetings.filter(table__number__gt=count).exists()
                if used:
                    self.add_error("table_count", _("Meetings are placed at the tables you would remove."))
        return data

    @transaction.atomic
    def save(self, commit: bool = True) -> Event:
        event = super().save()
        # Slots that stay keep the participants' availability; new ones are open to every participant,
        # who may then narrow their availability.
        wanted = {(p.start, p.end): p for p in self.planned}
        event.slots.exclude(pk__in=[s.pk for s in event.slots.all() if (s.start, s.end) in wanted]).delete()
        kept = {(s.start, s.end) for s in event.slots.all()}
        added = TimeSlot.objects.bulk_create(
            [TimeSlot(event=event, start=p.start, end=p.end, half_day=p.half_day)
             for key, p in wanted.items() if key not in kept]
        )  # fmt: skip
        if added:
            through = Participant.available_slots.through
            through.objects.bulk_create(
                [through(participant_id=pid, timeslot_id=slot.pk)
                 for pid in event.participants.values_list("pk", flat=True) for slot in added]
            )  # fmt: skip
        count = self.cleaned_data["table_count"]
        event.tables.filter(number__gt=count).delete()
        for number in range(1, count + 1):
            name = self.names[number - 1] if number <= len(self.names) else ""
            Table.objects.update_or_create(
                event=event, number=number, defaults={"name": name, "reserved": number in self.reserved}
            )
        return event
