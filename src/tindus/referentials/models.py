"""Official reference data: geography (COG), activities (NAF), jobs (ROME), wastes (EWC), outlines.

Rows are keyed by their official code (and vintage where the source has one), so that
reloading a newer file updates rows in place and keeps every foreign key pointing at them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    """An EPCI à fiscalité propre, in one COG vintage (compositions change every 1 January)."""

    vintage = models.PositiveSmallIntegerField(_("COG vintage"))
    siren = models.CharField(_("SIREN"), max_length=9)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    financing = models.CharField(_("tax regime"), max_length=10, blank=True)
    population = models.PositiveIntegerField(_("municipal population"))
    commune_count = models.PositiveIntegerField(_("number of communes"))
    departement_codes = models.CharField(_("départements"), max_length=60)

    class Meta:
        ordering = ["vintage", "name"]
        constraints = [models.UniqueConstraint(fields=["vintage", "siren"], name="epci_unique_per_vintage")]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune (or déléguée, associée, arrondissement municipal) of one COG vintage."""

    class Kind(models.TextChoices):
        CURRENT = "commune-actuelle", _("commune")
        DELEGATED = "commune-deleguee", _("commune déléguée")
        ASSOCIATED = "commune-associee", _("commune associée")
        ARRONDISSEMENT = "arrondissement-municipal", _("arrondissement municipal")

    vintage = models.PositiveSmallIntegerField(_("COG vintage"))
    code = models.CharField(_("INSEE code"), max_length=5)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    parent_code = models.CharField(_("parent commune"), max_length=5, blank=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, null=True, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, related_name="+")
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    epci = models.ForeignKey(Epci, on_delete=models.PROTECT, null=True, blank=True, related_name="communes")
    population = models.PositiveIntegerField(_("population"), null=True)
    postcodes = models.CharField(_("postcodes"), max_length=200, blank=True)
    former_codes = models.TextField(_("former codes"), blank=True)
    zone = models.CharField(_("zone"), max_length=5)

    class Meta:
        ordering = ["vintage", "code"]
        constraints = [models.UniqueConstraint(fields=["vintage", "code", "kind"], name="commune_unique_per_vintage")]
        indexes = [models.Index(fields=["vintage", "kind"])]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class NafItem(models.Model):
    """One node of NAF rév. 2: section, division, groupe, classe or sous-classe.

    Sous-classes also carry their national-accounts aggregates (A10 … A88).
    """

    class Level(models.TextChoices):
        SECTION = "section", _("section")
        DIVISION = "division", _("division")
        GROUP = "groupe", _("groupe")
        CLASS = "classe", _("classe")
        SUBCLASS = "sous-classe", _("sous-classe")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=6)
    label = models.CharField(_("label"), max_length=300)
    parent_code = models.CharField(_("parent code"), max_length=6, blank=True)
    ape_code = models.CharField(_("APE code"), max_length=5, blank=True)
    a10 = models.CharField("A10", max_length=6, blank=True)
    a17 = models.CharField("A17", max_length=6, blank=True)
    a38 = models.CharField("A38", max_length=6, blank=True)
    a64 = models.CharField("A64", max_length=8, blank=True)
    a88 = models.CharField("A88", max_length=6, blank=True)

    class Meta:
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="naf_unique_code_per_level")]
        verbose_name = _("NAF code")
        verbose_name_plural = _("NAF codes")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class NafAggregate(models.Model):
    """An INSEE aggregation level of NAF (A10, A17, A38, A64, A88) and its label."""

    level = models.CharField(_("level"), max_length=3)
    code = models.CharField(_("code"), max_length=8)
    label = models.CharField(_("label"), max_length=400)

    class Meta:
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="naf_aggregate_unique")]
        verbose_name = _("NAF aggregate")
        verbose_name_plural = _("NAF aggregates")

    def __str__(self) -> str:
        return f"{self.level} {self.code} {self.label}"


class RomeDomain(models.Model):
    letter = models.CharField(_("letter"), max_length=1, unique=True)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["letter"]
        verbose_name = _("ROME domain")
        verbose_name_plural = _("ROME domains")

    def __str__(self) -> str:
        return self.label


class RomeJob(models.Model):
    """A ROME 4.0 job code (never mix with ROME v3 codes: same pattern, other meanings)."""

    code = models.CharField(_("ROME code"), max_length=5, unique=True)
    label = models.CharField(_("label"), max_length=200)
    domain = models.ForeignKey(RomeDomain, on_delete=models.PROTECT, related_name="jobs")

    class Meta:
        ordering = ["code"]
        verbose_name = _("ROME job")
        verbose_name_plural = _("ROME jobs")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class NafDivisionRome(models.Model):
    """France Travail's NAF division × ROME 4.0 link: jobs an activity typically recruits."""

    naf_division = models.CharField(_("NAF division"), max_length=2)
    job = models.ForeignKey(RomeJob, on_delete=models.CASCADE, related_name="naf_links")

    class Meta:
        ordering = ["naf_division", "job"]
        constraints = [
            models.UniqueConstraint(fields=["naf_division", "job"], name="naf_rome_unique"),
        ]
        verbose_name = _("NAF × ROME link")
        verbose_name_plural = _("NAF × ROME links")

    def __str__(self) -> str:
        return f"{self.naf_division} → {self.job_id}"


class WasteCode(models.Model):
    """An entry of the European List of Waste (chapter, sub-chapter or 6-digit waste)."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    display_code = models.CharField(_("official code"), max_length=12)
    level = models.PositiveSmallIntegerField(_("level"))
    parent_code = models.CharField(_("parent code"), max_length=6, blank=True)
    hazardous = models.BooleanField(_("hazardous"), default=False)
    label = models.TextField(_("label"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("waste code")
        verbose_name_plural = _("waste codes")

    def __str__(self) -> str:
        return f"{self.display_code} {self.label}"


class Outline(models.Model):
    """A simplified outline (GeoJSON geometry, WGS84) of a commune, EPCI, département, région or territory."""

    class Layer(models.TextChoices):
        REGION = "region", _("région")
        DEPARTEMENT = "departement", _("département")
        EPCI = "epci", _("EPCI")
        COMMUNE = "commune", _("commune")
        TERRITORY_WAVE1 = "ti-1", _("Territoire d'industrie, wave 1")
        TERRITORY_WAVE2 = "ti-2", _("Territoire d'industrie, wave 2")

    layer = models.CharField(_("layer"), max_length=12, choices=Layer.choices)
    code = models.CharField(_("code"), max_length=12)
    name = models.CharField(_("name"), max_length=200)
    vintage = models.PositiveSmallIntegerField(_("vintage"))
    geometry = models.JSONField(_("geometry"))
    west = models.FloatField(_("west"))
    south = models.FloatField(_("south"))
    east = models.FloatField(_("east"))
    north = models.FloatField(_("north"))

    class Meta:
        ordering = ["layer", "code"]
        constraints = [models.UniqueConstraint(fields=["layer", "code"], name="outline_unique")]
        verbose_name = _("outline")
        verbose_name_plural = _("outlines")

    def __str__(self) -> str:
        return f"{self.layer} {self.code}"


class ReferenceLoad(models.Model):
    """Provenance of the last load of each reference file: which file, which checksum, how many rows."""

    dataset = models.CharField(_("dataset"), max_length=60, unique=True)
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["dataset"]
        verbose_name = _("reference load")
        verbose_name_plural = _("reference loads")

    def __str__(self) -> str:
        return f"{self.dataset} ({self.rows})"
