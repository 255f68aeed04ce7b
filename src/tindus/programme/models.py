"""What each territory shares with the programme's steering, and how its plan maps to the common themes.

The regional steering committee and ANCT's national team read only what a territory chose to share
upward (:class:`SharingSettings`). Each territory's levers and axes have its own wording; the steering
compares them through a small common taxonomy of themes (:class:`Theme`) that the territory confirms once
per axis (:class:`AxisTheme`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory


class Level(models.TextChoices):
    """How much of one kind of content goes upward. Public content is always visible, whatever the level."""

    NOTHING = "nothing", _("nothing beyond public content")
    AGGREGATED = "aggregated", _("aggregated figures only")
    DETAILED = "detailed", _("figures and details")


class SharingSettings(TerritoryHistory, models.Model):
    """One row per territory; a territory without a row shares the defaults (aggregated figures)."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="sharing")
    plan = models.CharField(
        _("plan and project statuses"), max_length=10, choices=Level.choices, default=Level.AGGREGATED,
        help_text=_("Details: private projects are listed with their title, porteur and status."),
    )  # fmt: skip
    funding = models.CharField(
        _("funding"), max_length=10, choices=Level.choices, default=Level.AGGREGATED,
        help_text=_("Details: the amounts of each project, by financeur."),
    )  # fmt: skip
    governance = models.CharField(
        _("governance calendar"), max_length=10, choices=Level.choices, default=Level.AGGREGATED,
        help_text=_("Details: the dates of private meetings."),
    )  # fmt: skip
    consultation = models.CharField(
        _("consultation participation"), max_length=10, choices=Level.choices, default=Level.AGGREGATED
    )
    synergies = models.CharField(
        _("synergies and their impact"), max_length=10, choices=Level.choices, default=Level.AGGREGATED
    )
    events = models.CharField(_("events statistics"), max_length=10, choices=Level.choices, default=Level.AGGREGATED)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    KINDS = ("plan", "funding", "governance", "consultation", "synergies", "events")

    class Meta:
        verbose_name = _("sharing with the programme's steering")
        verbose_name_plural = _("sharing with the programme's steering")

    def __str__(self) -> str:
        return str(self.territory)

    def history_territory_id(self) -> int:
        return self.territory_id


class Theme(models.TextChoices):
    """The programme's common themes: every territory's levers and axes map to one of them."""

    RECRUITMENT_SKILLS = "recruitment_skills", _("recruitment and skills")
    INNOVATION = "innovation", _("innovation")
    ATTRACTIVENESS = "attractiveness", _("attractiveness")
    LAND = "land", _("land and premises")
    ECOLOGICAL_TRANSITION = "ecological_transition", _("ecological transition")
    BUSINESS_SUPPORT = "business_support", _("business support and financing")
    COOPERATION = "cooperation", _("cooperation between companies")


class AxisTheme(TerritoryHistory, models.Model):
    """The common theme a territory confirmed for one of its levers or axes. Projects take the theme of the
    nearest confirmed axis above them."""

    axis = models.OneToOneField("plan.Axis", on_delete=models.CASCADE, related_name="programme_theme")
    theme = models.CharField(_("common theme"), max_length=24, choices=Theme.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now=True)

    class Meta:
        verbose_name = _("common theme of an axis")
        verbose_name_plural = _("common themes of axes")

    def __str__(self) -> str:
        return f"{self.axis} → {self.get_theme_display()}"

    def history_territory_id(self) -> int:
        return self.axis.plan.territory_id
