import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.diagnostic.exports import FORMATS
from tindus.diagnostic.report import ZoneNotCoveredError
from tindus.diagnostic.services import build_report
from tindus.territories.commands import find_territory
from tindus.warehouse.queries import WarehouseUnavailableError


class Command(BaseCommand):
    help = gettext_lazy(
        "Industrial diagnostic of a territory (--wave N ID, or the address of a custom territory) or of an EPCI "
        "(--epci SIREN), as JSON, HTML, PDF or XLSX."
    )

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

    def handle(self, *args, **options) -> None:
        territory = None
        if not options["epci"]:
            if not options["id"]:
                raise CommandError(_("Give a territory (--wave 1 ti-2704) or an EPCI (--epci 242504116)."))
            territory = find_territory(options["wave"], options["id"])
        try:
            report = build_report(territory=territory, epci=options["epci"], scope=options["scope"],
                                  start=options["start"], end=options["end"], base=options["base"])  # fmt: skip
        except ZoneNotCoveredError as error:
            missing = ",".join(error.missing)
            raise CommandError(
                _(
                    "The warehouse does not hold the départements %(missing)s of this zone (it holds %(covered)s): "
                    "import them with 'tindus data fetch sirene --departements %(missing)s --import' and "
                    "'tindus data fetch urssaf --departements %(missing)s --import'."
                )
                % {"missing": missing, "covered": ", ".join(error.covered) or "—"}
            ) from None
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
