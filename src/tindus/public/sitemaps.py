"""The sitemap: every territory's public pages, public projects and published news."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tindus.plan.models import Project
from tindus.territories.models import Territory

from .models import Article

SITE_PAGES = ["public:home", "public:priorities", "public:groups", "public:panorama", "public:news"]


class TerritorySiteSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[tuple[str, str]]:
        slugs = Territory.objects.order_by("wave", "official_id", "slug").values_list("slug", flat=True)
        return [(name, slug) for slug in slugs for name in SITE_PAGES]

    def location(self, item: tuple[str, str]) -> str:
        name, slug = item
        return reverse(name, kwargs={"slug": slug})


class PublicProjectSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Project.objects.filter(is_public=True).select_related("territory").order_by("pk")

    def location(self, item: Project) -> str:
        return reverse("public:project", kwargs={"slug": item.territory.slug, "pk": item.pk})

    def lastmod(self, item: Project):
        return item.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "never"

    def items(self):
        return Article.objects.filter(state=Article.State.PUBLISHED).select_related("territory").order_by("pk")

    def lastmod(self, item: Article):
        return item.last_changed


SITEMAPS = {"sites": TerritorySiteSitemap, "projets": PublicProjectSitemap, "actualites": ArticleSitemap}
