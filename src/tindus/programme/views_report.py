"""The yearly programme report's pages: start a report of a région or of the nation, follow it, download
the reports made for that scope. Only who steers the scope opens them (the région's steering, the national
team): a report's file is looked up within the scope of the address, so another région's is never served."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.jobs.api import download_url, job_url, start_job
from tindus.jobs.models import Job
from tindus.jobs.results import result_available
from tindus.jobs.views import REFRESH_SECONDS
from tindus.referentials.models import Region

from .report_forms import ReportForm
from .report_tasks import export_programme_report
from .report_years import data_years

# How many reports of a scope the page lists (the purge removes them after the retention period anyway).
LISTED = 50


def scope_jobs(region: Region | None) -> QuerySet[Job]:
    """The reports started for this scope (a région's, or the nation's)."""
    return Job.objects.filter(
        territory=None, task_path=export_programme_report.module_path, params__region=region.code if region else ""
    ).select_related("author")


@permission_required(Action.STEER_NATION)
def national_report(request: HttpRequest) -> HttpResponse:
    return _report_page(request, None)


@permission_required(Action.STEER_REGION)
def region_report(request: HttpRequest, region: str) -> HttpResponse:
    return _report_page(request, request.region)


def _report_page(request: HttpRequest, region: Region | None) -> HttpResponse:
    """GET shows the form and the reports; POST starts one job per format and comes back here."""
    today = timezone.localdate()
    form = ReportForm(
        request.POST if request.method == "POST" else None, region=region, today=today, years=data_years(region, today)
    )
    if request.method == "POST" and form.is_valid():
        job = None
        for fmt in form.cleaned_data["formats"]:
            job = start_job(
                export_programme_report, territory=None, author=request.user,
                year=form.cleaned_data["year"], region=region.code if region else "", fmt=fmt,
            )  # fmt: skip
        return redirect(job_url(job))
    jobs = list(scope_jobs(region)[:LISTED])
    context = {
        "region": region,
        "scope": region.name if region else _("all of France"),
        "form": form,
        "jobs": [(job, download_url(job), result_available(job)) for job in jobs],
        "refresh_seconds": REFRESH_SECONDS if any(not job.is_finished for job in jobs) else None,
    }
    return render(request, "programme/report.html", context, status=400 if form.is_bound else 200)


def _file(region: Region | None, pk: str) -> FileResponse:
    job = get_object_or_404(scope_jobs(region), pk=pk)
    if job.status != Job.Status.SUCCEEDED or not result_available(job):
        raise Http404(_("This job has no result file (any more)."))
    return FileResponse(
        default_storage.open(job.result_file.name, "rb"), as_attachment=True, filename=job.result_filename
    )


@permission_required(Action.STEER_NATION)
def national_report_file(request: HttpRequest, pk: str) -> HttpResponse:
    return _file(None, pk)


@permission_required(Action.STEER_REGION)
def region_report_file(request: HttpRequest, region: str, pk: str) -> HttpResponse:
    return _file(request.region, pk)
