"""Periodic tasks: where apps declare them, and the scheduler that puts each in the queue when due.

An app declares a periodic task in its ``tasks.py`` (found by autodiscovery, like ``admin.py``)::

    @periodic(every=dt.timedelta(days=1))
    @task()
    def purge_consultation_data() -> dict[str, int]: ...

Every ``tindus worker`` runs the scheduler at each heartbeat; ``tindus tasks run-periodic`` runs it
once (for a cron entry, when workers run with ``--no-scheduler``). A due task is enqueued by the
one process whose conditional update moves its next due time: any number of schedulers enqueue it once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

from .models import PeriodicRun

logger = logging.getLogger("tindus.jobs")


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task
    every: dt.timedelta


_REGISTRY: dict[str, Periodic] = {}
_discovered = False


def periodic(every: dt.timedelta, name: str | None = None) -> Callable[[Task], Task]:
    """Declare ``task`` (made with ``django_tasks.task``, taking no argument) to run every ``every``."""

    def register(task: Task) -> Task:
        key = name or task.module_path
        _REGISTRY[key] = Periodic(key, task, every)
        return task

    return register


def registered() -> list[Periodic]:
    """Every periodic task declared in an installed app's ``tasks`` module."""
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    return sorted(_REGISTRY.values(), key=lambda entry: entry.name)


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic task that is due; the names enqueued by this call."""
    now = now or timezone.now()
    enqueued = []
    for entry in registered():
        with suppress(IntegrityError):  # another scheduler created it meanwhile
            PeriodicRun.objects.get_or_create(name=entry.name, defaults={"next_due_at": now})
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(name=entry.name, next_due_at__lte=now).update(
                next_due_at=now + entry.every, last_enqueued_at=now
            )
            if claimed:
                result = entry.task.enqueue()
                PeriodicRun.objects.filter(name=entry.name).update(last_task_id=result.id)
                enqueued.append(entry.name)
    if enqueued:
        logger.info("Periodic tasks enqueued: %s", ", ".join(enqueued))
    return enqueued
