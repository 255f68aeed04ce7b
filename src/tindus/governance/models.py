"""How a territory is governed: its instances, their members, meetings and decisions, and the
milestones of the programme (identification, protocol, committees, contract, amendments)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory


class TerritoryMilestone(TerritoryHistory, models.Model):
    class Kind(models.TextChoices):
        IDENTIFICATION = "identification", _("identification")
        PROTOCOL = "protocol", _("protocol signed")
        COMMITTEE = "committee", _("committee")
        CONTRACT = "contract", _("contract signed")
        AMENDMENT = "amendment", _("amendment")
        OTHER = "other", _("other")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)

    class Meta:
        ordering = ["territory", "date", "pk"]
        verbose_name = _("territory milestone")
        verbose_name_plural = _("territory milestones")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    def history_territory_id(self) -> int:
        return self.territory_id


def contract_signed(territory: Territory, on: dt.date | None = None) -> bool:
    on = on or dt.date.today()
    return territory.milestones.filter(kind=TerritoryMilestone.Kind.CONTRACT, date__lte=on).exists()


class Instance(TerritoryHistory, models.Model):
    class Kind(models.TextChoices):
        REGIONAL_STEERING = "regional", _("regional steering committee")
        PROJECT_COMMITTEE = "project", _("project committee")
        WORKING_GROUP = "group", _("working group")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="instances")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)

    class Meta:
        ordering = ["territory", "kind", "name"]
        verbose_name = _("instance")
        verbose_name_plural = _("instances")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:instance", kwargs={"slug": self.territory.slug, "pk": self.pk})

    def history_territory_id(self) -> int:
        return self.territory_id

    def kind_label(self) -> str:
        """The project committee becomes the follow-up committee once the contract is signed."""
        if self.kind == self.Kind.PROJECT_COMMITTEE and contract_signed(self.territory):
            return str(_("follow-up committee"))
        return self.get_kind_display()


class InstanceMember(TerritoryHistory, models.Model):
    class Role(models.TextChoices):
        CO_CHAIR_ELECTED = "cochair_elected", _("co-chair (elected official)")
        CO_CHAIR_INDUSTRIALIST = "cochair_industry", _("co-chair (industrialist)")
        CHAIR = "chair", _("chair")
        STATE = "state", _("State")
        REGION = "region", _("Région")
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("EPCI")
        INDUSTRIALIST = "industrialist", _("industrialist")
        EMPLOYMENT_AGENCY = "employment", _("employment agency")
        TRAINING = "training", _("training body")
        CHAMBER = "chamber", _("chamber of commerce or trades")
        FEDERATION = "federation", _("employers' federation")
        PROJECT_TEAM = "team", _("project team")
        OTHER = "other", _("other partner")

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="members")
    person = models.CharField(_("person"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["instance", "role", "organisation"]
        verbose_name = _("instance member")
        verbose_name_plural = _("instance members")

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})" if self.person else self.organisation

    def history_territory_id(self) -> int:
        return self.instance.territory_id


class Meeting(TerritoryHistory, models.Model):
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    attendees = models.ManyToManyField(
        InstanceMember, blank=True, related_name="meetings_attended", verbose_name=_("present")
    )
    excused = models.ManyToManyField(InstanceMember, blank=True, related_name="+", verbose_name=_("excused"))
    guests = models.TextField(_("other participants"), blank=True, help_text=_("One per line."))

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.instance} · {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", kwargs={"slug": self.instance.territory.slug, "pk": self.pk})

    def history_territory_id(self) -> int:
        return self.instance.territory_id

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def guest_list(self) -> list[str]:
        return [line.strip() for line in self.guests.splitlines() if line.strip()]


class Decision(TerritoryHistory, models.Model):
    """What a meeting decided and, when it concerns a project, what it changed there: the status
    change and the budget line it recorded.

    Governance points at the plan, never the reverse: a project, a status change or a budget line
    finds its decisions through the reverse accessor ``decisions``.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    project = models.ForeignKey(
        "plan.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name=_("project concerned"),
    )  # fmt: skip
    status_changes = models.ManyToManyField(
        "plan.StatusChange", blank=True, related_name="decisions", verbose_name=_("status changes")
    )
    budget_lines = models.ManyToManyField(
        "plan.BudgetLine", blank=True, related_name="decisions", verbose_name=_("budget lines")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]

    def history_territory_id(self) -> int:
        return self.meeting.instance.territory_id


def meeting_document_path(instance: MeetingDocument, filename: str) -> str:
    return f"governance/{instance.meeting.instance.territory_id}/{instance.meeting_id}/{filename}"


class MeetingDocument(TerritoryHistory, models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=meeting_document_path, max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "-uploaded_at"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    def history_territory_id(self) -> int:
        return self.meeting.instance.territory_id
