"""Forms of the participants' side of an event: registering a company, the directory's filters, meeting
requests and their answers, and the organiser's meeting actions.

A company is picked from the warehouse and its SIRET checked exactly as a synergies declaration's: 14 digits,
the Luhn check, found in SIRENE, located in the territory; its name, commune, activity and headcount band
then come from the warehouse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.consultation.invitations import check_siret
from tindus.core.collation import french_key
from tindus.synergies.models import Category
from tindus.synergies.names import company_choice, label_of, warehouse_records
from tindus.synergies.places import establishments, territory_communes

from .models import Event, Participant, Priority

CHECKBOXES = forms.CheckboxSelectMultiple


class SlotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.start:%H:%M}–{obj.end:%H:%M}"


class RegistrationForm(forms.ModelForm):
    """A company's registration. ``sirets``: the companies the user may register (None: any, for the team).

    On an existing registration the company stays what it is (no SIRET field)."""

    siret = forms.CharField(
        label=gettext_lazy("Company SIRET"), max_length=20,
        help_text=gettext_lazy("14 digits; the establishment must be in the territory."),
    )  # fmt: skip
    offers = forms.MultipleChoiceField(
        label=gettext_lazy("What the company offers"), choices=Category.choices, required=False, widget=CHECKBOXES
    )
    seeks = forms.MultipleChoiceField(
        label=gettext_lazy("What the company seeks"), choices=Category.choices, required=False, widget=CHECKBOXES
    )
    available_slots = SlotChoiceField(
        label=gettext_lazy("Available for meetings"), queryset=None, widget=CHECKBOXES,
        help_text=gettext_lazy("Untick the slots when the participant cannot meet anyone."),
        error_messages={"required": gettext_lazy("Tick at least one slot when the participant is available.")},
    )  # fmt: skip
    max_meetings = forms.IntegerField(
        label=gettext_lazy("Maximum number of meetings"), required=False, min_value=1, max_value=100,
        help_text=gettext_lazy("Optional: leave empty to meet as many companies as the day allows."),
    )  # fmt: skip

    class Meta:
        model = Participant
        fields = ["siret", "person_name", "person_role", "email", "offers", "offers_text", "seeks", "seeks_text",
                  "available_slots", "max_meetings"]  # fmt: skip
        labels = {
            "offers_text": gettext_lazy("Details of the offer"),
            "seeks_text": gettext_lazy("Details of what is sought"),
        }
        widgets = {
            "offers_text": forms.Textarea(attrs={"rows": 2}),
            "seeks_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, event: Event, sirets: frozenset[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event, self.sirets = event, sirets
        self.establishment = None
        self.fields["available_slots"].queryset = event.slots.all()
        if self.instance.pk:
            del self.fields["siret"]
        else:
            self.initial.setdefault("available_slots", list(event.slots.all()))
            if sirets is not None:
                records = warehouse_records(sirets)
                choices = sorted(((s, company_choice(records.get(s), s)) for s in sirets),
                                 key=lambda c: french_key(c[1]))  # fmt: skip
                self.fields["siret"] = forms.ChoiceField(label=_("Company"), choices=choices)

    def clean_siret(self) -> str:
        siret = self.cleaned_data["siret"].replace(" ", "")
        if self.sirets is not None and siret not in self.sirets:
            raise forms.ValidationError(_("You may only register your own company."), code="not_yours")
        found = establishments([siret]) if siret.isdigit() else {}
        problem = check_siret(siret, found, territory_communes(self.event.territory))
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:] + ".", code="siret")
        if self.event.participants.filter(siret=siret).exists():
            raise forms.ValidationError(_("This company is already registered to the event."), code="registered")
        self.establishment = found[siret]
        self.company_name = label_of(warehouse_records([siret]).get(siret), found[siret].name)
        return siret

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk:
            return data
        if not self.event.registration_open():
            self.add_error(None, forms.ValidationError(_("Registrations are closed for this event."), code="closed"))
        elif self.event.capacity and self.event.participants.count() >= self.event.capacity:
            self.add_error(None, forms.ValidationError(
                _("The event is full (%(capacity)s participants)."), code="full",
                params={"capacity": self.event.capacity}))  # fmt: skip
        return data

    def save(self, commit: bool = True) -> Participant:
        participant = super().save(commit=False)
        participant.event = self.event
        if self.establishment is not None:
            e = self.establishment
            participant.company_name = self.company_name
            participant.commune, participant.naf, participant.size_band = e.commune, e.naf, e.size_band
        if commit:
            participant.save()
            self.save_m2m()
        return participant


class DirectoryFilterForm(forms.Form):
    """The directory's filters (query string); the choices are those found among the event's participants."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    sector = forms.ChoiceField(label=gettext_lazy("Sector"), required=False)
    size = forms.ChoiceField(label=gettext_lazy("Size"), required=False)
    commune = forms.ChoiceField(label=gettext_lazy("Commune"), required=False)
    offers = forms.ChoiceField(label=gettext_lazy("Offers"), required=False,
                               choices=[("", "—"), *Category.choices])  # fmt: skip
    seeks = forms.ChoiceField(label=gettext_lazy("Seeks"), required=False,
                              choices=[("", "—"), *Category.choices])  # fmt: skip

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        for name, values in choices.items():
            self.fields[name].choices = [("", "—"), *values]


class RequestForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM,
        help_text=gettext_lazy("How much this meeting matters to you: the scheduler places the most wanted first."),
    )  # fmt: skip
    message = forms.CharField(
        label=gettext_lazy("Message"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Optional: what you would like to talk about."),
    )  # fmt: skip


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Your answer"), widget=forms.RadioSelect,
        choices=[("accept", gettext_lazy("Accept")), ("decline", gettext_lazy("Decline"))],
    )  # fmt: skip
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Your priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM,
        help_text=gettext_lazy("When you accept: how much this meeting matters to you."),
    )  # fmt: skip


class PairForm(forms.Form):
    """Two participants of the event, for the organiser's « add a meeting » and « forbid a pair »."""

    a = forms.ModelChoiceField(label=gettext_lazy("First company"), queryset=None)
    b = forms.ModelChoiceField(label=gettext_lazy("Second company"), queryset=None)

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = event.participants.all()
            self.fields[name].label_from_instance = lambda p: p.company_name

    def clean(self) -> dict:
        data = super().clean()
        if data.get("a") and data.get("b") and data["a"] == data["b"]:
            self.add_error("b", _("Choose two different companies."))
        return data


class AddMeetingForm(PairForm):
    weight = forms.IntegerField(
        label=gettext_lazy("Weight"), min_value=1, max_value=6, initial=4,
        help_text=gettext_lazy("The sum of both priorities (2 to 6) for a meeting both sides asked for."),
    )  # fmt: skip
    forced = forms.BooleanField(label=gettext_lazy("Force it (must be placed)"), required=False)


class MeetingFilterForm(forms.Form):
    """The organiser's filters on the meetings page."""

    company = forms.ModelChoiceField(label=gettext_lazy("Company"), queryset=None, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, event: Event, statuses: list[tuple[str, str]], **kwargs) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = event.participants.all()
        self.fields["company"].label_from_instance = lambda p: p.company_name
        self.fields["status"].choices = [("", "—"), *statuses]
