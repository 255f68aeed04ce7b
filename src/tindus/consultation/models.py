"""Questionnaires, their versions, campaigns and answers.

Anonymity of employees is structural: an answer (:class:`Response`) has a random primary key, a
submission date rounded to the day, no address and no link to the token that allowed it; the tokens
already used (:class:`UsedToken`) are kept as hashes in a table of their own, without date or order.
Business leaders answer through a personal invitation, and their answer keeps that link, since what
they declare about their company (resources, needs) is meant to be used with their consent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory

from .compute.schema import Questionnaire as Schema


class Audience(models.TextChoices):
    LEADERS = "leaders", _("business leaders")
    EMPLOYEES = "employees", _("employees")


class Questionnaire(TerritoryHistory, models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="questionnaires")
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["territory", "title"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title

    def history_territory_id(self) -> int:
        return self.territory_id

    def current_version(self) -> QuestionnaireVersion | None:
        return self.versions.order_by("-number").first()


class QuestionnaireVersion(models.Model):
    """A frozen questionnaire: once answered, a change makes a new version."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    schema = models.JSONField(_("questions"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="version_unique")]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    def as_schema(self) -> Schema:
        return Schema.from_dict(self.schema)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the questions do (a version is edited in place until its first answer)."""
        return hashlib.sha256(json.dumps(self.schema, sort_keys=True).encode()).hexdigest()[:16]


class Publication(models.TextChoices):
    TEAM = "team", _("the territory team only")
    COMMITTEE = "committee", _("the team and the committee")
    PUBLIC = "public", _("everyone (public page)")


class Campaign(TerritoryHistory, models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="campaigns")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    published_to = models.CharField(
        _("results shown to"), max_length=10, choices=Publication.choices, default=Publication.TEAM
    )
    # The daily task e-mails a reminder on this day to the invited leaders who have not answered, once.
    remind_on = models.DateField(
        _("automatic reminder on"),
        null=True,
        blank=True,
        help_text=_(
            "Optional. On that day, the invited business leaders who have not answered yet get a reminder by "
            "e-mail, once."
        ),
    )
    # The site's address the team used when setting the reminder: the worker has no request to ask.
    reminder_site = models.CharField(_("address of the site for reminders"), max_length=200, blank=True)
    reminder_sent_on = models.DateField(_("automatic reminder sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["territory", "-opens_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="campaign_dates")
        ]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def history_territory_id(self) -> int:
        return self.territory_id

    @property
    def audience(self) -> str:
        return self.questionnaire.audience

    def is_open(self, day: dt.date | None = None) -> bool:
        day = day or dt.date.today()
        return self.opens_on <= day <= self.closes_on


class Invitation(models.Model):
    """A business leader's personal access: one per establishment, its segments prefilled from SIRENE."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    siret = models.CharField(_("SIRET"), max_length=14)
    name = models.CharField(_("establishment"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    segments = models.JSONField(_("segments"), default=dict)  # a17, a38, size, epci, commune
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "siret"], name="invitation_one_per_establishment")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.name or self.siret


class CampaignLink(models.Model):
    """The link (or QR code) employees open: for one company, or for the whole territory."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=200)
    segments = models.JSONField(_("segments"), default=dict)  # the company's sector, size and EPCI, if any

    class Meta:
        ordering = ["campaign", "label"]
        verbose_name = _("answer link")
        verbose_name_plural = _("answer links")

    def __str__(self) -> str:
        return self.label


class UsedToken(models.Model):
    """A respondent token already used, as a hash: no date, no order, no link to the answer."""

    digest = models.CharField(primary_key=True, max_length=64)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("used token")
        verbose_name_plural = _("used tokens")

    def __str__(self) -> str:
        return self.digest[:12]


class Draft(models.Model):
    """Answers in progress, for the device that holds the respondent token; deleted on submission."""

    digest = models.CharField(primary_key=True, max_length=64)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    saved_on = models.DateField()

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return self.digest[:12]


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses")
    submission_key = models.UUIDField(unique=True)  # made when the form is shown: a retried POST is one answer
    segments = models.JSONField(default=dict)
    answers = models.JSONField(default=dict)
    submitted_on = models.DateField(_("submitted on"))  # the day only
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )  # business leaders only
    entered_by_staff = models.BooleanField(_("paper or phone answer"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.submitted_on}"


class TextReview(models.Model):
    """The team's decision on one free-text answer: nobody but the team sees a text not approved."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("withheld")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reviews")
    question = models.CharField(_("question"), max_length=100)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reviewed_on = models.DateField(_("reviewed on"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_review_per_text")]
        verbose_name = _("review of a free answer")
        verbose_name_plural = _("reviews of free answers")

    def __str__(self) -> str:
        return f"{self.question}: {self.decision}"
