"""``tindus events schedule``: the meeting scheduler on a JSON instance, for batch use and other tools."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.events.compute.instance import InstanceError
from tindus.events.compute.parse import instance_from_json, schedule_to_json
from tindus.events.compute.solve import schedule
from tindus.events.compute.validate import problems
from tindus.events.instance_messages import instance_error_message

STATUS = {
    "optimal": gettext_lazy("optimal"),
    "feasible": gettext_lazy("time limit reached"),
    "heuristic": gettext_lazy("first fit"),
}


class Command(BaseCommand):
    help = gettext_lazy(
        "Business-meeting events: 'schedule' places the meetings of a JSON instance in slots and at tables "
        "(docs/events-scheduler.md)."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        run = sub.add_parser("schedule", help=_("schedule the meetings of a JSON instance"))
        run.add_argument(
            "--in", dest="source", metavar="FILE", required=True, help=_("instance JSON file, or - for standard input")
        )
        run.add_argument(
            "--out", metavar="FILE", default="-", help=_("schedule JSON file to write, or - for standard output")
        )
        run.add_argument(
            "--time-limit",
            type=float,
            default=30.0,
            metavar="SECONDS",
            help=_("seconds for the whole run (default 30)"),
        )
        run.add_argument("--workers", type=int, default=2, metavar="N", help=_("solver threads (default 2)"))

    def handle(self, *args, **options) -> None:
        source = options["source"]
        name = _("standard input") if source == "-" else source
        instance = self._read(source, name)
        if options["time_limit"] <= 0:
            raise CommandError(_("The time limit must be a positive number of seconds."))
        result = schedule(instance, time_limit=options["time_limit"], workers=max(1, options["workers"]))
        found = problems(instance, result)
        if found:  # never written: the scheduler must not return an invalid schedule
            raise CommandError(
                _("%(file)s: the schedule found is invalid: %(problem)s") % {"file": name, "problem": found[0]}
            )
        text = json.dumps(schedule_to_json(result), ensure_ascii=False, indent=1) + "\n"
        if options["out"] == "-":
            self.stdout.write(text, ending="")
        else:
            try:
                Path(options["out"]).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    _("%(file)s: cannot write (%(reason)s).") % {"file": options["out"], "reason": error.strerror}
                ) from None
        self.stderr.write(
            _(
                "%(placed)d of %(meetings)d meetings placed, weight %(weight)d (bound %(bound)s, %(status)s), "
                "%(gaps)d idle slots, %(seconds).1f s."
            )
            % {
                "placed": len(result.assignments),
                "meetings": len(instance.meetings),
                "weight": result.weight,
                "bound": f"{result.bound:g}",
                "status": STATUS.get(result.status, result.status),
                "gaps": result.gaps,
                "seconds": result.seconds,
            }
        )

    def _read(self, source: str, name: str):
        try:
            raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except FileNotFoundError:
            raise CommandError(_("%(file)s: no such file.") % {"file": name}) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot read (%(reason)s).") % {"file": name, "reason": error.strerror}
            ) from None
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise CommandError(_("%(file)s: not a UTF-8 text file.") % {"file": name}) from None
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(file)s: not valid JSON (line %(line)d, column %(column)d).")
                % {"file": name, "line": error.lineno, "column": error.colno}
            ) from None
        try:
            return instance_from_json(data)
        except InstanceError as error:
            raise CommandError(
                _("%(file)s: %(problem)s Nothing was scheduled.")
                % {"file": name, "problem": instance_error_message(error)}
            ) from None
