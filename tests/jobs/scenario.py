"""Steps of the real-process tests, run inside `tindus shell -c` against the test's own database.

Each prints one JSON line for the test to read.
"""

import json

from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult

from tests.jobs import sample_jobs
from tindus.jobs.api import start_job
from tindus.jobs.models import Job, WorkerProcess
from tindus.territories.models import Comment, Territory


def start(count: int = 1, **params) -> None:
    territory, _created = Territory.objects.get_or_create(
        slug="essai", defaults={"name": "Essai", "kind": "custom", "cog_vintage": 2026}
    )
    author, _created = User.objects.get_or_create(username="auteur")
    jobs = [start_job(sample_jobs.slow_export, territory=territory, author=author, **params) for _ in range(count)]
    print(json.dumps({"jobs": [str(job.pk) for job in jobs]}))


def report() -> None:
    jobs = {}
    for job in Job.objects.all():
        task = DBTaskResult.objects.get(id=job.task_id)
        jobs[str(job.pk)] = {
            "status": job.status,
            "attempts": job.attempts,
            "error": job.error,
            "result_file": job.result_file.name,
            "rows": Comment.objects.filter(body__startswith=f"{sample_jobs.BODY_PREFIX}{job.pk}-").count(),
            "task_status": task.status,
            "task_workers": task.worker_ids,
        }
    print(
        json.dumps(
            {
                "jobs": jobs,
                "rows": Comment.objects.filter(body__startswith=sample_jobs.BODY_PREFIX).count(),
                "workers": list(WorkerProcess.objects.values_list("worker_id", flat=True)),
                "tasks": {path: DBTaskResult.objects.filter(task_path=path).count()
                          for path in DBTaskResult.objects.values_list("task_path", flat=True).distinct()},
            }
        )
    )  # fmt: skip


def record_future_migration() -> None:
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.create(app="jobs", name="9999_from_the_future")
    print(json.dumps({"ok": True}))
