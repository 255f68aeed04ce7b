from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from tindus.core.forms import DATE_INPUT as DATE
from tindus.core.markdown import check_markdown
from tindus.core.uploads import check_document
from tindus.plan.models import BudgetLine, Status
from tindus.territories.models import Territory

from .models import Decision, Instance, InstanceMember, Meeting, MeetingDocument, TerritoryMilestone


def refuse_active_content(text: str) -> str:
    """Markdown minutes: no script, no active HTML, no image from another site (see core.markdown)."""
    return check_markdown(text)


class InstanceForm(forms.ModelForm):
    class Meta:
        model = Instance
        fields = ["kind", "name", "purpose", "is_public"]

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.territory = territory


class MemberForm(forms.ModelForm):
    class Meta:
        model = InstanceMember
        fields = ["person", "organisation", "role"]

    def __init__(self, *args, instance_obj: Instance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.instance = instance_obj


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = TerritoryMilestone
        fields = ["kind", "date", "title", "description", "is_public"]
        widgets = {"date": DATE}

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.territory = territory


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "time", "place", "agenda", "attendees", "excused", "guests", "minutes"]
        widgets = {
            "date": DATE,
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "attendees": forms.CheckboxSelectMultiple,
            "excused": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "guests": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, instance_obj: Instance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.instance = instance_obj
        for name in ("attendees", "excused"):
            self.fields[name].queryset = instance_obj.members.all()

    def clean_minutes(self) -> str:
        return refuse_active_content(self.cleaned_data["minutes"])

    def clean(self) -> dict:
        data = super().clean()
        both = set(data.get("attendees") or []) & set(data.get("excused") or [])
        if both:
            self.add_error(
                "excused",
                _("Marked both present and excused: %(names)s.") % {"names": ", ".join(str(m) for m in both)},
            )
        return data


class DecisionForm(forms.ModelForm):
    """A decision, and what it changes: a project's status and/or a new budget line."""

    new_status = forms.ChoiceField(
        label=_("New status of the project"), choices=[("", _("— unchanged —")), *Status.choices], required=False
    )
    budget_nature = forms.ChoiceField(
        label=_("Budget line: nature"), choices=[("", "—"), *BudgetLine.Nature.choices], required=False
    )
    budget_year = forms.IntegerField(label=_("Budget line: year"), min_value=2000, max_value=2100, required=False)
    budget_label = forms.CharField(label=_("Budget line: label"), max_length=300, required=False)
    budget_planned = forms.DecimalField(
        label=_("Budget line: amount (€)"), max_digits=14, decimal_places=2, required=False,
        validators=[MinValueValidator(0)],
    )  # fmt: skip

    class Meta:
        model = Decision
        fields = ["text", "project"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.meeting = meeting
        self.fields["project"].queryset = meeting.instance.territory.projects.all()

    def clean(self) -> dict:
        data = super().clean()
        budget = [data.get(f"budget_{k}") for k in ("nature", "year", "label", "planned")]
        wants_budget = any(v not in (None, "") for v in budget)
        if (data.get("new_status") or wants_budget) and not data.get("project"):
            self.add_error("project", _("Say which project this decision changes."))
        if wants_budget:
            for key, value in zip(("nature", "year", "label", "planned"), budget, strict=True):
                if value in (None, "") and f"budget_{key}" not in self.errors:
                    self.add_error(f"budget_{key}", _("Needed to add the budget line."))
        if data.get("new_status") and self.meeting.date > dt.date.today():
            self.add_error("new_status", _("A status can only change once the meeting has taken place."))
        return data


class MeetingDocumentForm(forms.ModelForm):
    class Meta:
        model = MeetingDocument
        fields = ["title", "file"]

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting

    def clean_file(self):
        return check_document(self.cleaned_data["file"])
