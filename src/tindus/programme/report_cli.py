"""``tindus programme report``: the yearly programme report written to a file, in the calling process."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from .report import FORMATS, ReportError, write_report


def add_report_arguments(sub: Any) -> None:
    report = sub.add_parser(
        "report", help=_("write the yearly programme report (PDF or XLSX) of a région or of France")
    )
    # Checked in run_report(), to refuse a bad value in the reader's language.
    report.add_argument("--year", metavar="YEAR", help=_("the year reported, e.g. 2024 (required)"))
    report.add_argument(
        "--region", metavar="CODE", default="", help=_("the région's code, e.g. 27 (default: all of France)")
    )
    report.add_argument("--output", metavar="FILE", help=_("the file to write (required)"))
    report.add_argument(
        "--format", choices=FORMATS, default=None, help=_("pdf or xlsx (default: the output file's extension)")
    )
    report.add_argument("--json", action="store_true", help=_("print JSON"))


def run_report(command: BaseCommand, options: dict[str, Any]) -> None:
    year_text = (options["year"] or "").strip()
    if not year_text.isdigit():
        raise CommandError(_("Give the year as a number with --year, e.g. --year 2024."))
    if not options["output"]:
        raise CommandError(_("Give the file to write with --output, e.g. --output rapport-2024.pdf."))
    output = Path(options["output"])
    fmt = options["format"] or output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CommandError(
            _("Say the format with --format pdf or --format xlsx (the file « %(name)s » does not tell it).")
            % {"name": output.name}
        )
    if not output.parent.is_dir():
        raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})

    def progress(done: int, total: int, step: str) -> None:
        if not options["json"]:
            command.stderr.write(f"[{done + 1}/{total + 1}] {step}")

    started = time.perf_counter()
    try:
        write_report(int(year_text), options["region"] or None, fmt, output, progress=progress)
    except ReportError as error:
        raise CommandError(str(error)) from None
    seconds = round(time.perf_counter() - started, 2)
    if options["json"]:
        command.stdout.write(json.dumps({"path": str(output), "format": fmt, "seconds": seconds}))
    else:
        command.stdout.write(_("Written: %(path)s (%(seconds)s s)") % {"path": output, "seconds": seconds})
