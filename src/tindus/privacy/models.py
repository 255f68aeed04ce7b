"""The audit log of personal data: every export (access request) and every erasure, with who did it.

A record never keeps more about its subject than needed to answer « was this request handled? »: a
person is named by their e-mail address until they are erased, then by their account number only; a
company by its SIRET (public in SIRENE).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.territories.models import Territory


class Record(models.Model):
    class Action(models.TextChoices):
        EXPORT = "export", _("export")
        ERASURE = "erasure", _("erasure")

    class Subject(models.TextChoices):
        PERSON = "person", _("person")
        COMPANY = "company", _("company")

    class Channel(models.TextChoices):
        WEB = "web", _("web page")
        COMMAND = "command", _("command line")

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("done by"),
    )  # fmt: skip
    # Who ran the command (system account and machine) when it was not done from the web.
    actor_label = models.CharField(_("done by (command line)"), max_length=200, blank=True)
    channel = models.CharField(_("through"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    subject_kind = models.CharField(_("about"), max_length=10, choices=Subject.choices)
    subject = models.CharField(_("subject"), max_length=254)
    # The account concerned, so that its e-mail address leaves this log when it is erased.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The territory whose data the action covered; empty: every territory (a platform administrator).
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("territory")
    )
    request_reference = models.CharField(
        _("request"), max_length=200, blank=True, help_text=_("How the request came: a letter's date, a ticket…")
    )
    # What was exported or erased: number of items by section.
    counts = models.JSONField(_("items"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data record")
        verbose_name_plural = _("personal data records")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.action} {self.subject}"

    @property
    def total(self) -> int:
        return sum(v for v in self.counts.values() if isinstance(v, int))
