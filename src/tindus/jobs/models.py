"""What the queue needs beyond django-tasks-db's own task rows.

- :class:`Job`: a long job a person started from the web, shown on its own page (status, progress,
  result, error in their language). A *shared* job (``shared_key`` set) makes a public document that
  anyone may get (a diagnostic's PDF): jobs with the same key make the same file, so one is reused
  while it is running or its file is kept, and its page has a public address. The task row
  (``DBTaskResult``) says what the queue does; the job row is what the person sees and the one source
  of truth for « done »: a task that runs again after its worker died finds its job done and stops, so
  a result is recorded exactly once.
- :class:`WorkerProcess`: each running ``tindus worker`` beats here; a task still marked running by a
  worker that stopped beating is put back in the queue (django-tasks-db alone would leave it running).
- :class:`PeriodicRun`: when each periodic task is next due, claimed by one worker at a time.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tindus.territories.models import Territory


class Job(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("finished")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None for a shared job about no territory (the diagnostic of an EPCI).
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="jobs", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The English msgid of the job's title, translated when shown (the worker does not know the reader).
    title = models.CharField(_("title"), max_length=200)
    task_path = models.CharField(_("task"), max_length=200)
    task_id = models.UUIDField(_("queue task"), null=True, blank=True, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language of the person who started it: progress steps, errors and files are written in it.
    language = models.CharField(_("language"), max_length=10, default="fr")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps"), null=True, blank=True)
    progress_step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    # One line per problem found (a workbook's sheet, line and column), shown under the error.
    error_details = models.JSONField(_("problems"), default=list, blank=True)
    # What the job did, in the reader's words (« 12 e-mails envoyés »), shown once it succeeded.
    summary = models.TextField(_("summary"), blank=True)
    # Set for a public document: a digest of what the file is made of (its inputs and their state).
    shared_key = models.CharField(_("shared document"), max_length=64, blank=True, db_index=True)
    result_file = models.FileField(_("result file"), max_length=300, blank=True)
    result_url = models.CharField(_("result page"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set by each attempt when it starts: only the attempt holding it may report progress or finish.
    run_token = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("started on"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["territory", "-created_at"], name="job_territory_recent")]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return gettext(self.title)

    @property
    def is_shared(self) -> bool:
        return bool(self.shared_key)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def result_filename(self) -> str:
        return self.result_file.name.rsplit("/", 1)[-1] if self.result_file else ""


class WorkerProcess(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"


class PeriodicRun(models.Model):
    name = models.CharField(max_length=200, primary_key=True)
    next_due_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_task_id = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("periodic task")
        verbose_name_plural = _("periodic tasks")

    def __str__(self) -> str:
        return self.name
