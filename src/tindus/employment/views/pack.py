"""The working group's pack: the needs tables, gaps, readings, sessions and proposals as an XLSX workbook or a
PDF, built in the background."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tindus.accounts.permissions import Action, permission_required
from tindus.jobs.api import job_url, start_job

from ..tasks import build_pack
from .needs import report_for


@permission_required(Action.VIEW_PRIVATE)
def pack(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: what the pack holds and its settings; POST: start the job, then its page."""
    if request.method == "POST":
        years = request.POST.get("annee", "")
        fmt = "pdf" if request.POST.get("format") == "pdf" else "xlsx"
        job = start_job(
            build_pack, territory=request.territory, author=request.user, fmt=fmt,
            year=int(years) if years.isdigit() else None,
            radius=int(request.POST.get("rayon", "30")) if request.POST.get("rayon", "").isdigit() else 30,
            months=int(request.POST.get("mois", "12")) if request.POST.get("mois", "").isdigit() else 12,
            method=request.POST.get("repartition") or "population",
        )  # fmt: skip
        return redirect(job_url(job))
    report, form = report_for(request)
    return render(request, "employment/pack.html", {"territory": request.territory, "report": report, "form": form})
