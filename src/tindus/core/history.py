"""Every change to a territory's plan, governance and news is kept: who, when, what.

Storage is django-auditlog's single log table. Models that belong to a territory inherit
:class:`TerritoryHistory` so each log entry carries the territory it concerns, which lets a
territory's history be listed in one query.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models


class TerritoryHistory:
    """Mixin: the territory an object belongs to, recorded with each change."""

    def history_territory_id(self) -> int:
        raise NotImplementedError

    def get_additional_data(self) -> dict[str, int]:
        return {"territory": self.history_territory_id()}


def track(*model_classes: type[models.Model], exclude: Iterable[str] = ()) -> None:
    for model in model_classes:
        m2m = [f.name for f in model._meta.many_to_many]
        auditlog.register(model, m2m_fields=m2m, exclude_fields=list(exclude))


def territory_history(territory_id: int) -> models.QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(additional_data__territory=territory_id)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def object_history(obj: models.Model) -> models.QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")
