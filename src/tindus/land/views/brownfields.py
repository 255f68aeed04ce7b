"""Brownfields in the CNIG « Friches » standard: the list with its statuses, a brownfield's sheet, its
correction by the team, and the import of a Cartofriches export (a job, all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.jobs.api import job_url, save_input, start_job

from ..brownfields import describe_fix_html, standard_fields, territory_departements
from ..forms_brownfields import BrownfieldForm, CartofrichesImportForm
from ..models import Brownfield
from ..tasks_brownfields import import_brownfields

COUNTED = [
    Brownfield.Status.POTENTIAL,
    Brownfield.Status.WITHOUT_PROJECT,
    Brownfield.Status.WITH_PROJECT,
    Brownfield.Status.RECONVERTED,
]


@permission_required(Action.VIEW_PRIVATE)
def brownfields(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    every = territory.brownfields.select_related("zone", "source_import")
    status = request.GET.get("statut", "")
    shown = every.filter(site_statut=status) if status in Brownfield.Status.values else every
    counts = [(s, s.label, every.filter(site_statut=s).count()) for s in COUNTED]
    last = territory.brownfield_imports.first()
    fixes = [describe_fix_html(f) for f in last.fixes] if last else []
    return render(
        request,
        "land/brownfields/list.html",
        {
            "territory": territory,
            "rows": shown,
            "total": every.count(),
            "counts": counts,
            "status": status if status in Brownfield.Status.values else "",
            "last": last,
            "fixes": fixes,
            "synthetic": every.filter(synthetic=True).exists(),
        },
    )


@permission_required(Action.VIEW_PRIVATE)
def brownfield(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    row = get_object_or_404(Brownfield.objects.select_related("zone", "source_import"), pk=pk,
                            territory=request.territory)  # fmt: skip
    fields = [(name, title, row.record.get(name, "")) for name, title in standard_fields()]
    fixes = []
    if row.source_import is not None:
        fixes = [describe_fix_html(f) for f in row.source_import.fixes if f.get("site_id") == row.site_id]
    return render(
        request,
        "land/brownfields/detail.html",
        {"territory": request.territory, "row": row, "fields": fields, "fixes": fixes},
    )


@permission_required(Action.EDIT)
def brownfield_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    row = get_object_or_404(Brownfield, pk=pk, territory=request.territory)
    form = BrownfieldForm(request.POST or None, instance=row, territory=request.territory)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The brownfield is saved."))
        return redirect("land:brownfield", slug=slug, pk=row.pk)
    return render(
        request,
        "land/brownfields/edit.html",
        {"territory": request.territory, "row": row, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required(Action.EDIT)
def brownfields_import(request: HttpRequest, slug: str) -> HttpResponse:
    """The export is saved, then read, cleaned, checked and imported in the background, all or nothing."""
    form = CartofrichesImportForm(request.POST or None, request.FILES or None)
    departements = territory_departements(request.territory)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        chosen = departements if form.cleaned_data["selection"] == "departements" else None
        job = start_job(import_brownfields, territory=request.territory, author=request.user,
                        path=save_input(upload), filename=upload.name, departements=chosen)  # fmt: skip
        return redirect(job_url(job))
    return render(
        request,
        "land/brownfields/import.html",
        {
            "territory": request.territory,
            "form": form,
            "departements": departements,
            "imports": request.territory.brownfield_imports.all()[:10],
        },
        status=400 if form.errors else 200,
    )
