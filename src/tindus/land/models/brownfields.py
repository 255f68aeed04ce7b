"""Brownfields in the CNIG « Friches » model (v1.0.6), typically imported from a Cartofriches export."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory


class BrownfieldImport(models.Model):
    """One import of a Cartofriches export: its file, what was fixed, what is noted."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="brownfield_imports")
    source = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    departements = models.JSONField(_("départements"), default=list)
    sites = models.PositiveIntegerField(_("sites"))
    fixes = models.JSONField(_("fixes"), default=list)  # [{"line", "field", "before", "after", "site_id"}]
    notes = models.JSONField(_("notes"), default=list)  # French sentences
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("brownfield import")
        verbose_name_plural = _("brownfield imports")

    def __str__(self) -> str:
        return self.source


class Brownfield(TerritoryHistory, models.Model):
    """A brownfield (« friche »): status, pollution, surfaces, owner, and the zone it lies in, if any."""

    class Status(models.TextChoices):
        POTENTIAL = "friche potentielle", _("potential brownfield")
        WITHOUT_PROJECT = "friche sans projet", _("brownfield without project")
        WITH_PROJECT = "friche avec projet", _("brownfield with project")
        RECONVERTED = "friche reconvertie", _("reconverted brownfield")
        UNKNOWN = "inconnu", _("unknown")
        OTHER = "autre", _("other")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="brownfields")
    source_import = models.ForeignKey(
        BrownfieldImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="brownfields"
    )
    zone = models.ForeignKey("land.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="brownfields")
    site_id = models.CharField(_("identifier"), max_length=40)
    site_nom = models.CharField(_("name"), max_length=300)
    site_type = models.CharField(_("kind"), max_length=60)
    site_statut = models.CharField(_("status"), max_length=30, choices=Status.choices, blank=True)
    comm_insee = models.CharField(_("commune (INSEE code)"), max_length=5)
    comm_nom = models.CharField(_("commune"), max_length=200)
    sol_pollution_existe = models.CharField(_("soil pollution"), max_length=40, blank=True)
    unite_fonciere_surface = models.PositiveIntegerField(_("land surface (m²)"), null=True, blank=True)
    bati_surface = models.PositiveIntegerField(_("built surface (m²)"), null=True, blank=True)
    proprio_nom = models.CharField(_("owner"), max_length=500, blank=True)
    proprio_type = models.CharField(_("owner type"), max_length=200, blank=True)
    longitude = models.FloatField(_("longitude"))
    latitude = models.FloatField(_("latitude"))
    record = models.JSONField(_("record in the Friches standard"), default=dict)  # schema name -> text
    synthetic = models.BooleanField(_("synthetic"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["comm_nom", "site_nom"]
        constraints = [models.UniqueConstraint(fields=["territory", "site_id"], name="land_brownfield_unique")]
        verbose_name = _("brownfield")
        verbose_name_plural = _("brownfields")

    def __str__(self) -> str:
        return self.site_nom

    def history_territory_id(self) -> int:
        return self.territory_id
