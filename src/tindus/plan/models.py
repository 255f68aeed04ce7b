"""The strategy and action plan of a territory.

A plan holds a tree of axes: the roots are the levers (priorités), their children the axes and
sub-axes, to any depth. Projects (actions) hang from one or more axes and carry their porteur,
dated status history, budget, funding, milestones, indicators, documents and the evidence that
justifies them. Amounts are in euros.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.referentials.models import Commune
from tindus.territories.models import Territory

AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
# Longest free texts: a description is a few pages at most; short notes a paragraph.
DESCRIPTION_MAX = 10_000
SUMMARY_MAX = 2_000


def text_limit(length: int) -> dict:
    """Keyword arguments of a TextField limited to ``length`` characters (forms and full_clean)."""
    return {"max_length": length, "validators": [MaxLengthValidator(length)]}


class Status(models.TextChoices):
    IDEA = "idea", _("idea")
    PREPARING = "preparing", _("in preparation")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("completed")
    PAUSED = "paused", _("paused")
    BLOCKED = "blocked", _("blocked")
    ABANDONED = "abandoned", _("abandoned")


class Financeur(models.TextChoices):
    STATE = "state", _("State")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    EPCI = "epci", _("EPCI")
    COMMUNE = "commune", _("Commune")
    EUROPE = "europe", _("Europe")
    BANQUE_DES_TERRITOIRES = "bdt", _("Banque des Territoires")
    BPIFRANCE = "bpifrance", _("Bpifrance")
    ADEME = "ademe", _("ADEME")
    OTHER_PUBLIC = "other_public", _("other public funder")
    PRIVATE = "private", _("private funder")
    SELF = "self", _("porteur's own funds")


class Plan(TerritoryHistory, models.Model):
    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="plan")
    title = models.CharField(_("title"), max_length=200, default=_("Action plan"))
    ambition = models.TextField(
        _("ambition"), blank=True, help_text=_("The priority the territory sets itself."), **text_limit(SUMMARY_MAX)
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.title} · {self.territory}"

    def history_territory_id(self) -> int:
        return self.territory_id


class Axis(TerritoryHistory, models.Model):
    """A lever (no parent) or an axis under a lever or under another axis."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("action plan"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, **text_limit(DESCRIPTION_MAX))

    class Meta:
        ordering = ["plan", "parent_id", "position", "pk"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def history_territory_id(self) -> int:
        return self.plan.territory_id

    @property
    def is_lever(self) -> bool:
        return self.parent_id is None

    def ancestors(self) -> list[Axis]:
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def code(self) -> str:
        """'2' for the second lever, '2.1' for its first axis, '2.1.3' below…"""
        return ".".join(str(a.position) for a in self.ancestors())


class Project(TerritoryHistory, models.Model):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("high")
        MEDIUM = 2, _("medium")
        LOW = 3, _("low")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="projects")
    reference = models.CharField(
        _("reference"),
        max_length=20,
        blank=True,
        help_text=_("A short code of your own, e.g. A1.2 (used by the workbook)."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, **text_limit(DESCRIPTION_MAX))
    porteur_name = models.CharField(_("porteur"), max_length=300, help_text=_("The organisation leading the project."))
    porteur_siret = models.CharField(
        _("porteur's SIRET"), max_length=14, blank=True, help_text=_("Optional: 14 digits, matched to the warehouse.")
    )
    pilot = models.CharField(_("pilot"), max_length=200, blank=True, help_text=_("The person who runs it."))
    pilot_email = models.EmailField(_("pilot's email"), blank=True)
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("One organisation per line."), **text_limit(SUMMARY_MAX)
    )
    axes = models.ManyToManyField(Axis, related_name="projects", verbose_name=_("axes"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDEA)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    communes = models.ManyToManyField(Commune, related_name="+", blank=True, verbose_name=_("communes concerned"))
    is_public = models.BooleanField(
        _("shown on the public site"), default=False, help_text=_("Only public projects appear in the panorama.")
    )
    public_summary = models.TextField(_("public summary"), blank=True, **text_limit(SUMMARY_MAX))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The readers' comments on the project: they go with it when it is deleted.
    comments = GenericRelation("territories.Comment", content_type_field="subject_type", object_id_field="subject_id")

    class Meta:
        ordering = ["territory", "priority", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "reference"], condition=~models.Q(reference=""), name="project_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plan:project", kwargs={"slug": self.territory.slug, "pk": self.pk})

    def history_territory_id(self) -> int:
        return self.territory_id

    @property
    def ref(self) -> str:
        return self.reference or f"P{self.pk}"

    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def status_on(self, day: dt.date) -> str | None:
        """The status in force on ``day`` according to the history (None before the first one)."""
        change = self.status_changes.filter(date__lte=day).order_by("-date", "-pk").first()
        return change.status if change else None

    def current_change(self) -> StatusChange | None:
        """The entry of the history in force now: the latest effective date, then the latest recorded."""
        return self.status_changes.order_by("-date", "-pk").first()


