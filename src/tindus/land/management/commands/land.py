"""``tindus land check|export|import``: the inventory's files in the CNIG « Sites économiques » standard."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.land.compute.problems import LandDataError, Problem
from tindus.land.compute.schema import read_csv
from tindus.land.standard import LAYERS, save_inventory
from tindus.land.standard_files import FORMATS, SQLITE_MAGIC, expand, export, layer_of, read_files, warehouse_problems
from tindus.territories.models import Territory


class Command(BaseCommand):
    help = gettext_lazy(
        "The inventory of economic activity zones in the CNIG standard: 'check' validates a GeoPackage or CSV "
        "files, 'export' writes a territory's inventory, 'import' reads files into it (all or nothing)."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        check = sub.add_parser(
            "check", help=_("validate a GeoPackage or the standard's CSV files; every problem, exit status 1")
        )
        check.add_argument("files", nargs="+", type=Path, help=_("a GeoPackage, CSV files or a zip of them"))
        out = sub.add_parser("export", help=_("write a territory's inventory in the standard (validated first)"))
        out.add_argument("--territory", required=True, help=_("the territory's address (slug)"))
        out.add_argument("--format", required=True, choices=FORMATS, help=_("GeoPackage, zip of CSV or of GeoJSON"))
        out.add_argument("--out", required=True, type=Path, help=_("the file to write"))
        load = sub.add_parser("import", help=_("import files into a territory's inventory: all or nothing"))
        load.add_argument("--territory", required=True, help=_("the territory's address (slug)"))
        load.add_argument("--synthetic", action="store_true", help=_("the data are synthetic (demonstration)"))
        load.add_argument("files", nargs="+", type=Path, help=_("a GeoPackage, CSV files or a zip of them"))

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if action == "export":
            self.export(options)
            return
        files = self.read(options["files"])
        territory = self.territory(options["territory"]) if action == "import" else None
        try:
            inventory = read_files(files, territory)
            if action == "import":
                problems = warehouse_problems(inventory)
                if problems:
                    raise LandDataError(problems)
                saved = save_inventory(territory, inventory, synthetic=options["synthetic"])
        except LandDataError as error:
            self.refuse(files, error, nothing=action == "import")
        if action == "check":
            self.stdout.write(
                _("Valid: %(zones)d zones, %(units)d land units, %(establishments)d establishments.")
                % {"zones": len(inventory.zones), "units": len(inventory.units),
                   "establishments": len(inventory.establishments)}
            )  # fmt: skip
            return
        self.stdout.write(
            _("Imported into %(territory)s: %(created)d created, %(updated)d updated.")
            % {"territory": territory.slug, "created": sum(saved.created.values()),
               "updated": sum(saved.updated.values())}
        )  # fmt: skip

    def read(self, paths: list[Path]) -> list[tuple[str, bytes]]:
        try:
            return [(path.name, path.read_bytes()) for path in paths]
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": error.filename, "error": error.strerror}
            ) from None

    def territory(self, slug: str) -> Territory:
        try:
            return Territory.objects.get(slug=slug)
        except Territory.DoesNotExist:
            raise CommandError(_("No territory has the address « %(slug)s ».") % {"slug": slug}) from None

    def refuse(self, files: list[tuple[str, bytes]], error: LandDataError, *, nothing: bool) -> None:
        where = file_of_layers(files)
        for problem in error.problems:
            self.stderr.write(f"{where.get(problem.layer, problem_file(problem, files))}: {problem.describe(_)}")
        message = _("%(n)d problems with the standard.") % {"n": len(error.problems)}
        if nothing:
            message += " " + _("Nothing was imported.")
        raise CommandError(message)

    def export(self, options) -> None:
        territory = self.territory(options["territory"])
        try:
            result = export(territory, options["format"])
        except LandDataError as error:
            for problem in error.problems:
                self.stderr.write(problem.describe(_))
            raise CommandError(
                _("The inventory does not pass the standard's validation; nothing was written.")
            ) from None
        options["out"].write_bytes(result.content)
        self.stdout.write(
            _("%(file)s written: %(zones)d zones, %(units)d land units, %(establishments)d establishments.")
            % {"file": options["out"], "zones": result.counts["SITE-ECO"], "units": result.counts["TERRAIN-ECO"],
               "establishments": result.counts["ETABLISSEMENT"]}
        )  # fmt: skip


def file_of_layers(files: list[tuple[str, bytes]]) -> dict[str, str]:
    """Which file brought each class (a GeoPackage brings them all)."""
    out: dict[str, str] = {}
    try:
        expanded = expand(files)
    except LandDataError:
        return out
    for name, data in expanded:
        if data.startswith(SQLITE_MAGIC) or name.lower().endswith(".gpkg"):
            out.update(dict.fromkeys(LAYERS, name))
            continue
        try:
            header, _rows = read_csv(data, name)
        except LandDataError:
            continue
        layer = layer_of(name, header)
        if layer:
            out.setdefault(layer, name)
    return out


def problem_file(problem: Problem, files: list[tuple[str, bytes]]) -> str:
    """A problem of a file as a whole names it as its layer; else the first file given."""
    names = [name for name, _data in files]
    return problem.layer if problem.layer in names else names[0]
