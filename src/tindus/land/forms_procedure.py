"""Forms of the inventory's legal procedure: the consultation's start, an answer, the adoption, a transmission.

Dates are checked against the law's timeline (:mod:`tindus.land.compute.procedure`) and against today: nothing
recorded as done in the future, no adoption before the consultation's 30 days are over, no transmission
before the adoption."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tindus.core.forms import DATE_INPUT as DATE
from tindus.core.uploads import DOCUMENT_MAX_BYTES, check_upload
from tindus.territories.models import Territory

from .compute.procedure import Timeline, consultation_deadline
from .letters import long_date
from .models import Adoption, OwnerConsultation, OwnerLetter, Transmission
from .procedure_records import open_consultation, territory_units

FUTURE = _("This date is in the future: record it once it has happened.")


def _not_future(day: dt.date, today: dt.date) -> dt.date:
    if day > today:
        raise forms.ValidationError(FUTURE)
    return day


class ConsultationStartForm(forms.Form):
    started_on = forms.DateField(
        label=_("Letters sent on"),
        widget=DATE,
        help_text=_("The day the letters and emails go out (or went out, to record a consultation already sent)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, territory: Territory, today: dt.date | None = None, **kwargs) -> None:
        self.territory = territory
        self.today = today or timezone.localdate()
        kwargs.setdefault("initial", {"started_on": self.today})
        super().__init__(*args, **kwargs)

    def clean_started_on(self) -> dt.date:
        return _not_future(self.cleaned_data["started_on"], self.today)

    def clean(self) -> dict:
        data = super().clean()
        if not territory_units(self.territory).exists():
            raise forms.ValidationError(_("The inventory has no land unit yet: there is nobody to consult."))
        running = open_consultation(self.territory, self.today)
        if running is not None:
            raise forms.ValidationError(
                _("The consultation sent on %(start)s is open until %(deadline)s: wait for its end to start another.")
                % {"start": long_date(running.started_on), "deadline": long_date(running.deadline)}
            )
        return data


class AnswerForm(forms.ModelForm):
    class Meta:
        model = OwnerLetter
        fields = ["answered_on", "answer", "correction", "correction_applied"]
        widgets = {
            "answered_on": DATE,
            "answer": forms.Textarea(attrs={"rows": 4}),
            "correction": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "answered_on": _("An answer after the deadline is recorded, and marked late."),
            "correction_applied": _("Tick once the inventory has been corrected."),
        }

    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_answered_on(self) -> dt.date | None:
        day = self.cleaned_data["answered_on"]
        if day is None:
            return None
        start = self.instance.consultation.started_on
        if day < start:
            raise forms.ValidationError(
                _("The consultation started on %(start)s: an answer cannot be dated before it.")
                % {"start": long_date(start)}
            )
        return _not_future(day, self.today)

    def clean(self) -> dict:
        data = super().clean()
        said = data.get("answer", "").strip() or data.get("correction", "").strip() or data.get("correction_applied")
        if said and not data.get("answered_on") and "answered_on" not in self.errors:
            self.add_error("answered_on", _("Give the date of the answer."))
        if data.get("correction_applied") and not data.get("correction", "").strip():
            self.add_error("correction_applied", _("Say which correction was asked before marking it applied."))
        return data


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["adopted_on", "deliberation", "document"]
        widgets = {"adopted_on": DATE, "document": forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"})}
        help_texts = {
            "deliberation": _("For instance « Délibération n° 2024-051 du conseil communautaire »."),
            "document": _("The deliberation as a PDF (15 MB at most)."),
        }

    def __init__(self, *args, territory: Territory, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.today = today or timezone.localdate()

    def clean_adopted_on(self) -> dt.date:
        return _not_future(self.cleaned_data["adopted_on"], self.today)

    def clean_document(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("document")
        if upload and isinstance(upload, UploadedFile):
            check_upload(upload, DOCUMENT_MAX_BYTES, {".pdf"})
        return upload

    def clean(self) -> dict:
        data = super().clean()
        day = data.get("adopted_on")
        if day is None:
            return data
        consultation = (
            OwnerConsultation.objects.filter(territory=self.territory, started_on__lte=day)
            .order_by("-started_on", "-pk")
            .first()
        )
        if consultation is None:
            self.add_error(
                "adopted_on",
                _(
                    "No consultation of owners and occupants is recorded before this date: the law requires one, of "
                    "30 days, before the adoption."
                ),
            )
            return data
        if not Timeline(consultation.started_on).may_adopt(day):
            deadline = consultation_deadline(consultation.started_on)
            self.add_error(
                "adopted_on",
                _(
                    "The consultation sent on %(start)s gives owners and occupants until %(deadline)s to answer: the "
                    "inventory can be adopted from %(first)s."
                )
                % {
                    "start": long_date(consultation.started_on),
                    "deadline": long_date(deadline),
                    "first": long_date(deadline + dt.timedelta(days=1)),
                },
            )
            return data
        earlier = consultation.adoptions.first()
        if earlier is not None:
            self.add_error(
                "adopted_on",
                _(
                    "The inventory consulted on %(start)s was already adopted on %(adopted)s; start a new consultation "
                    "to refresh it."
                )
                % {"start": long_date(consultation.started_on), "adopted": long_date(earlier.adopted_on)},
            )
            return data
        self.instance.territory = self.territory
        self.instance.consultation = consultation
        return data


class TransmissionForm(forms.ModelForm):
    class Meta:
        model = Transmission
        fields = ["document", "body", "sent_on", "reference"]
        widgets = {"sent_on": DATE}
        help_texts = {
            "body": _("The body in charge of that document (a SCoT syndicate, the EPCI for a PLUi…)."),
            "reference": _("A letter number, a registered-post number or an email's date."),
        }

    def __init__(self, *args, adoption: Adoption | None, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.adoption = adoption
        self.today = today or timezone.localdate()

    def clean_sent_on(self) -> dt.date:
        day = _not_future(self.cleaned_data["sent_on"], self.today)
        if self.adoption is not None and day < self.adoption.adopted_on:
            raise forms.ValidationError(
                _("The inventory was adopted on %(adopted)s: it cannot have been sent before.")
                % {"adopted": long_date(self.adoption.adopted_on)}
            )
        return day

    def clean(self) -> dict:
        data = super().clean()
        if self.adoption is None:
            raise forms.ValidationError(_("The inventory has not been adopted yet: it is sent once adopted."))
        self.instance.adoption = self.adoption
        return data
