import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.warehouse import fetch
from tindus.warehouse.detect import DataFileError
from tindus.warehouse.importer import ImportRefusedError, import_file, reason_label
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.services import get_warehouse, synth_inputs, writer_description
from tindus.warehouse.synth import generate
from tindus.warehouse.versions import WarehouseBusyError


def _departements(value: str) -> list[str]:
    return [d.strip().upper() for d in value.split(",") if d.strip()]


class Command(BaseCommand):
    help = gettext_lazy(
        "Open data: 'fetch' downloads SIRENE or URSSAF, 'import' loads files into the warehouse, "
        "'synth' writes synthetic files in the official formats, 'status' shows what the warehouse holds."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        f = sub.add_parser("fetch", help=gettext_lazy("download SIRENE or URSSAF from the official addresses"))
        f.add_argument("dataset", choices=["sirene", "urssaf"])
        f.add_argument("--departements", type=_departements, help=gettext_lazy("only these départements (21,25)"))
        f.add_argument("--out", type=Path, help=gettext_lazy("folder to download into (default: var/downloads)"))
        f.add_argument("--import", dest="then_import", action="store_true", help=gettext_lazy("import once downloaded"))
        i = sub.add_parser("import", help=gettext_lazy("import files (CSV, zip, csv.gz, Parquet; detected by content)"))
        i.add_argument("paths", nargs="+", type=Path)
        i.add_argument("--synthetic", action="store_true", default=None, help=gettext_lazy("label as synthetic"))
        i.add_argument(
            "--max-reject-rate",
            type=float,
            default=0.01,
            help=gettext_lazy("refuse the import above this share of invalid rows (default 0.01)"),
        )
        i.add_argument("--json", action="store_true", help=gettext_lazy("print JSON"))
        i.add_argument(
            "--no-wait",
            action="store_true",
            help=gettext_lazy("refuse at once if another import is writing the warehouse (default: wait for it)"),
        )
        s = sub.add_parser("synth", help=gettext_lazy("write synthetic SIRENE and URSSAF files"))
        scope = s.add_mutually_exclusive_group(required=True)
        scope.add_argument("--departements", type=_departements)
        scope.add_argument("--national", action="store_true")
        s.add_argument("--scale", type=float, default=1.0, help=gettext_lazy("multiply the number of establishments"))
        s.add_argument("--seed", type=int, default=0)
        s.add_argument("--out", type=Path, required=True)
        s.add_argument("--no-parquet", action="store_true", help=gettext_lazy("skip the Parquet edition"))
        st = sub.add_parser("status", help=gettext_lazy("what the warehouse holds, with its provenance"))
        st.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        getattr(self, "_" + options["action"])(options)

    def _say(self, message: str) -> None:
        self.stderr.write(f"… {message}")

    def _import(self, options) -> None:
        warehouse = get_warehouse()
        if options.get("no_wait"):
            warehouse.lock_wait = 0
        reports = []
        try:
            # One new version for the reference data and every file: published when all are imported.
            with warehouse.new_version(on_wait=self._say_waiting) as draft:
                sync_reference(warehouse)
                for path in options["paths"]:
                    reports.append(
                        import_file(
                            warehouse,
                            path,
                            synthetic=options["synthetic"],
                            max_reject_rate=options["max_reject_rate"],
                            progress=None if options["json"] else self._say,
                        )
                    )
        except ImportRefusedError as error:
            raise CommandError(str(error)) from None
        except DataFileError as error:
            raise CommandError(_("Import refused, the warehouse is unchanged: %(error)s") % {"error": error}) from None
        except WarehouseBusyError as error:
            raise CommandError(
                _("%(who)s: import refused, the warehouse is unchanged. Try again once it has finished.")
                % {"who": writer_description(error.holder)}
            ) from None
        for report in reports:
            if not options["json"]:
                self._print_report(report)
        if options["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, default=str))
        elif draft.published:
            self.stdout.write(_("Published as version %(n)d of the warehouse.") % {"n": draft.published.number})

    def _say_waiting(self, holder) -> None:
        self._say(_("%(who)s: waiting for it to finish…") % {"who": writer_description(holder)})

    def _print_report(self, report) -> None:
        label = _("synthetic") if report.synthetic else _("real")
        self.stdout.write(
            _(
                "%(file)s: %(kept)d rows kept of %(read)d read, %(rejected)d rejected, %(skipped)d skipped "
                "(%(label)s, vintage %(vintage)s, %(s)s s)"
            )
            % {
                "file": report.file,
                "kept": report.rows_kept,
                "read": report.rows_read,
                "rejected": report.rows_rejected,
                "skipped": report.rows_skipped,
                "label": label,
                "vintage": report.vintage or "?",
                "s": report.seconds,
            }
        )
        for reason, detail in report.rejects.items():
            lines = ", ".join(map(str, detail["lines"]))
            self.stdout.write(f"  - {reason_label(reason)} : {detail['count']} ({_('lines')} {lines}…)")
        for reason, count in report.skipped.items():
            self.stdout.write(f"  - {reason_label(reason)} : {count}")

    def _synth(self, options) -> None:
        departements = None if options["national"] else options["departements"]
        communes, nafs = synth_inputs(departements)
        if not communes:
            raise CommandError(_("No commune in départements %(deps)s.") % {"deps": ",".join(departements or [])})
        started = time.monotonic()
        manifest = generate(
            options["out"],
            communes,
            nafs,
            scale=options["scale"],
            seed=options["seed"],
            parquet=not options["no_parquet"],
            progress=self._say,
        )
        self.stdout.write(
            _("%(n)d synthetic establishments written to %(out)s in %(s).1f s (files listed in %(manifest)s).")
            % {
                "n": manifest["establishments"],
                "out": options["out"],
                "s": time.monotonic() - started,
                "manifest": "tindus-synthetique.json",
            }
        )

    def _fetch(self, options) -> None:
        out = options["out"] or (get_warehouse().path.parent / "downloads")
        try:
            paths = fetch.fetch_dataset(options["dataset"], out, departements=options["departements"])
        except fetch.FetchError as error:
            raise CommandError(str(error)) from None
        for path in paths:
            self.stdout.write(str(path))
        if options["then_import"]:
            self._import({"paths": paths, "synthetic": False, "max_reject_rate": 0.01, "json": False})

    def _status(self, options) -> None:
        warehouse = get_warehouse()
        imports = warehouse.imports()
        if options["json"]:
            self.stdout.write(json.dumps(imports, ensure_ascii=False, default=str))
            return
        version = warehouse.version()
        if version is not None and version.number:
            kept = [v.number for v in warehouse.versions.published() if v.number != version.number]
            self.stdout.write(
                _("Version %(n)d of the warehouse (%(path)s); previous versions kept: %(kept)s.")
                % {"n": version.number, "path": version.path, "kept": ", ".join(map(str, kept)) or "—"}
            )
        if not imports:
            self.stdout.write(_("The warehouse is empty: run 'tindus data import' or 'tindus data synth'."))
        for row in imports:
            label = _("synthetic") if row["synthetic"] else _("real")
            self.stdout.write(
                f"#{row['id']} {row['imported_at']:%Y-%m-%d %H:%M} {row['source']} ({row['file']}, "
                f"{row['vintage']}, {label}): {row['rows_kept']}/{row['rows_read']}"
            )
