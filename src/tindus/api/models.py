"""Personal API tokens and the rate-limit counters shared by every process."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tindus.accounts.models import Role
from tindus.territories.models import Territory


class ApiToken(models.Model):
    """A personal token acting for its holder on one territory, with a role no higher than theirs.

    Only the SHA-256 of the secret is stored; the secret is shown once, when the token is created.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="api_tokens")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. « notebook »."))
    prefix = models.CharField(_("start of the token"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class RateWindow(models.Model):
    """Requests counted in one fixed window for one client (a token or an address)."""

    key = models.CharField(max_length=120, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    window_end = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
