"""Available plots and premises, companies' land and premises needs, and the matches followed to a deal."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory

SERVICES = [
    ("rail", _("rail siding")),
    ("power", _("high-power electricity")),
    ("water", _("industrial water")),
    ("gas", _("natural gas")),
    ("fibre", _("optical fibre")),
    ("sanitation", _("sanitation")),
    ("heavy_goods", _("heavy goods vehicle access")),
    ("waterway", _("waterway")),
]


class Property(models.TextChoices):
    PLOT = "plot", _("plot of land")
    PREMISES = "premises", _("premises")


class Transaction(models.TextChoices):
    SALE = "sale", _("for sale")
    RENT = "rent", _("for rent")
    EITHER = "either", _("sale or rent")


class LandOffer(TerritoryHistory, models.Model):
    """A plot or premises available in the territory (on a unit of a zone, a brownfield, or elsewhere)."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("available")
        OPTION = "option", _("under option")
        TAKEN = "taken", _("taken")
        WITHDRAWN = "withdrawn", _("withdrawn")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="land_offers")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("what"), max_length=10, choices=Property.choices)
    transaction = models.CharField(_("transaction"), max_length=10, choices=Transaction.choices)
    unit = models.ForeignKey("land.LandUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="offers")
    brownfield = models.ForeignKey(
        "land.Brownfield", on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    commune = models.CharField(_("commune (INSEE code)"), max_length=5)
    surface = models.FloatField(_("surface (m²)"), validators=[MinValueValidator(0.01)])
    price_min = models.FloatField(_("price from (€)"), null=True, blank=True, validators=[MinValueValidator(0)])
    price_max = models.FloatField(_("price up to (€)"), null=True, blank=True, validators=[MinValueValidator(0)])
    services = models.JSONField(_("services"), default=list, blank=True)  # keys of SERVICES
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("plot or premises offered")
        verbose_name_plural = _("plots and premises offered")

    def __str__(self) -> str:
        return self.title

    def history_territory_id(self) -> int:
        return self.territory_id


class LandNeed(TerritoryHistory, models.Model):
    """A company's need for a plot or premises."""

    class Origin(models.TextChoices):
        TEAM = "team", _("recorded by the team")
        COMPANY = "company", _("declared by the company")
        CONSULTATION = "consultation", _("from the consultation")
        POOLING = "pooling", _("from a synergy pooling")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MET = "met", _("met")
        DROPPED = "dropped", _("dropped")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="land_needs")
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.TEAM)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    kind = models.CharField(_("what"), max_length=10, choices=Property.choices)
    transaction = models.CharField(_("transaction"), max_length=10, choices=Transaction.choices)
    surface_min = models.FloatField(_("surface from (m²)"), validators=[MinValueValidator(0.01)])
    surface_max = models.FloatField(_("surface up to (m²)"), null=True, blank=True)
    budget_max = models.FloatField(_("budget up to (€)"), null=True, blank=True, validators=[MinValueValidator(0)])
    communes = models.JSONField(_("wished communes (INSEE codes)"), default=list, blank=True)
    services = models.JSONField(_("services needed"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    source_reference = models.CharField(_("source"), max_length=200, blank=True)  # answer id, opportunity id…
    synthetic = models.BooleanField(_("synthetic"), default=False)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("land or premises need")
        verbose_name_plural = _("land or premises needs")

    def __str__(self) -> str:
        return f"{self.company_name or '—'}: {self.get_kind_display()} ≥ {self.surface_min:.0f} m²"

    def history_territory_id(self) -> int:
        return self.territory_id


class OfferMatch(TerritoryHistory, models.Model):
    """A need matched to an offer, with its reasons, followed along the pipeline."""

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONTACTED = "contacted", _("company contacted")
        VISIT = "visit", _("visit")
        NEGOTIATION = "negotiation", _("negotiation")
        CONCLUDED = "concluded", _("concluded")
        DROPPED = "dropped", _("dropped")

    need = models.ForeignKey(LandNeed, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(LandOffer, on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)  # [{"code", "params"}]
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.PROPOSED)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="land_match_unique")]
        verbose_name = _("match of a need and an offer")
        verbose_name_plural = _("matches of needs and offers")

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.offer}"

    def history_territory_id(self) -> int:
        return self.need.territory_id
