"""Roles are held per territory: the same person can lead one territory's team and sit on
another's committee. Platform administrators are Django superusers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.territories.models import Territory


class Role(models.TextChoices):
    TEAM = "team", _("territory team")
    COMMITTEE = "committee", _("committee member")
    PARTNER = "partner", _("partner organisation member")
    COMPANY = "company", _("company representative")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    company_siret = models.CharField(
        _("company SIRET"), max_length=14, blank=True, help_text=_("For company representatives only.")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["territory", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "territory", "role"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(role="company") | models.Q(company_siret=""),
                name="membership_siret_only_for_company",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.territory}"


class SteeringRole(models.TextChoices):
    """Roles above the territory: the programme's steering reads what territories share, never edits them."""

    REGIONAL_COORDINATOR = "regional_coordinator", _("regional coordinator")
    REGIONAL_COMMITTEE = "regional_committee", _("regional steering committee member")
    NATIONAL_TEAM = "national_team", _("national programme team")


class SteeringMembership(models.Model):
    """A steering role held on one région, or on the whole platform for the national programme team."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steering_memberships")
    role = models.CharField(_("role"), max_length=24, choices=SteeringRole.choices)
    region = models.ForeignKey(
        "referentials.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("région"), help_text=_("Empty for the national programme team."),
    )  # fmt: skip
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["region", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="steering_unique"),
            models.CheckConstraint(
                condition=(models.Q(role="national_team") & models.Q(region__isnull=True))
                | (~models.Q(role="national_team") & models.Q(region__isnull=False)),
                name="steering_region_unless_national",
            ),
        ]
        verbose_name = _("steering role")
        verbose_name_plural = _("steering roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region or _('France')}"
