"""``tindus diagnostic parquet``: the indicator tables of every territory in one Parquet file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.territories.models import Territory
from tindus.warehouse.queries import WarehouseUnavailableError


class ParquetCommand(BaseCommand):
    help = gettext_lazy(
        "Write the diagnostic's indicator tables of every territory to one Parquet file (one line per cell, "
        "statistical secrecy applied as on the public pages); --background makes it in the task queue instead, "
        "for the API's download."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help=gettext_lazy("Parquet file to write"))
        only = gettext_lazy("only this territory (its address; repeat the option for several)")
        parser.add_argument("--territory", action="append", metavar="SLUG", help=only)
        parser.add_argument("--background", action="store_true",
                            help=gettext_lazy("put the job in the task queue (a task worker runs it) and print its "
                                              "page's address, instead of running it here"))  # fmt: skip

    def handle(self, *args, **options) -> None:
        from tindus.diagnostic.parquet import refresh, write

        try:
            if options["background"]:
                address = refresh()
                self.stdout.write(
                    _("Queued; the file is made once a task worker ran the job: %(url)s") % {"url": address}
                )
                return
            if not options["output"]:
                raise CommandError(_("Give the file to write: --output FILE.parquet"))
            territories = None
            if options["territory"]:
                territories = list(Territory.objects.filter(slug__in=options["territory"]).order_by("slug"))
                unknown = sorted(set(options["territory"]) - {t.slug for t in territories})
                if unknown:
                    raise CommandError(_("No territory « %(slug)s ».") % {"slug": ", ".join(unknown)})
            done = write(
                options["output"], territories, say=lambda n, total, t: self.stderr.write(f"{n + 1}/{total} {t.name}")
            )
        except WarehouseUnavailableError as error:
            raise CommandError(str(error) or _("The warehouse is not available.")) from None
        self.stdout.write(
            _("Written: %(path)s (%(count)s territories, %(cells)s cells).")
            % {"path": options["output"], "count": len(done["territories"]), "cells": done["cells"]}
        )
        if done["skipped"]:
            self.stderr.write(_("Not covered by the warehouse: %(list)s") % {"list": ", ".join(done["skipped"])})
