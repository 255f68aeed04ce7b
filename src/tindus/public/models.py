"""The news a territory publishes on its public site."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tindus.core.history import TerritoryHistory
from tindus.territories.models import Territory

# ``created_at`` and ``updated_at`` of one save differ by the microseconds between their two clocks.
NEVER_EDITED_WITHIN = dt.timedelta(seconds=1)


class Article(TerritoryHistory, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italics*, lists, [links](https://…)."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(_("signed by"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["territory", "-published_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="article_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(published_on__isnull=False),
                name="article_published_has_date",
            ),
        ]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:article", kwargs={"slug": self.territory.slug, "article": self.slug})

    def history_territory_id(self) -> int:
        return self.territory_id

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def last_changed(self) -> dt.datetime:
        """When readers last saw the article change (sitemap ``lastmod``, feed ``updated``).

        An article saved only once, when it was created (the seed news loaded at installation, an
        article written elsewhere and entered with its date), last changed on its publication day,
        not on the day it was stored. Once edited, it changed when it was last saved.
        """
        edited = self.updated_at - self.created_at > NEVER_EDITED_WITHIN
        if edited or self.published_on is None:
            return self.updated_at
        published = timezone.make_aware(dt.datetime.combine(self.published_on, dt.time(12)))
        return min(published, self.updated_at)


def article_image_path(instance: ArticleImage, filename: str) -> str:
    return f"public/{instance.article.territory_id}/{instance.article_id}/{filename}"


class ArticleImage(TerritoryHistory, models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=article_image_path, max_length=300)
    alt = models.CharField(_("text alternative"), max_length=300, help_text=_("What the image shows."))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self) -> str:
        return self.alt

    def get_absolute_url(self) -> str:
        return reverse("public:image", kwargs={"slug": self.article.territory.slug, "pk": self.pk})

    def history_territory_id(self) -> int:
        return self.article.territory_id
