"""The training offer: what was imported (with its provenance), the sessions, the imports and the template."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.jobs.api import job_url, save_input, start_job

from ..compute.template import COLUMNS, template_header
from ..forms import BmoImportForm, OfferImportForm, TableImportForm
from ..models import OfferImport
from ..tasks import import_bmo, import_links_table, import_offers


@permission_required(Action.VIEW_PRIVATE)
def offers(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    sessions = territory.training_sessions.select_related("action__organisation", "offer_import").order_by(
        "start", "pk"
    )
    return render(
        request,
        "employment/offers.html",
        {
            "territory": territory,
            "imports": territory.training_imports.all(),
            "sessions": sessions,
            "synthetic": sessions.filter(synthetic=True).exists(),
        },
    )


@permission_required(Action.EDIT)
def offer_import(request: HttpRequest, slug: str) -> HttpResponse:
    """The file is saved, then read, checked against its format and imported in the background, all or
    nothing: the job's page names the line and the element or column of a problem."""
    form = OfferImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(import_offers, territory=request.territory, author=request.user, path=save_input(upload),
                        filename=upload.name, kind=form.cleaned_data["kind"])  # fmt: skip
        return redirect(job_url(job))
    return render(
        request,
        "employment/offer_import.html",
        {"territory": request.territory, "form": form, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@permission_required(Action.VIEW_PRIVATE)
def offer_template(request: HttpRequest, slug: str) -> HttpResponse:
    """The empty CSV template for sessions collected by hand (French headers, semicolons, UTF-8)."""
    response = HttpResponse("\ufeff" + template_header(";"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-sessions-formation.csv"'
    return response


@permission_required(Action.EDIT)
def offer_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Delete an import and every organisation, action and session it brought (confirmation on GET)."""
    record = get_object_or_404(OfferImport, pk=pk, territory=request.territory)
    if request.method == "POST":
        record.delete()
        messages.success(request, _("« %(file)s » and its sessions were deleted.") % {"file": record.source})
        return redirect("employment:offers", slug=slug)
    return render(request, "employment/offer_delete.html", {"territory": request.territory, "record": record})


@permission_required(Action.EDIT)
def bmo_import(request: HttpRequest, slug: str) -> HttpResponse:
    """A BMO file of another year (or a newer release) for this territory: any year's layout, recognised from
    its header; refused naming the missing columns, or the line and column of a problem."""
    form = BmoImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(import_bmo, territory=request.territory, author=request.user, path=save_input(upload),
                        filename=upload.name)  # fmt: skip
        return redirect(job_url(job))
    imports = request.territory.bmo_imports.all()
    return render(
        request,
        "employment/bmo_import.html",
        {"territory": request.territory, "form": form, "imports": imports},
        status=400 if form.errors else 200,
    )


@permission_required(Action.EDIT)
def links_import(request: HttpRequest, slug: str) -> HttpResponse:
    form = TableImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(import_links_table, territory=request.territory, author=request.user,
                        path=save_input(upload), filename=upload.name)  # fmt: skip
        return redirect(job_url(job))
    return render(
        request,
        "employment/links_import.html",
        {"territory": request.territory, "form": form},
        status=400 if form.errors else 200,
    )
