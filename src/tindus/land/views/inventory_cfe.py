"""The CFE statuses of many units at once, from a CSV file: read and checked in the request (a few thousand
lines at most, milliseconds), then saved all or nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, permission_required

from ..compute.cfe_table import COLUMNS, LAYER, read_cfe_table
from ..compute.problems import Problem, gettext_noop
from ..forms_inventory import CfeImportForm
from ..models import CfeStatus, LandUnit
from ..vacancy import reference_year

MAX_LINES = 5000
MAX_BYTES = 2 * 1024 * 1024


def import_statuses(territory, data: bytes, user) -> tuple[int, list[Problem]]:
    """Save the statuses of ``data`` (CSV bytes) for the territory's units; nothing when any problem."""
    rows, problems = read_cfe_table(data, reference=dt.date(reference_year(), 1, 1))
    units: dict[str, list[LandUnit]] = {}
    for unit in LandUnit.objects.filter(zone__territory=territory).only("pk", "terr_id"):
        units.setdefault(unit.terr_id, []).append(unit)
    for line, record in rows:
        if not record.unit_id:
            continue
        found = units.get(record.unit_id, [])
        if len(found) != 1:
            reason = (gettext_noop("no land unit of the territory has this identifier") if not found
                      else gettext_noop("several zones have a unit with this identifier"))  # fmt: skip
            problems.append(Problem(LAYER, reason, line=line, feature=record.unit_id, field="terr_id"))
    if problems:
        return 0, sorted(problems, key=lambda p: p.line)
    with transaction.atomic():
        for _line, record in rows:
            CfeStatus.objects.update_or_create(
                unit=units[record.unit_id][0],
                defaults={"in_use": record.in_use, "last_use_end": record.last_use_end,
                          "occupied_since": record.occupied_since, "evidence": record.evidence, "recorded_by": user},
            )  # fmt: skip
    return len(rows), []


@permission_required(Action.EDIT)
def cfe_import(request: HttpRequest, slug: str) -> HttpResponse:
    form = CfeImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES or data.count(b"\n") > MAX_LINES:
            form.add_error("file", _("This file has more than %(n)d lines: split it.") % {"n": MAX_LINES})
        else:
            count, found = import_statuses(request.territory, data, request.user)
            if not found:
                messages.success(
                    request,
                    ngettext("%(n)d CFE status imported.", "%(n)d CFE statuses imported.", count) % {"n": count},
                )
                return redirect("land:zones", slug=slug)
            problems = [p.describe(_) for p in found]
            form.add_error("file", _("Nothing was imported: the file has %(n)d problems, listed below.") % {
                "n": len(found)})  # fmt: skip
    return render(
        request,
        "land/inventory/cfe_import.html",
        {"territory": request.territory, "form": form, "problems": problems, "columns": ";".join(COLUMNS),
         "reference": dt.date(reference_year(), 1, 1)},
        status=400 if form.errors else 200,
    )  # fmt: skip
