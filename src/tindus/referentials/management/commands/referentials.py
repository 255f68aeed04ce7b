import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.referentials.loading import load_all
from tindus.referentials.readers import DATA_DIR, ReferenceFileError


class Command(BaseCommand):
    help = gettext_lazy(
        "Reference data (COG, NAF, ROME, EWC, Territoires d'industrie, outlines). "
        "'load' loads or reloads all shipped files in one transaction."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = sub.add_parser("load", help=_("load or reload every reference file, all or nothing"))
        load.add_argument("--data-dir", type=Path, default=DATA_DIR, help=_("folder of the reference files"))
        load.add_argument("--if-changed", action="store_true", help=_("do nothing if the files were already loaded"))
        load.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        quiet = options["json"] or options["verbosity"] == 0

        def progress(step: str) -> None:
            if not quiet:
                self.stdout.write(f"… {step}")

        try:
            report = load_all(options["data_dir"], if_changed=options["if_changed"], progress=progress)
        except ReferenceFileError as error:
            raise CommandError(
                _("Reference data not loaded, nothing was changed: %(error)s") % {"error": error}
            ) from None
        seconds = round(time.monotonic() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps({"skipped": report.skipped, "counts": report.counts, "seconds": seconds}))
        elif report.skipped:
            self.stdout.write(_("Reference data already up to date."))
        else:
            for name, count in report.counts.items():
                self.stdout.write(f"  {name}: {count}")
            self.stdout.write(self.style.SUCCESS(_("Reference data loaded in %(s)s s.") % {"s": seconds}))
