"""The public part of every territory, as the API gives it to an anonymous caller: one list of records per
dataset. Nothing here decides what is public: the API's own functions do, for the anonymous caller."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tindus.api.caller import ANONYMOUS
from tindus.governance.api import meeting_public_out, visible_meetings
from tindus.plan.api import visible_projects
from tindus.plan.api_schemas import plan_source, project_public_out
from tindus.plan.geo import project_features
from tindus.public.api import article_out, readable
from tindus.territories.api import perimeter_features, territory_out
from tindus.territories.models import Territory


@dataclass(frozen=True)
class Dataset:
    name: str  # the file's stem
    title: Any
    description: Any
    records: Callable[[Territory], list[dict[str, Any]]]
    geojson: Callable[[Territory], dict[str, Any]] | None = None


def _territory(territory: Territory) -> list[dict[str, Any]]:
    return [territory_out(territory)]


def _projects(territory: Territory) -> list[dict[str, Any]]:
    source = plan_source(territory)
    return [{"territory": territory.slug, **project_public_out(p), "source": source}
            for p in visible_projects(ANONYMOUS, territory).prefetch_related("communes")]  # fmt: skip


def _projects_map(territory: Territory) -> dict[str, Any]:
    found = visible_projects(ANONYMOUS, territory).filter(communes__isnull=False).distinct()
    return project_features(territory, found, False, "outline")


def _news(territory: Territory) -> list[dict[str, Any]]:
    return [{"territory": territory.slug, **article_out(a)} for a in readable(ANONYMOUS, territory)]


def _meetings(territory: Territory) -> list[dict[str, Any]]:
    return [{"territory": territory.slug, **meeting_public_out(m)} for m in visible_meetings(ANONYMOUS, territory)]


DATASETS = [
    Dataset("territoires", _("Territories"), _("Every territory: kind, wave, ANCT id, population, communes."),
            _territory, perimeter_features),
    Dataset("projets", _("Public projects of the action plans"),
            _("The projects each territory shows on its public site: status, porteur, axes, communes, dates."),
            _projects, _projects_map),
    Dataset("actualites", _("Published news"), _("The news each territory published on its public site."), _news),
    Dataset("reunions", _("Public committee meetings"),
            _("The dates of the public committees' meetings, as the public sites show them."), _meetings),
]  # fmt: skip


def territories() -> Iterator[Territory]:
    yield from Territory.objects.order_by("slug")
