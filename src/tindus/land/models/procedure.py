"""The inventory's legal procedure (Code de l'urbanisme, art. L318-8-2): the 30-day consultation of owners and
occupants, the adoption by deliberation, the transmission to the bodies in charge of the SCoT, the PLU(i) and
the PCAET, and the refresh at least every six years (dates in :mod:`tindus.land.compute.procedure`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory

from ..compute.procedure import consultation_deadline, refresh_due


class OwnerConsultation(TerritoryHistory, models.Model):
    """One consultation of the owners and occupants of the inventory's units."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="land_consultations")
    started_on = models.DateField(_("sent on"))
    note = models.TextField(_("note"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("consultation of owners and occupants")
        verbose_name_plural = _("consultations of owners and occupants")

    def __str__(self) -> str:
        return str(_("Consultation of %(date)s") % {"date": self.started_on.strftime("%d/%m/%Y")})

    @property
    def deadline(self) -> dt.date:
        return consultation_deadline(self.started_on)

    def history_territory_id(self) -> int:
        return self.territory_id


class OwnerLetter(TerritoryHistory, models.Model):
    """The letter (or email) to one owner or occupant, listing what the inventory says of their units, and
    their answer."""

    class Addressee(models.TextChoices):
        OWNER = "owner", _("owner")
        OCCUPANT = "occupant", _("occupant")

    class Channel(models.TextChoices):
        LETTER = "letter", _("letter")
        EMAIL = "email", _("email")

    consultation = models.ForeignKey(OwnerConsultation, on_delete=models.CASCADE, related_name="letters")
    addressee = models.CharField(_("addressee"), max_length=10, choices=Addressee.choices)
    name = models.CharField(_("name"), max_length=200)
    postal_address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    channel = models.CharField(_("sent by"), max_length=10, choices=Channel.choices, default=Channel.LETTER)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    units = models.ManyToManyField("land.LandUnit", related_name="letters", blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    correction = models.TextField(_("correction asked"), blank=True)
    correction_applied = models.BooleanField(_("correction applied"), default=False)

    class Meta:
        ordering = ["addressee", "name"]
        verbose_name = _("letter to an owner or occupant")
        verbose_name_plural = _("letters to owners and occupants")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_addressee_display()})"

    def history_territory_id(self) -> int:
        return self.consultation.territory_id


class Adoption(TerritoryHistory, models.Model):
    """The deliberation adopting the inventory."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="land_adoptions")
    consultation = models.ForeignKey(
        OwnerConsultation, on_delete=models.PROTECT, related_name="adoptions", null=True, blank=True
    )
    adopted_on = models.DateField(_("adopted on"))
    deliberation = models.CharField(_("deliberation (number and body)"), max_length=200)
    document = models.FileField(_("deliberation document"), upload_to="land/deliberations/", blank=True)
    reminded_on = models.DateField(_("refresh reminder sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        verbose_name = _("adoption of the inventory")
        verbose_name_plural = _("adoptions of the inventory")

    def __str__(self) -> str:
        return f"{self.deliberation} ({self.adopted_on:%d/%m/%Y})"

    @property
    def refresh_due(self) -> dt.date:
        return refresh_due(self.adopted_on)

    def history_territory_id(self) -> int:
        return self.territory_id


class Transmission(TerritoryHistory, models.Model):
    """The adopted inventory sent to a body in charge of a planning document."""

    class Document(models.TextChoices):
        SCOT = "scot", _("SCoT")
        PLU = "plu", _("PLU or PLUi")
        PCAET = "pcaet", _("PCAET")

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="transmissions")
    document = models.CharField(_("planning document"), max_length=10, choices=Document.choices)
    body = models.CharField(_("body in charge"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["sent_on", "document"]
        verbose_name = _("transmission of the inventory")
        verbose_name_plural = _("transmissions of the inventory")

    def __str__(self) -> str:
        return f"{self.get_document_display()}: {self.body}"

    def history_territory_id(self) -> int:
        return self.adoption.territory_id
