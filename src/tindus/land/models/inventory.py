"""The inventory of economic activity zones in the CNIG « Sites économiques » model.

Columns carry the standard's own field names (``site_nom``, ``terr_surf_brute``…) for what Tindus reads,
filters or edits; the other fields of the standard are kept as text in ``extra`` (schema name → value as the
standard's CSV writes it), so that nothing imported is lost and every export is complete
(:mod:`tindus.land.standard` converts both ways). Geometries are GeoJSON in Lambert-93 (EPSG:2154), the
standard's system. A land unit's owner (name, address) is not in the standard: it is kept for the legal
consultation, never exported.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory

VOCATIONS = [  # the standard's list (site_vocadomi, pole_vocadomi)
    ("industrielle", _("industrial")),
    ("commerciale", _("commercial")),
    ("tertiaire", _("tertiary")),
    ("artisanale", _("craft")),
    ("touristique", _("tourism")),
    ("portuaire", _("port")),
    ("aéroportuaire, aéronautique", _("airport, aeronautics")),
    ("entrepôts, logistique", _("warehouses, logistics")),
    ("logistique agricole", _("agricultural logistics")),
    ("mixte", _("mixed")),
    ("inconnu", _("unknown")),
    ("autre", _("other")),
    ("sans objet", _("not applicable")),
]


PUBLIC_OWNERS = frozenset(
    {
        "Etat",
        "région",
        "département",
        "structure intercommunale",
        "commune",
        "autre collectivité territoriale",
        "organisme de logement social",
        "établissement public foncier",
        "SEM ou SPLA",
    }
)


class Pole(TerritoryHistory, models.Model):
    """POLE-ECO: a group of zones."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="land_poles")
    pole_id = models.CharField(_("identifier"), max_length=30)
    pole_nom = models.CharField(_("name"), max_length=200)
    pole_vocadomi = models.CharField(_("main vocation"), max_length=40, choices=VOCATIONS)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    extra = models.JSONField(_("other fields of the standard"), default=dict, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["pole_nom"]
        constraints = [models.UniqueConstraint(fields=["territory", "pole_id"], name="land_pole_unique")]
        verbose_name = _("pole of zones")
        verbose_name_plural = _("poles of zones")

    def __str__(self) -> str:
        return self.pole_nom

    def history_territory_id(self) -> int:
        return self.territory_id


class Zone(TerritoryHistory, models.Model):
    """SITE-ECO: an economic activity zone (or site) with its perimeter."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="land_zones")
    pole = models.ForeignKey(Pole, on_delete=models.SET_NULL, null=True, blank=True, related_name="zones")
    site_id = models.CharField(_("identifier"), max_length=30)
    site_nom = models.CharField(_("name"), max_length=200)
    site_type = models.CharField(_("kind of site"), max_length=60, default="zone d'activité économique")
    site_vocadomi = models.CharField(_("main vocation"), max_length=40, choices=VOCATIONS)
    site_etat = models.CharField(_("state"), max_length=40, default="existant et actif")
    site_surf_brute = models.FloatField(_("gross surface (m²)"), validators=[MinValueValidator(0.01)])
    site_surf_utile = models.FloatField(_("useful surface (m²)"), null=True, blank=True)
    site_epci_siren = models.CharField(_("EPCI (SIREN)"), max_length=9, blank=True)
    site_epci_nom = models.CharField(_("EPCI"), max_length=200, blank=True)
    site_comm_insee = models.CharField(_("commune (INSEE code)"), max_length=5)
    site_comm_nom = models.CharField(_("commune"), max_length=200, blank=True)
    site_moa_type = models.CharField(_("kind of manager"), max_length=40, default="epci")
    site_moa_nom = models.CharField(_("manager"), max_length=200, blank=True)
    site_identif_date = models.DateField(_("identified on"))
    site_actu_date = models.DateField(_("updated on"))
    services = models.JSONField(_("networks and services"), default=list, blank=True)  # reseau_* names set to oui
    geometry = models.JSONField(_("perimeter (GeoJSON, Lambert-93)"))
    extra = models.JSONField(_("other fields of the standard"), default=dict, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["site_nom"]
        constraints = [models.UniqueConstraint(fields=["territory", "site_id"], name="land_zone_unique")]
        verbose_name = _("economic activity zone")
        verbose_name_plural = _("economic activity zones")

    def __str__(self) -> str:
        return self.site_nom

    def history_territory_id(self) -> int:
        return self.territory_id


class LandUnit(TerritoryHistory, models.Model):
    """TERRAIN-ECO: a land unit of a zone, on one or more cadastral parcels."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="units")
    terr_id = models.CharField(_("identifier"), max_length=40)
    terr_refcad = models.CharField(_("cadastral references"), max_length=500, blank=True)
    terr_surf_brute = models.FloatField(_("surface (m²)"), validators=[MinValueValidator(0.01)])
    terr_maitrise_fonc = models.CharField(_("owner type"), max_length=40)
    terr_stade_amngt = models.CharField(_("development stage"), max_length=40, default="inconnu")
    terr_stade_comm = models.CharField(_("commercialisation stage"), max_length=60)
    terr_etat_occup = models.CharField(_("occupation"), max_length=40, default="inconnu")
    terr_usage = models.CharField(_("use"), max_length=60, default="bâti productif")
    terr_identif_date = models.DateField(_("identified on"))
    terr_actu_date = models.DateField(_("updated on"))
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    owner_address = models.TextField(_("owner's postal address"), blank=True)
    owner_email = models.EmailField(_("owner's email"), blank=True)
    geometry = models.JSONField(_("outline (GeoJSON, Lambert-93)"))
    extra = models.JSONField(_("other fields of the standard"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["terr_id"]
        constraints = [models.UniqueConstraint(fields=["zone", "terr_id"], name="land_unit_unique")]
        verbose_name = _("land unit")
        verbose_name_plural = _("land units")

    def __str__(self) -> str:
        return self.terr_id

    @property
    def public_control(self) -> bool:
        """Held by the State, a local authority or a public land body (the standard's owner types)."""
        return self.terr_maitrise_fonc in PUBLIC_OWNERS

    def history_territory_id(self) -> int:
        return self.zone.territory_id


class Occupant(TerritoryHistory, models.Model):
    """ETABLISSEMENT: an establishment of a zone, by SIRET, on one or more of its units.

    Proposed from the geolocated warehouse (``proposed``), then confirmed or rejected by the team; one SIRET
    may use several units and several establishments one unit."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="occupants")
    units = models.ManyToManyField(LandUnit, related_name="occupants", blank=True)
    siret = models.CharField(_("SIRET"), max_length=14)
    name = models.CharField(_("name"), max_length=200, blank=True)
    naf = models.CharField(_("activity (NAF)"), max_length=6, blank=True)
    active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    extra = models.JSONField(_("other fields of the standard"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "siret"]
        constraints = [models.UniqueConstraint(fields=["zone", "siret"], name="land_occupant_unique")]
        verbose_name = _("occupant")
        verbose_name_plural = _("occupants")

    def __str__(self) -> str:
        return f"{self.name or '—'} ({self.siret})"

    def history_territory_id(self) -> int:
        return self.zone.territory_id


class CfeStatus(TerritoryHistory, models.Model):
    """What the team recorded about a unit's use by an activity liable to the CFE business tax (the input of
    the legal vacancy rate, :mod:`tindus.land.compute.vacancy`), with its evidence."""

    unit = models.OneToOneField(LandUnit, on_delete=models.CASCADE, related_name="cfe")
    in_use = models.BooleanField(_("used by a CFE-liable activity"))
    last_use_end = models.DateField(_("last CFE-liable use ended on"), null=True, blank=True)
    occupied_since = models.BooleanField(_("occupied otherwise since"), default=False)
    evidence = models.CharField(_("evidence"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("CFE status")
        verbose_name_plural = _("CFE statuses")

    def __str__(self) -> str:
        return f"{self.unit}: {self.evidence}"

    def history_territory_id(self) -> int:
        return self.unit.zone.territory_id