class StatusChange(TerritoryHistory, models.Model):
    """One entry of a project's dated status history.

    The entry in force on a day is the one with the latest effective ``date`` on or before it; on
    the same date, the one recorded last. The entry written when a project is created without a
    date of its own is ``automatic``: it is dated the day of creation, and moves back to the date of
    any earlier entry recorded later (see :func:`tindus.plan.services.change_status`).
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("project")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    automatic = models.BooleanField(
        _("made when the project was created"),
        default=False,
        help_text=_("Dated at the earliest status of the project."),
    )

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.project} → {self.get_status_display()} ({date_format(self.date)})"

    def history_territory_id(self) -> int:
        return self.project.territory_id


class ProjectPart(TerritoryHistory, models.Model):
    """Something that belongs to one project (budget line, funding, milestone…)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("project"))

    class Meta:
        abstract = True

    def history_territory_id(self) -> int:
        return self.project.territory_id


class BudgetLine(ProjectPart):
    class Nature(models.TextChoices):
        INVESTMENT = "investment", _("investment")
        OPERATING = "operating", _("operating")

    nature = models.CharField(_("nature"), max_length=10, choices=Nature.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    label = models.CharField(_("label"), max_length=300)
    planned = models.DecimalField(_("planned (€)"), **AMOUNT)
    actual = models.DecimalField(_("actual (€)"), null=True, blank=True, **AMOUNT)

    class Meta:
        ordering = ["project", "year", "nature", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(planned__gte=0), name="budget_planned_not_negative"),
            models.CheckConstraint(
                condition=models.Q(actual__isnull=True) | models.Q(actual__gte=0), name="budget_actual_not_negative"
            ),
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"


class Funding(ProjectPart):
    """Money asked from a financeur; its status follows from the dates it was requested, granted, paid."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        PAID = "paid", _("paid")

    financeur = models.CharField(_("funder"), max_length=16, choices=Financeur.choices)
    financeur_detail = models.CharField(
        _("programme or body"), max_length=200, blank=True, help_text=_("e.g. FEDER, DETR, Fonds vert.")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (€)"), **AMOUNT)
    requested_on = models.DateField(_("requested on"))
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "year", "financeur", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="funding_not_negative")]
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")

    def __str__(self) -> str:
        return f"{self.get_financeur_display()} {number_format(self.amount, 0, force_grouping=True)} € ({self.year})"

    def state_on(self, day: dt.date | None = None) -> str | None:
        day = day or dt.date.today()
        if self.paid_on and self.paid_on <= day:
            return self.State.PAID
        if self.granted_on and self.granted_on <= day:
            return self.State.GRANTED
        if self.requested_on <= day:
            return self.State.REQUESTED
        return None

    @property
    def state(self) -> str | None:
        return self.state_on()

    def get_state_display(self) -> str:
        return self.State(self.state).label if self.state else ""


class Milestone(ProjectPart):
    title = models.CharField(_("title"), max_length=300)
    planned_on = models.DateField(_("planned on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "planned_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Indicator(ProjectPart):
    """What a project measures. A count or a quantity is never negative; only a change may be."""

    class Kind(models.TextChoices):
        COUNT = "count", _("count (jobs, companies, people…)")
        QUANTITY = "quantity", _("quantity (euros, m², tonnes…)")
        CHANGE = "change", _("change (may be negative)")

    name = models.CharField(_("indicator"), max_length=300)
    kind = models.CharField(
        _("kind of indicator"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.COUNT,
        help_text=_("A count or a quantity cannot be negative; a change (a rise or a fall) can."),
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=3)
    target_on = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["project", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="change") | models.Q(target__gte=0), name="indicator_target_not_negative"
            ),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def may_be_negative(self) -> bool:
        return self.kind == self.Kind.CHANGE

    def clean(self) -> None:
        if self.target is not None and self.target < 0 and not self.may_be_negative:
            raise ValidationError({"target": negative_message(self)})

    def value_on(self, day: dt.date | None = None) -> IndicatorValue | None:
        values = self.values.all()
        if day:
            values = values.filter(measured_on__lte=day)
        return values.order_by("-measured_on", "-pk").first()


class IndicatorValue(TerritoryHistory, models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=3)

    class Meta:
        ordering = ["indicator", "measured_on"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator} : {number_format(self.value, force_grouping=True)} ({date_format(self.measured_on)})"

    def history_territory_id(self) -> int:
        return self.indicator.project.territory_id

    def clean(self) -> None:
        if self.indicator_id and self.value is not None and self.value < 0 and not self.indicator.may_be_negative:
            raise ValidationError({"value": negative_message(self.indicator)})


def negative_message(indicator: Indicator) -> str:
    return _(
        "A count or a quantity cannot be negative: give zero or more, or choose the kind « change » for « %(name)s »."
    ) % {"name": indicator.name}


def document_path(instance: ProjectDocument, filename: str) -> str:
    return f"plan/{instance.project.territory_id}/{instance.project_id}/{filename}"


class ProjectDocument(ProjectPart):
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["project", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class EvidenceLink(ProjectPart):
    """Why a project exists: a diagnostic indicator, a consultation result, a synergy…

    ``kind`` names an entry of :mod:`tindus.plan.evidence`'s registry, where each domain app
    declares how its references are checked and where they point.
    """

    kind = models.CharField(_("kind of evidence"), max_length=40)
    reference = models.CharField(_("reference"), max_length=200)
    label = models.CharField(_("label"), max_length=300)
    comment = models.CharField(_("why it matters"), max_length=500, blank=True)

    class Meta:
        ordering = ["project", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "reference"], name="evidence_unique"),
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.label
