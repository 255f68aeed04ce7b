"""RSS and Atom feeds of a territory's published news."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from tindus.core.markdown import render_markdown
from tindus.territories.models import Territory

from .models import Article


class RssNewsFeed(Feed):
    def get_object(self, request, slug: str) -> Territory:
        return get_object_or_404(Territory, slug=slug)

    def title(self, territory: Territory) -> str:
        return _("News of %(name)s") % {"name": territory.name}

    def link(self, territory: Territory) -> str:
        return reverse("public:news", kwargs={"slug": territory.slug})

    def description(self, territory: Territory) -> str:
        return _("The news published by the team of %(name)s.") % {"name": territory.name}

    def items(self, territory: Territory):
        return territory.articles.filter(state=Article.State.PUBLISHED).order_by("-published_on", "-pk")[:30]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return render_markdown(item.summary or item.body)

    def item_pubdate(self, item: Article) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time(12)))

    def item_updateddate(self, item: Article) -> dt.datetime:
        return item.last_changed

    def item_author_name(self, item: Article) -> str:
        return item.author_name


class AtomNewsFeed(RssNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, territory: Territory) -> str:
        return self.description(territory)
