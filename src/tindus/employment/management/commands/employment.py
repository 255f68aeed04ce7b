"""``tindus employment bmo [FILE…]`` and ``tindus employment status``: the national BMO files."""

import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.employment.bmo_store import known_jobs, load_shipped_bmo, store_bmo
from tindus.employment.compute.bmo import read_bmo
from tindus.employment.compute.problems import DataError
from tindus.employment.models import BmoImport


class Command(BaseCommand):
    help = gettext_lazy(
        "France Travail's BMO files for every territory: 'bmo' loads the shipped 2024 and 2025 files when they "
        "changed, or the files given (any year's layout), all or nothing; 'status' lists what is loaded."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        bmo = sub.add_parser("bmo", help=_("load national BMO files (the shipped ones when none is given)"))
        bmo.add_argument("files", nargs="*", type=Path, help=_("BMO workbooks or CSV files"))
        bmo.add_argument("--json", action="store_true", help=_("print the result as JSON"))
        status = sub.add_parser("status", help=_("the BMO files loaded, national and of each territory"))
        status.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    def handle(self, *args, **options) -> None:
        if options["action"] == "status":
            self.status(options["json"])
            return
        if not options["files"]:
            years = load_shipped_bmo(lambda _m: None if options["json"] else self.stdout.write(_m))
            if options["json"]:
                self.stdout.write(json.dumps({"loaded": years}))
            elif not years:
                self.stdout.write(_("The shipped BMO files are already loaded."))
            return
        tables = []
        for path in options["files"]:  # every file is checked before any is written
            try:
                tables.append((read_bmo(path, known_jobs=known_jobs()), hashlib.sha256(path.read_bytes()).hexdigest()))
            except (DataError, OSError) as error:
                raise CommandError(_("Nothing was loaded: %(error)s") % {"error": error}) from None
        loaded = [store_bmo(table, sha256=digest) for table, digest in tables]
        if options["json"]:
            self.stdout.write(json.dumps([{"year": r.year, "file": r.source, "rows": r.rows} for r in loaded]))
            return
        for record in loaded:
            self.stdout.write(_("BMO %(year)s loaded for every territory: %(file)s, %(rows)s rows.")
                              % {"year": record.year, "file": record.source, "rows": record.rows})  # fmt: skip

    def status(self, as_json: bool) -> None:
        rows = [
            {
                "year": r.year,
                "file": r.source,
                "rows": r.rows,
                "territory": r.territory.slug if r.territory else None,
                "shipped": r.shipped,
                "current": r.current,
                "imported_at": r.imported_at.isoformat(),
            }
            for r in BmoImport.objects.select_related("territory").order_by("-year", "territory_id", "-imported_at")
        ]
        if as_json:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            where = row["territory"] or _("every territory")
            state = _("current") if row["current"] else _("replaced")
            self.stdout.write(f"BMO {row['year']}  {row['file']}  {row['rows']}  {where}  {state}")
