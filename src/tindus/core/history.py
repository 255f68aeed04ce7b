"""Every change to a territory's plan, governance and news is kept: who, when, what.

Storage is django-auditlog's single log table. Models that belong to a territory inherit
:class:`TerritoryHistory` so each log entry carries the territory it concerns, which lets a
territory's history be listed in one query. How an entry reads is :mod:`tindus.core.history_display`'s
business.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TerritoryHistory:
    """Mixin: the territory an object belongs to, recorded with each change."""

    def history_territory_id(self) -> int:
        raise NotImplementedError

    def get_additional_data(self) -> dict[str, int]:
        return {"territory": self.history_territory_id()}


def untracked_fields(model: type[models.Model]) -> list[str]:
    """Fields whose values say nothing a reader needs: reverse relations (auditlog would store the
    repr of their manager, « plan.Milestone.None ») and the timestamps Django sets by itself (every
    save would otherwise log a change of « updated »)."""
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.auto_created and not field.concrete)
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    ]


# Models whose history only the territory's editors read: their entries may name what the app hides
# from other readers (a company that declared a resource anonymously).
_EDITORS_ONLY: set[type[models.Model]] = set()


def track(*model_classes: type[models.Model], exclude: Iterable[str] = (), editors_only: bool = False) -> None:
    for model in model_classes:
        m2m = [f.name for f in model._meta.many_to_many]
        auditlog.register(model, m2m_fields=m2m, exclude_fields=[*untracked_fields(model), *exclude])
        if editors_only:
            _EDITORS_ONLY.add(model)


def territory_history(territory_id: int, *, editor: bool) -> models.QuerySet[LogEntry]:
    """The territory's log, newest first; without the entries of editors-only models unless ``editor``."""
    entries = LogEntry.objects.filter(additional_data__territory=territory_id)
    if not editor:
        hidden = ContentType.objects.get_for_models(*_EDITORS_ONLY).values() if _EDITORS_ONLY else []
        entries = entries.exclude(content_type__in=list(hidden))
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def object_history(obj: models.Model) -> models.QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp", "-pk")
