"""What the employment–training working group keeps: BMO files, training offers, local needs, the team's
ROME ↔ BMO links and the proposals born from gaps.

The computations live in the plain-Python cores of :mod:`.compute`; these models only keep what was
imported, declared and decided. Figures of a territory are computed on read from the stored BMO cells
(:mod:`.analysis`): a territory touches a few basins of about 400, a few thousand rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory


class BmoImport(models.Model):
    """One BMO file (France Travail's « Besoins en Main-d'Œuvre » survey) as imported.

    A national file (no territory) serves every territory: the shipped 2024 and 2025 files are loaded by
    ``tindus setup``. A territory's team may import another year or a newer release for its own
    territory, which then wins over the national one of the same year. One import per year is
    ``current``; a superseded one keeps its provenance, its cells are deleted.
    """

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, null=True, blank=True, related_name="bmo_imports"
    )
    year = models.PositiveSmallIntegerField(_("survey year"))
    source = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    nomenclature = models.CharField(_("job nomenclature"), max_length=20)
    shipped = models.BooleanField(_("shipped with Tindus"), default=False)
    current = models.BooleanField(_("current"), default=True)
    jobs = models.JSONField(_("jobs"), default=dict)  # FAP code -> label
    basins = models.JSONField(_("basins"), default=dict)  # "2727" -> {"name": …, "departements": [...]}
    missing_basins = models.JSONField(_("basins absent from the commune table"), default=dict)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(current=True, territory__isnull=True),
                name="employment_bmo_one_current_national_per_year",
            ),
            models.UniqueConstraint(
                fields=["territory", "year"],
                condition=models.Q(current=True, territory__isnull=False),
                name="employment_bmo_one_current_per_territory_and_year",
            ),
        ]
        verbose_name = _("BMO import")
        verbose_name_plural = _("BMO imports")

    def __str__(self) -> str:
        return f"BMO {self.year} ({self.source})"


class BmoCell(models.Model):
    """One basin × job of a BMO file, its département rows added: the published sums and the masked parts
    (see :class:`tindus.employment.compute.basins.BasinJobMatrix`)."""

    bmo_import = models.ForeignKey(BmoImport, on_delete=models.CASCADE, related_name="cells")
    basin = models.PositiveIntegerField(_("basin"))
    job = models.CharField(_("BMO job"), max_length=5)
    projects = models.PositiveIntegerField(default=0)
    projects_masked = models.PositiveSmallIntegerField(default=0)
    difficult = models.PositiveIntegerField(default=0)
    difficult_masked = models.PositiveSmallIntegerField(default=0)
    seasonal = models.PositiveIntegerField(default=0)
    seasonal_masked = models.PositiveSmallIntegerField(default=0)
    difficult_basis = models.PositiveIntegerField(default=0)
    difficult_known = models.PositiveIntegerField(default=0)
    seasonal_basis = models.PositiveIntegerField(default=0)
    seasonal_known = models.PositiveIntegerField(default=0)
    rows = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["bmo_import", "basin", "job"]
        constraints = [
            models.UniqueConstraint(fields=["bmo_import", "basin", "job"], name="employment_bmo_cell_unique")
        ]
        verbose_name = _("BMO cell")
        verbose_name_plural = _("BMO cells")

    def __str__(self) -> str:
        return f"{self.basin} {self.job}"


class Modality(models.TextChoices):
    PRESENTIAL = "presential", _("in person")
    DISTANCE = "distance", _("distance learning")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")


class OfferImport(models.Model):
    """A file of training offers imported by the team (or the demo's synthetic sessions): the provenance of
    every organisation, action and session it brought. Deleting it removes them."""

    class Kind(models.TextChoices):
        LHEO = "lheo", _("LHÉO XML (Carif-Oref)")
        TEMPLATE = "template", _("sessions collected by hand (CSV template)")
        RNCP = "rncp", _("RNCP/RS export (France compétences)")
        DEMO = "demo", _("demonstration sessions")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="training_imports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("file"), max_length=200)
    version = models.CharField(_("format"), max_length=40, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    organisations = models.PositiveIntegerField(_("organisations"), default=0)
    actions = models.PositiveIntegerField(_("actions"), default=0)
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("training offer import")
        verbose_name_plural = _("training offer imports")

    def __str__(self) -> str:
        return self.source


class TrainingOrganisation(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="training_organisations")
    offer_import = models.ForeignKey(OfferImport, on_delete=models.CASCADE, related_name="organisation_rows")
    key = models.CharField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=300)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("training organisation")
        verbose_name_plural = _("training organisations")

    def __str__(self) -> str:
        return self.name


class TrainingAction(models.Model):
    """A training an organisation gives, with the codes that say which jobs it prepares for."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="training_actions")
    offer_import = models.ForeignKey(OfferImport, on_delete=models.CASCADE, related_name="action_rows")
    organisation = models.ForeignKey(TrainingOrganisation, on_delete=models.CASCADE, related_name="actions")
    key = models.CharField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=500)
    rome = models.JSONField(_("ROME codes"), default=list)
    rome_version = models.CharField(_("ROME version"), max_length=3, blank=True)
    formacode = models.JSONField(_("Formacode codes"), default=list)
    rncp = models.JSONField(_("RNCP codes"), default=list)
    rs = models.JSONField(_("RS codes"), default=list)
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices)
    blended = models.BooleanField(_("blended"), default=False)
    line = models.PositiveIntegerField(_("line in the file"), default=0)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("training action")
        verbose_name_plural = _("training actions")

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    """One session of an action: where, when, how many places.

    ``placed`` says where the coordinates come from: the file itself, or the centre of the session's
    commune when the file gave only its code; empty when the session cannot be placed."""

    class Placed(models.TextChoices):
        SOURCE = "source", _("coordinates of the file")
        COMMUNE = "commune", _("centre of the commune")
        NONE = "", _("not placed")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="training_sessions")
    offer_import = models.ForeignKey(OfferImport, on_delete=models.CASCADE, related_name="session_rows")
    action = models.ForeignKey(TrainingAction, on_delete=models.CASCADE, related_name="sessions")
    key = models.CharField(_("key"), max_length=80)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    commune = models.CharField(_("commune"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    placed = models.CharField(_("place from"), max_length=8, choices=Placed.choices, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices)
    line = models.PositiveIntegerField(_("line in the file"), default=0)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.action} ({self.start})"


class LocalNeed(TerritoryHistory, models.Model):
    """A recruitment need said on the territory: by a company itself, by the team after a meeting, or in an
    answer to the consultation's question block."""

    class Origin(models.TextChoices):
        COMPANY = "company", _("declared by the company")
        TEAM = "team", _("noted by the team")
        CONSULTATION = "consultation", _("answer to the consultation")

    class Difficulty(models.TextChoices):
        NONE = "none", _("none")
        LOW = "low", _("low")
        STRONG = "strong", _("strong")
        VERY_STRONG = "very_strong", _("very strong")

    class Horizon(models.IntegerChoices):
        THREE = 3, _("within 3 months")
        SIX = 6, _("within 6 months")
        TWELVE = 12, _("within 12 months")
        LATER = 24, _("within 2 years")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="employment_needs")
    origin = models.CharField(_("origin"), max_length=14, choices=Origin.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    company_name = models.CharField(_("company"), max_length=300, blank=True)
    commune = models.CharField(_("commune"), max_length=5, blank=True)
    rome = models.CharField(_("ROME 4.0 job"), max_length=5, blank=True)
    job = models.CharField(_("BMO job"), max_length=5, blank=True)
    label = models.CharField(_("job as written"), max_length=300, blank=True)
    count = models.PositiveSmallIntegerField(_("people to recruit"), validators=[MinValueValidator(1)])
    horizon = models.PositiveSmallIntegerField(_("horizon"), choices=Horizon.choices, default=Horizon.TWELVE)
    difficulty = models.CharField(_("difficulty"), max_length=12, choices=Difficulty.choices)
    reasons = models.TextField(_("reasons of the difficulty"), blank=True, max_length=2000)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin_reference = models.CharField(_("origin reference"), max_length=80, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("local recruitment need")
        verbose_name_plural = _("local recruitment needs")

    def __str__(self) -> str:
        return f"{self.company_name or '—'}: {self.count} × {self.label or self.rome or self.job}"

    def history_territory_id(self) -> int:
        return self.territory_id


class RomeLink(TerritoryHistory, models.Model):
    """The team's decision on a proposed link between a ROME 4.0 job and a BMO job (FAP 2021): confirmed
    links are the territory's correspondence until the official DARES table is imported."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="rome_links")
    rome = models.CharField(_("ROME 4.0 job"), max_length=5)
    job = models.CharField(_("BMO job"), max_length=5)
    status = models.CharField(_("decision"), max_length=10, choices=Status.choices)
    score = models.FloatField(_("similarity"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        ordering = ["rome", "job"]
        constraints = [models.UniqueConstraint(fields=["territory", "rome", "job"], name="employment_rome_link_unique")]
        verbose_name = _("ROME ↔ BMO link")
        verbose_name_plural = _("ROME ↔ BMO links")

    def __str__(self) -> str:
        return f"{self.rome} → {self.job} ({self.get_status_display()})"

    def history_territory_id(self) -> int:
        return self.territory_id


class OfficialLinkTable(models.Model):
    """The DARES « ROME → FAP 2021 » table, imported by a territory: it wins over the team's links."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="official_link_tables")
    source = models.CharField(_("file"), max_length=200)
    links = models.JSONField(_("links"), default=dict)  # ROME code -> [BMO jobs]
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("official ROME → FAP table")
        verbose_name_plural = _("official ROME → FAP tables")

    def __str__(self) -> str:
        return self.source


class Proposal(TerritoryHistory, models.Model):
    """What the working group proposes for a gap: a training pathway, a pooled recruitment, or a project of
    the action plan. ``evidence`` keeps the figures the gap rested on when it was proposed."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("new training pathway")
        POOLED = "pooled", _("pooled recruitment (employer group or GEIQ)")
        PROJECT = "project", _("project of the action plan")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="employment_proposals")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    job = models.CharField(_("BMO job"), max_length=5)
    job_name = models.CharField(_("job"), max_length=300)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    evidence = models.JSONField(_("figures of the gap"), default=dict)
    companies = models.JSONField(_("companies"), default=list)  # pooled: [{"siret", "name", "count"}]
    project = models.ForeignKey(
        "plan.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="employment_proposals"
    )
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("proposal for a gap")
        verbose_name_plural = _("proposals for gaps")

    def __str__(self) -> str:
        return self.title

    def history_territory_id(self) -> int:
        return self.territory_id
