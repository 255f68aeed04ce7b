import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.core.pdf import render_pdf
from tindus.plan.importing import WorkbookError, export_workbook, import_workbook, template_workbook
from tindus.plan.report import plan_state
from tindus.territories.commands import add_territory_arguments, find_territory


class Command(BaseCommand):
    help = gettext_lazy(
        "Action plan of a territory: 'export' it to the XLSX workbook (or the empty --template), 'import' a "
        "workbook (all or nothing), 'state' writes the PDF « état du plan » at a date."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser("export", help=_("write the plan workbook"))
        add_territory_arguments(export)
        export.add_argument("--out", type=Path, required=True, help=_("XLSX file to write"))
        export.add_argument("--template", action="store_true", help=_("write the empty template instead"))
        importing = sub.add_parser("import", help=_("import a plan workbook"))
        add_territory_arguments(importing)
        importing.add_argument("file", type=Path, help=_("XLSX workbook"))
        importing.add_argument("--json", action="store_true", help=_("print JSON"))
        state = sub.add_parser("state", help=_("write the PDF state of the plan"))
        add_territory_arguments(state)
        state.add_argument("--date", type=dt.date.fromisoformat, default=None, help=_("YYYY-MM-DD, default today"))
        state.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))

    def handle(self, *args, **options) -> None:
        territory = find_territory(options["wave"], options["id"])
        action = options["action"]
        if action == "export":
            content = template_workbook() if options["template"] else export_workbook(territory)
            options["out"].write_bytes(content)
            self.stderr.write(_("Written: %(path)s") % {"path": options["out"]})
        elif action == "import":
            self._import(territory, options)
        else:
            context = plan_state(territory, options["date"] or dt.date.today())
            options["out"].write_bytes(render_pdf("plan/state_pdf.html", context))
            self.stderr.write(_("Written: %(path)s") % {"path": options["out"]})

    def _import(self, territory, options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file.") % {"file": path})
        try:
            report = import_workbook(territory, path.read_bytes())
        except WorkbookError as error:
            for problem in error.problems:
                self.stderr.write(f"{path}: {problem.describe(_)}")
            raise CommandError(
                _("%(file)s: not imported, %(n)d problem(s); nothing was saved.")
                % {"file": path, "n": len(error.problems)}
            ) from None
        summary = {
            "axes_created": report.axes_created,
            "axes_updated": report.axes_updated,
            "projects_created": report.projects_created,
            "projects_updated": report.projects_updated,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                _("%(file)s: %(ac)d axes created, %(au)d updated; %(pc)d projects created, %(pu)d updated.")
                % {
                    "file": path,
                    "ac": report.axes_created,
                    "au": report.axes_updated,
                    "pc": report.projects_created,
                    "pu": report.projects_updated,
                }  # fmt: skip
            )
