"""Import and export of the inventory in the CNIG « Sites économiques » standard: the page, its jobs."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.accounts.permissions import Action, has_permission, permission_required
from tindus.jobs.api import job_url, save_input, start_job

from ..compute import DATA
from ..compute.geopackage import LAYER_NAMES, template_layout
from ..compute.schema import SCHEMA_FILES, load_schema
from ..forms_standard import ExportForm, ImportForm
from ..models import LandUnit, Occupant, Pole, Zone
from ..standard import LAYERS, has_synthetic
from ..tasks_standard import export_standard, import_standard

CLASS_TITLES = {
    "POLE-ECO": gettext_lazy("pole of zones"),
    "SITE-ECO": gettext_lazy("economic activity zone"),
    "TERRAIN-ECO": gettext_lazy("land unit"),
    "ETABLISSEMENT": gettext_lazy("establishment"),
}


def _titles() -> dict[tuple[str, str], str]:
    with (DATA / "champs_sites_economiques.csv").open(encoding="utf-8") as handle:
        return {(row["table"], row["field"].lower().replace("-", "_")): row["title"] for row in csv.DictReader(handle)}


def _classes() -> list[dict]:
    titles = _titles()
    out = []
    for layer in LAYERS:
        required = {f.name.lower().replace("-", "_") for f in load_schema(layer).fields if f.required}
        fields = [
            {"name": name, "kind": kind + (f"({width})" if width else ""), "required": name in required,
             "title": titles.get((layer, name), "")}
            for name, kind, width in template_layout()[layer]
        ]  # fmt: skip
        out.append({"layer": layer, "table": LAYER_NAMES[layer], "title": CLASS_TITLES[layer], "fields": fields})
    return out


def _page(request: HttpRequest, form: ImportForm | None = None, status: int = 200) -> HttpResponse:
    territory = request.territory
    may_import = has_permission(request.user, Action.EDIT, territory)
    counts = {
        "poles": Pole.objects.filter(territory=territory).count(),
        "zones": Zone.objects.filter(territory=territory).count(),
        "units": LandUnit.objects.filter(zone__territory=territory).count(),
        "occupants": Occupant.objects.filter(zone__territory=territory, state=Occupant.State.CONFIRMED).count(),
    }
    sections = [("export", _("Export")), ("classes", _("Classes and fields of the standard"))]
    if may_import:
        sections.insert(1, ("import", _("Import")))
    return render(
        request,
        "land/standard/standard.html",
        {
            "territory": territory,
            "counts": counts,
            "synthetic": has_synthetic(territory),
            "form": (form or ImportForm(auto_id="import_%s")) if may_import else None,
            "classes": _classes(),
            "sections": sections,
        },
        status=status,
    )


@permission_required(Action.VIEW_PRIVATE)
def standard(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request)


@permission_required(Action.VIEW_PRIVATE)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the export job of the chosen format (POST); a GET goes back to the page."""
    if request.method != "POST":
        return redirect("land:standard", slug=slug)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a format of the standard: GeoPackage, CSV or GeoJSON."))
        return redirect("land:standard", slug=slug)
    job = start_job(export_standard, territory=request.territory, author=request.user,
                    fmt=form.cleaned_data["format"])  # fmt: skip
    return redirect(job_url(job))


@permission_required(Action.EDIT)
def import_files(request: HttpRequest, slug: str) -> HttpResponse:
    """The files are saved, then read, checked and imported in the background, all or nothing: the job's
    page names the layer, the feature and the field of each problem."""
    if request.method != "POST":
        return redirect("land:standard", slug=slug)
    form = ImportForm(request.POST, request.FILES, auto_id="import_%s")
    if not form.is_valid():
        return _page(request, form, status=400)
    inputs = [[save_input(upload), upload.name] for upload in form.cleaned_data["files"]]
    job = start_job(import_standard, territory=request.territory, author=request.user, inputs=inputs,
                    synthetic=form.cleaned_data["synthetic"])  # fmt: skip
    return redirect(job_url(job))


@permission_required(Action.VIEW_PRIVATE)
def schema(request: HttpRequest, slug: str, layer: str) -> HttpResponse:
    """A Table Schema shipped with Tindus (CNIG v1.0.1)."""
    if layer not in LAYERS:
        raise Http404
    response = FileResponse((DATA / SCHEMA_FILES[layer]).open("rb"), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{SCHEMA_FILES[layer]}"'
    return response
