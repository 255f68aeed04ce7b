"""Territories: the perimeters Tindus works on.

A territory is a named set of groupements (EPCI, EPT or single communes) expanded to the
communes of one COG vintage. Official Territoires d'industrie are loaded from the ANCT lists
and identified by (wave, official id): ANCT reuses ids across waves. Custom territories are
drawn by a team from EPCI and communes.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tindus.referentials.models import Commune, Departement, Region


class Territory(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official Territoire d'industrie")
        CUSTOM = "custom", _("custom territory")

    class Wave(models.IntegerChoices):
        WAVE_1 = 1, _("wave 1 (2019-2022)")
        WAVE_2 = 2, _("wave 2 (2023-2027)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    wave = models.PositiveSmallIntegerField(_("wave"), choices=Wave.choices, null=True, blank=True)
    official_id = models.CharField(_("ANCT id"), max_length=10, blank=True)
    cog_vintage = models.PositiveSmallIntegerField(_("COG vintage"))
    description = models.TextField(_("presentation"), blank=True)
    is_demo = models.BooleanField(_("demo workspace"), default=False)
    population = models.PositiveIntegerField(_("population"), default=0)
    commune_count = models.PositiveIntegerField(_("number of communes"), default=0)
    communes = models.ManyToManyField(Commune, related_name="territories", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["wave", "official_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "official_id"],
                condition=models.Q(kind="official"),
                name="territory_official_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="custom") | (models.Q(wave__isnull=False) & ~models.Q(official_id="")),
                name="territory_official_has_wave_and_id",
            ),
        ]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", kwargs={"slug": self.slug})

    @staticmethod
    def official_slug(wave: int, official_id: str) -> str:
        return f"vague-{wave}-{official_id}"

    def get_additional_data(self) -> dict[str, int]:
        """Filed with each change in the history, so the territory's history page lists it."""
        return {"territory": self.pk}

    def refresh_totals(self) -> None:
        """Recompute the cached population and commune count from the member communes."""
        totals = self.communes.aggregate(population=Sum("population"))
        self.population = totals["population"] or 0
        self.commune_count = self.communes.count()
        self.save(update_fields=["population", "commune_count"])

    def departements(self) -> models.QuerySet[Departement]:
        return Departement.objects.filter(pk__in=self.communes.values("departement")).distinct()

    def regions(self) -> models.QuerySet[Region]:
        return Region.objects.filter(pk__in=self.communes.values("region")).distinct()


class Groupement(models.Model):
    """A member of a territory: an EPCI, an EPT of the Métropole du Grand Paris, or a single commune."""

    class Nature(models.TextChoices):
        EPCI = "EPCI", _("EPCI")
        EPT = "EPT", _("établissement public territorial")
        COMMUNE = "COM", _("commune")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="groupements")
    siren = models.CharField(_("SIREN"), max_length=9)
    nature = models.CharField(_("nature"), max_length=4, choices=Nature.choices)
    name = models.CharField(_("name"), max_length=200)
    population = models.PositiveIntegerField(_("population"), default=0)
    commune_count = models.PositiveIntegerField(_("number of communes"), default=0)

    class Meta:
        ordering = ["territory", "name"]
        constraints = [models.UniqueConstraint(fields=["territory", "siren"], name="groupement_unique")]
        verbose_name = _("groupement")
        verbose_name_plural = _("groupements")

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A remark left in a territory's private workspace by its team or committee members, on the
    territory as a whole or on one of its objects (a project, a meeting…)."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="comments")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    author = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]
