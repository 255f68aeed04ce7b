import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.management.commands.db_worker import valid_interval, valid_max_tasks, validate_worker_id

from tindus.jobs.schema import schema_problem
from tindus.jobs.worker import Worker, new_worker_id

# Exit status when the database does not match this version's schema.
SCHEMA_MISMATCH = 3


class Command(BaseCommand):
    help = gettext_lazy(
        "Run a task worker: it takes the queued background jobs one at a time and runs them, puts back in the "
        "queue the tasks of workers that died, and enqueues the periodic tasks when due. Ctrl-C (or SIGTERM) "
        "stops it once the current task is done; a second Ctrl-C stops it at once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queues", default="*", help=_("queues to take tasks from, comma-separated (default: all of them)")
        )
        parser.add_argument(
            "--interval", type=valid_interval, default=1.0, help=_("seconds to wait when the queue is empty")
        )
        parser.add_argument("--batch", action="store_true", help=_("run the queued tasks, then stop"))
        parser.add_argument("--max-tasks", type=valid_max_tasks, default=None, help=_("stop after this many tasks"))
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=None,
            help=_("unique name of this worker (default: host-pid)"),
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help=_("do not enqueue periodic tasks (when a cron entry runs « tindus tasks run-periodic »)"),
        )

    def handle(self, *args, **options) -> None:
        try:
            problem = schema_problem()
        except DatabaseError as error:
            raise CommandError(
                _("The database cannot be reached: %(error)s") % {"error": error}, returncode=2
            ) from None
        if problem:
            raise CommandError(problem, returncode=SCHEMA_MISMATCH)
        self._show_logs(options["verbosity"])
        worker = Worker(
            queue_names=options["queues"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or new_worker_id(),
            excluded_queue_names=[],
            scheduler=options["scheduler"],
        )
        self.stdout.write(_("Task worker %(id)s started (Ctrl-C to stop).") % {"id": worker.worker_id})
        self.stdout.flush()
        worker.configure_signals()
        try:
            worker.run()
        except SystemExit as stop:  # the first Ctrl-C while waiting for a task
            if stop.code:
                raise
        self.stdout.write(_("Task worker %(id)s stopped.") % {"id": worker.worker_id})

    def _show_logs(self, verbosity: int) -> None:
        """Each task's start and end at the default verbosity, more with -v 2; only problems with -v 0."""
        level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("django_tasks", "django_tasks_db", "tindus.jobs"):
            logging.getLogger(name).setLevel(level)
