"""A job's life inside a task: claimed once, progress, result file and database writes committed with its
success, errors shown in the person's words (never the exception's), nothing half-written."""

import logging

import pytest
from django.core.files.storage import default_storage
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import CustomTerritoryFactory, UserFactory
from tests.jobs import sample_jobs
from tindus.jobs.api import start_job
from tindus.jobs.models import Job
from tindus.jobs.results import PARTIAL_DIR
from tindus.jobs.runner import JobContext, JobSupersededError, claim
from tindus.territories.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    return CustomTerritoryFactory()


def start(task, territory, **params):
    return start_job(task, territory=territory, author=UserFactory(), **params)


def partials():
    folder = default_storage.path(PARTIAL_DIR)
    return list(default_storage.listdir(PARTIAL_DIR)[1]) if default_storage.exists(folder) else []


def test_starting_records_the_job_and_its_queued_task(territory):
    job = start(sample_jobs.slow_export, territory, steps=1, lines=1, delay=0)
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.READY
    assert task.task_path == "tests.jobs.sample_jobs.slow_export"
    assert task.args_kwargs == {"args": [str(job.pk)], "kwargs": {"steps": 1, "lines": 1, "delay": 0}}
    assert job.status == Job.Status.PENDING and job.language == "fr"


def test_a_job_runs_to_its_result_with_its_writes(territory, queue):
    job = start(sample_jobs.slow_export, territory, steps=2, lines=3, delay=0)
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 1
    assert (job.progress_done, job.progress_total) == (5, 5)
    assert default_storage.open(job.result_file.name).read() == b"0\n1\n2\n"
    assert job.result_file.name == f"jobs/{job.pk}/lignes.txt"
    assert Comment.objects.filter(body__startswith=f"{sample_jobs.BODY_PREFIX}{job.pk}").count() == 3
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL
    assert partials() == []


def test_a_job_returning_a_page_records_it(territory, queue):
    job = start(sample_jobs.open_page, territory)
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result_url == "/territoires/"


def test_a_finished_job_is_never_run_again(territory, queue):
    """The queue may run a task twice (its worker died after the job was done): nothing happens twice."""
    job = start(sample_jobs.slow_export, territory, steps=0, lines=2, delay=0)
    queue()
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.READY)
    queue()
    job.refresh_from_db()
    assert job.attempts == 1
    assert Comment.objects.filter(body__startswith=f"{sample_jobs.BODY_PREFIX}{job.pk}").count() == 2
    assert DBTaskResult.objects.get(id=job.task_id).return_value["run"] is False


def test_an_explained_failure_is_shown_as_written(territory, queue):
    job = start(sample_jobs.explained_failure, territory)
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Le fichier déposé ne contient aucune ligne."
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.FAILED


def test_an_unexpected_failure_is_logged_and_never_shown(territory, queue, caplog):
    job = start(sample_jobs.unexpected_failure, territory)
    with caplog.at_level(logging.ERROR, logger="tindus.jobs"):
        queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "0x5f3a" not in job.error and "ValueError" not in job.error
    assert job.error.startswith("The job stopped on an unexpected error") or "erreur inattendue" in job.error
    assert any("0x5f3a" in (record.exc_text or "") for record in caplog.records)


def test_a_vanished_input_fails_with_its_name(territory, queue, tmp_path):
    upload = tmp_path / "depot-sirene.csv"
    upload.write_text("siren\n")
    job = start(sample_jobs.read_input, territory, path=str(upload))
    upload.unlink()  # deleted between the upload and the worker
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "depot-sirene.csv" in job.error and "Traceback" not in job.error
    assert not job.result_file


def test_a_failure_while_writing_leaves_nothing_half_written(territory, queue):
    job = start(sample_jobs.fail_while_writing, territory)
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.result_file
    assert not default_storage.exists(f"jobs/{job.pk}/moitie.txt")
    assert not Comment.objects.filter(body__startswith=f"{sample_jobs.BODY_PREFIX}{job.pk}").exists()
    assert partials() == []


def test_only_the_attempt_holding_the_job_may_report_or_finish(territory):
    job = start(sample_jobs.slow_export, territory)
    first, first_token = claim(str(job.pk))
    second, second_token = claim(str(job.pk))  # the first worker was taken for dead
    assert first_token and second_token and first_token != second_token
    stale = JobContext(first, first_token)
    with pytest.raises(JobSupersededError):
        stale.progress(1, 3)
    with pytest.raises(JobSupersededError), stale.atomic():
        Comment.objects.create(territory=territory, body="jamais")
    assert not Comment.objects.filter(body="jamais").exists()
    current = JobContext(second, second_token)
    current.progress(1, 3, "étape")
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.progress_step, job.attempts) == (1, 3, "étape", 2)


def test_progress_is_written_at_most_twice_a_second_but_always_at_the_end(territory, django_assert_num_queries):
    job = start(sample_jobs.slow_export, territory)
    _job, token = claim(str(job.pk))
    context = JobContext(job, token)
    context.progress(0, 1000)
    with django_assert_num_queries(0):
        for done in range(1, 999):
            context.progress(done)
    with django_assert_num_queries(1):
        context.progress(1000)
    job.refresh_from_db()
    assert job.progress_done == 1000
