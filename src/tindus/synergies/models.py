"""Declarations of resources and needs, the opportunities found between them, their follow-up and the
emission factors their impact is computed with.

The computations live in the plain-Python modules of this package (:mod:`.matching`, :mod:`.discovery`,
:mod:`.pooling`, :mod:`.feedback`, :mod:`.impact`); these models only keep what a territory declared,
proposed and decided.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory

from .compute import declarations as core


class Direction(models.TextChoices):
    RESOURCE = core.RESOURCE, _("resource offered")
    NEED = core.NEED, _("need")


class Category(models.TextChoices):
    MATERIALS = "matieres", _("materials, by-products and waste")
    ENERGY = "energie", _("energy (heat, steam, cold)")
    WATER = "eau", _("water")
    EQUIPMENT = "equipements", _("equipment and machine capacity")
    PREMISES = "locaux", _("premises and land")
    LOGISTICS = "logistique", _("logistics and transport")
    SKILLS = "competences", _("skills and staff time")
    TRAINING = "formation", _("training")
    RECRUITMENT = "recrutement", _("recruitment pooling")
    PURCHASING = "achats", _("purchasing pooling")
    SERVICES = "services", _("services")


class Confidentiality(models.TextChoices):
    TERRITORY = "territory", _("visible to the territory's companies")
    FACILITATORS = "facilitators", _("visible to the facilitators only")
    ANONYMOUS = "anonymous", _("anonymous (the company is revealed when both sides agree)")


class Origin(models.TextChoices):
    COMPANY = "company", _("declared by the company")
    TEAM = "team", _("entered by the team on the company's behalf")
    CONSULTATION = "consultation", _("answer to the consultation, with consent")
    DISCOVERY = "discovery", _("discovery hypothesis confirmed by the company")


class Declaration(TerritoryHistory, models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="synergy_declarations")
    siret = models.CharField(_("SIRET"), max_length=14)
    company_name = models.CharField(_("company"), max_length=200)
    commune = models.CharField(_("commune"), max_length=5, blank=True)
    naf = models.CharField(_("NAF code"), max_length=6, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    text = models.CharField(_("description"), max_length=500, blank=True)
    ewc = models.CharField(_("EWC waste code"), max_length=6, blank=True)
    rome = models.CharField(_("ROME jobs"), max_length=200, blank=True, help_text=_("Codes separated by spaces."))
    equipment = models.CharField(_("equipment class"), max_length=100, blank=True)
    quantity = models.FloatField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    frequency = models.CharField(_("frequency"), max_length=12, blank=True)
    hazardous = models.BooleanField(_("hazardous waste"), default=False)
    state = models.CharField(_("physical state"), max_length=10, blank=True)
    temperature_c = models.FloatField(_("temperature (°C)"), null=True, blank=True)
    authorised_hazardous = models.BooleanField(
        _("authorised to receive hazardous waste"), default=False, help_text=_("ICPE authorisation for it.")
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.TERRITORY
    )
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.TEAM)
    # Where it came from, so that a consultation answer or a discovery hypothesis is taken only once.
    origin_reference = models.CharField(max_length=100, blank=True)
    synthetic = models.BooleanField(_("synthetic demonstration data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["territory", "company_name", "direction", "category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "origin", "origin_reference", "siret", "direction", "category"],
                condition=~models.Q(origin_reference=""),
                name="declaration_taken_once",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gt=0),
                name="declaration_quantity_positive",
            ),  # fmt: skip
        ]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")

    def __str__(self) -> str:
        return f"{self.company_name} · {self.get_direction_display()} · {self.text or self.get_category_display()}"

    def history_territory_id(self) -> int:
        return self.territory_id

    def ewc_display(self) -> str:
        """The waste code as the list writes it: « 16 06 01* »."""
        return core.ewc_display(self.ewc, self.hazardous)

    def unit_display(self) -> str:
        return core.UNIT_LABELS.get(self.unit, self.unit)

    def rome_codes(self) -> tuple[str, ...]:
        return tuple(code for code in self.rome.replace(",", " ").split() if code)

    def as_core(self) -> core.Declaration:
        return core.Declaration(
            id=str(self.pk), company=self.siret, direction=self.direction, category=self.category, text=self.text,
            ewc=self.ewc, rome=self.rome_codes(), equipment=self.equipment, quantity=self.quantity, unit=self.unit,
            frequency=self.frequency, hazardous=self.hazardous, state=self.state, temperature_c=self.temperature_c,
            confidentiality=self.confidentiality,
        )  # fmt: skip


class Status(models.TextChoices):
    DETECTED = "detected", _("detected")
    PROPOSED = "proposed", _("proposed")
    CONTACT = "contact", _("contact made")
    STUDY = "study", _("under study")
    IMPLEMENTED = "implemented", _("implemented")
    ABANDONED = "abandoned", _("dropped")  # « abandonnée », as the other statuses of an opportunity


OPEN_STATUSES = (Status.DETECTED, Status.PROPOSED, Status.CONTACT, Status.STUDY)


class AbandonReason(models.TextChoices):
    QUALITY = "qualite", _("quality or regularity of the material")
    QUANTITY = "quantite", _("insufficient or irregular quantities")
    DISTANCE = "distance", _("distance or transport cost")
    COST = "cout", _("cost or profitability")
    REGULATION = "reglementation", _("regulatory constraints")
    TRUST = "confiance", _("confidentiality or trust")
    CONTACT = "interlocuteur", _("no contact person or no follow-up")
    OTHER = "autre", _("other reason")


class Kind(models.TextChoices):
    MATCH = "match", _("match between declarations")
    DISCOVERY = "discovery", _("discovered from open data")
    POOLING = "pooling", _("pooling")
    MEETING = "meeting", _("from a business meeting")


class Opportunity(TerritoryHistory, models.Model):
    """A synergy followed from its detection to its implementation or abandonment."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="synergy_opportunities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    explanation = models.TextField(_("why"), blank=True)
    score = models.FloatField(_("score"), default=0.0)
    # What the ranking learns from: pattern ids, EWC, ROME or category keys (see feedback.py).
    feedback_keys = models.CharField(max_length=300, blank=True)
    # Stable identity of what was proposed, so that the same hypothesis is not followed twice.
    signature = models.CharField(max_length=200)
    need = models.ForeignKey(Declaration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    offer = models.ForeignKey(Declaration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The companies involved: [{"siret", "name", "role"}], role « provider », « receiver » or « member ».
    companies = models.JSONField(default=list)
    hypothesis = models.BooleanField(_("hypothesis to be confirmed"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DETECTED)
    abandon_reason = models.CharField(_("reason"), max_length=16, choices=AbandonReason.choices, blank=True)
    abandon_note = models.CharField(_("details"), max_length=500, blank=True)
    # An anonymous side is named once both sides agreed to reveal who they are.
    offer_agrees = models.BooleanField(_("the provider agrees to reveal its identity"), default=False)
    need_agrees = models.BooleanField(_("the receiver agrees to reveal its identity"), default=False)
    revealed = models.BooleanField(_("identities revealed"), default=False)
    synthetic = models.BooleanField(_("synthetic demonstration data"), default=False)
    # Impact inputs (see compute/impact.py and the method in IMPACT_METHOD.md).
    tonnes_per_year = models.FloatField(_("tonnes per year"), null=True, blank=True)
    disposal_route = models.CharField(_("former disposal route"), max_length=80, blank=True)
    virgin_material = models.CharField(_("virgin material replaced"), max_length=80, blank=True)
    distance_km = models.FloatField(_("road distance (km)"), null=True, blank=True)
    reprocessing = models.CharField(_("reprocessing"), max_length=80, blank=True)
    energy_mwh_per_year = models.FloatField(_("energy recovered (MWh per year)"), null=True, blank=True)
    water_m3_per_year = models.FloatField(_("water reused (m³ per year)"), null=True, blank=True)
    disposal_cost_eur_per_t = models.FloatField(_("avoided disposal cost (€/t)"), null=True, blank=True)
    virgin_price_eur_per_t = models.FloatField(_("avoided purchase price (€/t)"), null=True, blank=True)
    transport_cost_eur_per_tkm = models.FloatField(_("transport cost (€/t·km)"), null=True, blank=True)
    reprocessing_cost_eur_per_t = models.FloatField(_("reprocessing cost (€/t)"), null=True, blank=True)
    other_savings_eur = models.FloatField(_("other savings (€ per year)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["territory", "-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["territory", "signature"], name="opportunity_once")]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    def __str__(self) -> str:
        return self.title

    def history_territory_id(self) -> int:
        return self.territory_id

    def keys(self) -> tuple[str, ...]:
        return tuple(self.feedback_keys.split())


class StatusChange(models.Model):
    """The pipeline's log: who moved an opportunity, when, and why."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=AbandonReason.choices, blank=True)
    note = models.CharField(_("details"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["opportunity", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.opportunity_id} → {self.status}"


class FactorKind(models.TextChoices):
    DISPOSAL = "disposal", _("disposal route")
    VIRGIN = "virgin", _("virgin material or energy replaced")
    TRANSPORT = "transport", _("transport")
    REPROCESSING = "reprocessing", _("reprocessing")


class EmissionFactor(TerritoryHistory, models.Model):
    """A territory's copy of an emission factor, seeded from ``data/emission_factors.csv`` and editable."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="emission_factors")
    key = models.CharField(_("key"), max_length=80)
    kind = models.CharField(_("kind"), max_length=14, choices=FactorKind.choices)
    label = models.CharField(_("label"), max_length=200)
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=80)
    source = models.CharField(_("source"), max_length=500)
    vintage = models.CharField(_("vintage"), max_length=20)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["territory", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "key"], name="emission_factor_once"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="emission_factor_not_negative"),
        ]
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}"

    def history_territory_id(self) -> int:
        return self.territory_id
