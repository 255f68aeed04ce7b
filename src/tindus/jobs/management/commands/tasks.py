import json

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from tindus.jobs.models import PeriodicRun, WorkerProcess
from tindus.jobs.periodic import enqueue_due, registered
from tindus.jobs.worker import lease


class Command(BaseCommand):
    help = gettext_lazy(
        "Task queue: 'run-periodic' enqueues the periodic tasks that are due (for a cron entry), 'status' shows "
        "the queue, the workers alive and the periodic tasks."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        run = sub.add_parser("run-periodic", help=_("enqueue the periodic tasks that are due"))
        run.add_argument("--json", action="store_true", help=_("print JSON"))
        status = sub.add_parser("status", help=_("tasks by state, workers alive, periodic tasks"))
        status.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options) -> None:
        if options["action"] == "run-periodic":
            enqueued = enqueue_due()
            if options["json"]:
                self.stdout.write(json.dumps({"enqueued": enqueued}))
            else:
                self.stdout.write(_("Periodic tasks enqueued: %(names)s") % {"names": ", ".join(enqueued) or "—"})
            return
        report = self._status()
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, default=str))
            return
        self.stdout.write(_("Tasks by state:"))
        for state, count in report["tasks"].items():
            self.stdout.write(f"  {state:<12} {count}")
        self.stdout.write(_("Workers alive: %(count)d") % {"count": len(report["workers"])})
        for worker in report["workers"]:
            self.stdout.write(f"  {worker['worker_id']}  {worker['hostname']}  pid {worker['pid']}")
        self.stdout.write(_("Periodic tasks:"))
        for entry in report["periodic"]:
            self.stdout.write(f"  {entry['name']:<44} {entry['every']:<20} {entry['next_due_at'] or '—'}")

    def _status(self) -> dict:
        tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by("status"))
        alive = WorkerProcess.objects.filter(last_seen__gte=timezone.now() - lease()).order_by("worker_id")
        runs = {run.name: run for run in PeriodicRun.objects.all()}
        return {
            "tasks": tasks,
            "workers": list(alive.values("worker_id", "hostname", "pid", "started_at", "last_seen")),
            "periodic": [
                {
                    "name": entry.name,
                    "every": str(entry.every),
                    "next_due_at": runs[entry.name].next_due_at if entry.name in runs else None,
                }
                for entry in registered()
            ],
        }
