"""``tindus serve``: the web application under gunicorn with a task worker beside it, or ``--dev``: Django's
auto-reloading development server. Ctrl-C stops both (tindus.core.supervisor)."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.core import supervisor


def _positive(variable: str, default: str) -> int:
    """A whole number of at least 1 from the environment variable ``variable``."""
    value = os.environ.get(variable, default).strip()
    if not value.isdigit() or int(value) < 1:
        message = _("%(variable)s must be a whole number of at least 1, not « %(value)s ».")
        raise CommandError(message % {"variable": variable, "value": value})
    return int(value)


def gunicorn_argv(address: str, workers: int, threads: int, timeout: int) -> list[str]:
    """gunicorn's command line: ``workers`` processes of ``threads`` threads each, no access log (it would
    record visitors' addresses; GUNICORN_CMD_ARGS="--access-logfile -" adds one)."""
    return [
        sys.executable, "-m", "gunicorn", "tindus.config.wsgi:application",
        "--bind", address, "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
        "--timeout", str(timeout), "--graceful-timeout", "10",
        "--log-level", os.environ.get("LOG_LEVEL", "WARNING").lower(),
    ]  # fmt: skip


class Command(BaseCommand):
    help = gettext_lazy(
        "Serve the web application with gunicorn and start a task worker beside it; Ctrl-C stops both. "
        "--dev serves with Django's development server, which reloads on every code change."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help=_("port"))
        parser.add_argument(
            "--dev", action="store_true", help=_("development server that reloads when the code changes")
        )
        parser.add_argument("--workers", type=int, help=_("web server processes (default: TINDUS_WEB_WORKERS, or 2)"))
        parser.add_argument(
            "--threads", type=int, help=_("threads per web server process (default: TINDUS_WEB_THREADS, or 4)")
        )
        parser.add_argument(
            "--no-worker", action="store_true", help=_("do not start a task worker (another machine runs them)")
        )

    def handle(self, *args, **options) -> None:
        host = options["host"]
        address = f"{host}:{options['port']}"
        cli = [sys.executable, "-m", "tindus.cli"]
        if options["dev"]:
            web = supervisor.Program("runserver", [*cli, "runserver", address])
        else:
            workers = options["workers"] or _positive("TINDUS_WEB_WORKERS", "2")
            threads = options["threads"] or _positive("TINDUS_WEB_THREADS", "4")
            timeout = _positive("TINDUS_WEB_TIMEOUT", "120")
            if not settings.DEBUG:  # hashed and compressed copies, served by WhiteNoise
                call_command("collectstatic", interactive=False, verbosity=0)
            web = supervisor.Program("gunicorn", gunicorn_argv(address, workers, threads, timeout))
        programs = [web]
        if not options["no_worker"]:
            if "worker" in get_commands():
                programs.append(supervisor.Program("tindus worker", [*cli, "worker"]))
            else:
                self.stderr.write(_("No task worker in this version: long jobs run within web requests."))
        self.stdout.write(self.style.SUCCESS(_("Tindus is served on http://%(address)s/") % {"address": address}))
        self.stdout.write(_("Ctrl-C stops it."))
        self.stdout.flush()
        outcome = supervisor.run(programs, env={**os.environ, "DJANGO_SETTINGS_MODULE": "tindus.config.settings"})
        if outcome.code:
            message = _("%(program)s stopped by itself (exit code %(code)s): everything is stopped.")
            raise CommandError(message % {"program": outcome.ended, "code": outcome.code}, returncode=outcome.code)
