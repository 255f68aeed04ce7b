"""``tindus opendata export``: refresh the platform's open-data bundle (the public part of every territory)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.warehouse.queries import WarehouseUnavailableError

from ...bundle import build


class Command(BaseCommand):
    help = gettext_lazy(
        "The open-data bundle of the public part of every territory (CSV, GeoJSON, Parquet, datapackage.json "
        "with the schema and the licence), published on the « Données ouvertes » page."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser("export", help=_("write a new bundle and publish it (the previous one is replaced)"))
        export.add_argument("--territory", action="append", metavar="SLUG",
                            help=_("only this territory (repeatable); by default every territory"))  # fmt: skip

    def handle(self, *args, **options) -> None:
        def say(number: int, total: int, what: str) -> None:
            self.stdout.write(f"[{number + 1}/{total}] {what}")

        try:
            manifest = build(say=say, only=options["territory"])
        except WarehouseUnavailableError as error:
            raise CommandError(_("The warehouse is not available: %(reason)s") % {"reason": error}) from None
        self.stdout.write(
            _("Published: %(count)s files, %(territories)s territories, in %(folder)s.")
            % {"count": len(manifest["files"]), "territories": manifest["territories"], "folder": manifest["folder"]}
        )
