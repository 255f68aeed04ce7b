"""Periodic tasks: declared by apps, enqueued once when due whatever the number of schedulers; the daily purge."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import CustomTerritoryFactory, UserFactory
from tests.jobs import sample_jobs
from tindus.jobs.api import start_job
from tindus.jobs.models import Job, PeriodicRun
from tindus.jobs.periodic import enqueue_due, registered
from tindus.jobs.retention import purge
from tindus.jobs.tasks import purge_old_jobs

pytestmark = pytest.mark.django_db
NOW = timezone.now()
PURGE = "tindus.jobs.tasks.purge_old_jobs"


def queued(path):
    return DBTaskResult.objects.filter(task_path=path).count()


def test_apps_declare_periodic_tasks_in_their_tasks_module():
    entry = {entry.name: entry for entry in registered()}[PURGE]
    assert entry.task is purge_old_jobs and entry.every == dt.timedelta(days=1)


def test_a_due_task_is_enqueued_once_by_any_number_of_schedulers():
    assert PURGE in enqueue_due(NOW)
    assert PURGE not in enqueue_due(NOW)  # a second worker, the same instant
    assert PURGE not in enqueue_due(NOW + dt.timedelta(hours=23))
    assert queued(PURGE) == 1
    assert PURGE in enqueue_due(NOW + dt.timedelta(days=1))
    assert queued(PURGE) == 2
    run = PeriodicRun.objects.get(name=PURGE)
    assert run.next_due_at == NOW + dt.timedelta(days=2)
    assert str(run.last_task_id) == str(DBTaskResult.objects.filter(task_path=PURGE).latest("enqueued_at").id)


def test_the_purge_removes_old_jobs_their_files_and_queue_rows(settings):
    settings.TINDUS_JOB_RETENTION_DAYS = 30
    territory, author = CustomTerritoryFactory(), UserFactory()
    old = start_job(sample_jobs.slow_export, territory=territory, author=author)
    recent = start_job(sample_jobs.slow_export, territory=territory, author=author)
    for job, age in ((old, 31), (recent, 29)):
        name = default_storage.save(f"jobs/{job.pk}/fichier.txt", ContentFile(b"x"))
        finished = NOW - dt.timedelta(days=age)
        Job.objects.filter(pk=job.pk).update(status="succeeded", finished_at=finished, result_file=name)
        DBTaskResult.objects.filter(id=job.task_id).update(status="SUCCESSFUL", finished_at=finished)
    counts = purge(NOW)
    assert counts["jobs"] == 1 and counts["files"] == 1 and counts["tasks"] == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not default_storage.exists(f"jobs/{old.pk}/fichier.txt")
    assert default_storage.exists(f"jobs/{recent.pk}/fichier.txt")
