"""Forms of the action plan: every rule is checked at the field it concerns."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tindus.core.collation import sorted_by_name
from tindus.core.forms import DATE_INPUT as DATE
from tindus.core.uploads import check_document, check_workbook
from tindus.identifiers import siret_valid
from tindus.territories.models import Territory
from tindus.warehouse.queries import WarehouseUnavailableError, establishment_by_siret, holds_establishments
from tindus.warehouse.services import get_warehouse

from . import evidence
from .models import (
    Axis,
    BudgetLine,
    EvidenceLink,
    Funding,
    Indicator,
    IndicatorValue,
    Milestone,
    Plan,
    Project,
    ProjectDocument,
    Status,
)

YEAR_BOUNDS = (2000, 2100)


def _year(value: int) -> int:
    low, high = YEAR_BOUNDS
    if not low <= value <= high:
        raise forms.ValidationError(_("Give a year between %(low)s and %(high)s."), params={"low": low, "high": high})
    return value


def check_siret(siret: str) -> str:
    """A SIRET must pass the Luhn check and, when the warehouse holds SIRENE, exist in it."""
    siret = siret.replace(" ", "")
    if not siret:
        return ""
    if not siret.isdigit() or len(siret) != 14:
        raise forms.ValidationError(_("A SIRET has 14 digits."))
    if not siret_valid(siret):
        raise forms.ValidationError(_("This SIRET is not valid: its check digit (Luhn) is wrong."))
    warehouse = get_warehouse()
    try:
        if holds_establishments(warehouse) and establishment_by_siret(warehouse, siret) is None:
            raise forms.ValidationError(_("No establishment with this SIRET in the SIRENE data of the warehouse."))
    except WarehouseUnavailableError:
        pass
    return siret


class AxisForm(forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["parent", "position", "title", "description"]
        labels = {"parent": _("under")}
        help_texts = {"parent": _("Empty for a lever (priority).")}

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        parents = plan.axes.all()
        if self.instance.pk:
            parents = parents.exclude(pk__in=[a.pk for a in _subtree(self.instance)])
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("— none: this is a lever —")


def _subtree(axis: Axis) -> list[Axis]:
    nodes, stack = [], [axis]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.children.all())
    return nodes


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "reference", "title", "description", "porteur_name", "porteur_siret", "pilot", "pilot_email", "partners",
            "axes", "priority", "start_date", "end_date", "communes", "is_public", "public_summary",
        ]  # fmt: skip
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "axes": forms.CheckboxSelectMultiple,
            "communes": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.territory = territory
        plan, _created = Plan.objects.get_or_create(territory=territory)
        axes = sorted(
            plan.axes.select_related("parent__parent__parent"), key=lambda a: [int(p) for p in a.code.split(".")]
        )
        self.fields["axes"].queryset = plan.axes.all()
        self.fields["axes"].choices = [(a.pk, f"{a.code} · {a.title}") for a in axes]
        self.fields["axes"].required = False
        self.fields["communes"].queryset = territory.communes.all()
        self.fields["communes"].choices = [(c.pk, c.name) for c in sorted_by_name(territory.communes.all())]
        self.fields["communes"].help_text = _("Hold Ctrl (or Cmd) to choose several.")

    def clean_porteur_siret(self) -> str:
        return check_siret(self.cleaned_data["porteur_siret"])

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end (%(end)s) is before the start (%(start)s).") % {"end": end, "start": start}
            )
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    date = forms.DateField(label=_("Since"), widget=DATE, initial=dt.date.today)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if day > dt.date.today():
            raise forms.ValidationError(_("A status change cannot be dated in the future."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") and data.get("date") and self.project.status_on(data["date"]) == data["status"]:
            self.add_error("status", _("The project already has this status on that date."))
        return data


class PartForm(forms.ModelForm):
    """A form for one part of a project; the project is set by the view."""

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.project = project


class BudgetLineForm(PartForm):
    class Meta:
        model = BudgetLine
        fields = ["nature", "year", "label", "planned", "actual"]

    def clean_year(self) -> int:
        return _year(self.cleaned_data["year"])


class FundingForm(PartForm):
    class Meta:
        model = Funding
        fields = ["financeur", "financeur_detail", "year", "amount", "requested_on", "granted_on", "paid_on"]
        widgets = {"requested_on": DATE, "granted_on": DATE, "paid_on": DATE}

    def clean_year(self) -> int:
        return _year(self.cleaned_data["year"])

    def clean(self) -> dict:
        data = super().clean()
        requested, granted, paid = data.get("requested_on"), data.get("granted_on"), data.get("paid_on")
        if paid and not granted:
            self.add_error("paid_on", _("A funding is paid only after it has been granted: give the grant date."))
        if granted and requested and granted < requested:
            self.add_error("granted_on", _("The grant date is before the request date."))
        if paid and granted and paid < granted:
            self.add_error("paid_on", _("The payment date is before the grant date."))
        return data


class MilestoneForm(PartForm):
    class Meta:
        model = Milestone
        fields = ["title", "planned_on", "done_on"]
        widgets = {"planned_on": DATE, "done_on": DATE}


class IndicatorForm(PartForm):
    """The target of a count or a quantity cannot be negative (checked by the model, at the field)."""

    class Meta:
        model = Indicator
        fields = ["name", "kind", "unit", "target", "target_on"]
        widgets = {"target_on": DATE}


class IndicatorValueForm(forms.ModelForm):
    """A value measured; negative only for an indicator of change (checked by the model, at the field)."""

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "measured_on", "value"]
        widgets = {"measured_on": DATE}

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.indicators.all()


class DocumentForm(PartForm):
    class Meta:
        model = ProjectDocument
        fields = ["title", "file"]

    def clean_file(self):
        return check_document(self.cleaned_data["file"])


class EvidenceForm(PartForm):
    class Meta:
        model = EvidenceLink
        fields = ["kind", "reference", "comment"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        registered = evidence.kinds()
        self.fields["kind"] = forms.ChoiceField(
            label=_("kind of evidence"), choices=[(k, v.label) for k, v in registered.items()]
        )
        self.fields["reference"].help_text = " ".join(str(v.help) for v in registered.values())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") and data.get("reference"):
            try:
                resolved = evidence.resolve(data["kind"], self.project.territory, data["reference"].strip())
            except evidence.UnknownEvidenceError as error:
                self.add_error("reference", str(error))
            else:
                self.instance.label = resolved.label
                data["reference"] = data["reference"].strip()
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Plan workbook (XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Give an .xlsx workbook (the template can be downloaded above)."))
        return check_workbook(
            upload,
            _(
                "« %(name)s » is not an XLSX workbook. Expected: the plan workbook (the template or the current "
                "plan, downloaded above), filled in and saved in the .xlsx format."
            ),
        )


class ReportDateForm(forms.Form):
    date = forms.DateField(label=_("State on"), widget=DATE, initial=dt.date.today)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "ambition"]
