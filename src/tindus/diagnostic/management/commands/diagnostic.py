import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.diagnostic.exports import FORMATS
from tindus.diagnostic.preparation import prepare_protection
from tindus.diagnostic.report import ZoneNotCoveredError
from tindus.diagnostic.services import build_report, not_covered_message, warehouse_state
from tindus.diagnostic.tasks import BACKGROUND_FORMATS, export_diagnostic, prepare_secrecy
from tindus.jobs.api import job_url, start_shared_job
from tindus.referentials.models import Epci
from tindus.territories.commands import find_territory
from tindus.warehouse.queries import WarehouseUnavailableError


class Command(BaseCommand):
    help = gettext_lazy(
        "Industrial diagnostic of a territory (--wave N ID, or the address of a custom territory) or of an EPCI "
        "(--epci SIREN), as JSON, HTML, PDF or XLSX; --background puts a PDF or XLSX in the task queue instead. "
        "--protect computes the statistical secrecy of the warehouse's current state ahead."
    )

    def run_from_argv(self, argv: list[str]) -> None:
        if len(argv) > 2 and argv[2] == "parquet":  # « tindus diagnostic parquet --output FILE »
            from tindus.diagnostic.management.parquet_command import ParquetCommand

            command = ParquetCommand()
            command.help = str(command.help)  # argparse reads real strings only
            return command.run_from_argv([argv[0], f"{argv[1]} parquet", *argv[3:]])
        return super().run_from_argv(argv)

    def add_arguments(self, parser) -> None:
        parser.add_argument("id", nargs="?", help=gettext_lazy("official id (ti-2704) or custom territory address"))
        parser.add_argument("--wave", type=int, help=gettext_lazy("wave of an official territory (1 or 2)"))
        parser.add_argument("--epci", help=gettext_lazy("SIREN of an EPCI, instead of a territory"))
        parser.add_argument("--format", choices=list(FORMATS), default="json")
        parser.add_argument("--out", type=Path, help=gettext_lazy("file to write (default: standard output)"))
        parser.add_argument("--scope", choices=["industry", "manufacturing"], default="industry",
                            help=gettext_lazy("industry = NAF B-E, manufacturing = C"))  # fmt: skip
        parser.add_argument("--start", type=int, help=gettext_lazy("first year of the period"))
        parser.add_argument("--end", type=int, help=gettext_lazy("last year of the period"))
        parser.add_argument("--base", choices=["total", "scope"], default="total",
                            help=gettext_lazy("base of the location quotients: total employment (default) or the "
                                              "jobs of the scope"))  # fmt: skip
        parser.add_argument("--background", action="store_true",
                            help=gettext_lazy("put the job in the task queue (a task worker runs it) and print its "
                                              "page's address, instead of running it here"))  # fmt: skip
        protect = gettext_lazy("protect the tables of the warehouse's current state (statistical secrecy) for the "
                               "default period, instead of writing a report")  # fmt: skip
        parser.add_argument("--protect", action="store_true", help=protect)

    def handle(self, *args, **options) -> None:
        if options["protect"]:
            return self._protect(options["background"])
        territory = None
        if not options["epci"]:
            if not options["id"]:
                raise CommandError(_("Give a territory (--wave 1 ti-2704) or an EPCI (--epci 242504116)."))
            territory = find_territory(options["wave"], options["id"])
        if options["background"]:
            return self._enqueue(territory, options)
        try:
            report = build_report(territory=territory, epci=options["epci"], scope=options["scope"],
                                  start=options["start"], end=options["end"], base=options["base"])  # fmt: skip
        except ZoneNotCoveredError as error:
            raise CommandError(not_covered_message(error)) from None
        except (WarehouseUnavailableError, LookupError, ValueError) as error:
            raise CommandError(str(error) or _("The warehouse is not available.")) from None
        content = FORMATS[options["format"]][1](report)
        if options["out"]:
            options["out"].write_bytes(content)
            self.stderr.write(_("Written: %(path)s") % {"path": options["out"]})
        elif options["format"] in ("pdf", "xlsx"):
            raise CommandError(_("A %(format)s report needs --out FILE.") % {"format": options["format"]})
        else:
            sys.stdout.buffer.write(content)

    def _protect(self, background: bool) -> None:
        if background:
            result = prepare_secrecy.enqueue()
            self.stdout.write(_("Queued: task %(id)s; a task worker runs it.") % {"id": result.id})
            return
        done = prepare_protection(say=lambda year: self.stderr.write(_("Protecting %(year)s…") % {"year": year}))
        if done["state"] is None:
            raise CommandError(_("The warehouse holds no URSSAF series: import one first."))
        years = ", ".join(str(year) for year in done["computed"])
        self.stdout.write(_("Tables protected for %(years)s.") % {"years": years} if years else
                          _("The tables of the warehouse's current state were protected already."))  # fmt: skip

    def _enqueue(self, territory, options) -> None:
        if options["format"] not in BACKGROUND_FORMATS:
            raise CommandError(_("Only a PDF or XLSX report runs in the background (--format pdf or xlsx)."))
        if options["epci"] and not Epci.objects.filter(siren=options["epci"]).exists():
            raise CommandError(_("No EPCI with SIREN %(siren)s.") % {"siren": options["epci"]})
        try:
            state = [warehouse_state()]
        except WarehouseUnavailableError as error:
            raise CommandError(str(error) or _("The warehouse is not available.")) from None
        if territory is not None:
            state.append(sorted(territory.communes.values_list("code", "vintage")))
        job = start_shared_job(export_diagnostic, state=state, territory=territory, epci=options["epci"],
                               fmt=options["format"], scope=options["scope"], start=options["start"],
                               end=options["end"], base=options["base"])  # fmt: skip
        self.stdout.write(_("Queued: job %(id)s; its file is downloaded from %(url)s once a task worker made it.")
                          % {"id": job.pk, "url": job_url(job)})  # fmt: skip
