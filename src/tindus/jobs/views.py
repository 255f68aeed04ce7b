"""Job pages: the list of a territory's jobs, one job's page (it refreshes itself while the job runs),
its result file, the form that starts the history export, and the public page and file of a shared job."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required, public

from .access import may_see, sees_all_jobs, visible_jobs
from .api import download_url, job_url, start_job
from .models import Job
from .results import result_available

# The page asks for its news this often while the job is not finished.
REFRESH_SECONDS = 3


def _job_or_404(request: HttpRequest, pk: str) -> Job:
    job = get_object_or_404(Job.objects.select_related("author", "territory"), pk=pk, territory=request.territory)
    if not may_see(request.user, job):
        raise PermissionDenied
    return job


@permission_required(Action.VIEW_WORKSPACE)
def job_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The jobs of the territory the user may see: theirs, or all of them for the team."""
    page = Paginator(visible_jobs(request.user, request.territory), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/list.html",
        {"territory": request.territory, "page": page, "sees_all": sees_all_jobs(request.user, request.territory)},
    )


@permission_required(Action.VIEW_WORKSPACE)
def detail(request: HttpRequest, slug: str, pk: str) -> HttpResponse:
    """Status, progress, result link or error of one job; answers at once, whatever the job's state."""
    job = _job_or_404(request, pk)
    return render(request, "jobs/detail.html", {"territory": request.territory, **_status_context(job)})


def _status_context(job: Job) -> dict:
    return {
        "job": job,
        "result_available": result_available(job),
        "download_url": download_url(job),
        "refresh_seconds": None if job.is_finished else REFRESH_SECONDS,
    }


def _file(job: Job) -> FileResponse:
    if job.status != Job.Status.SUCCEEDED or not result_available(job):
        raise Http404(_("This job has no result file (any more)."))
    return FileResponse(
        default_storage.open(job.result_file.name, "rb"), as_attachment=True, filename=job.result_filename
    )


@permission_required(Action.VIEW_WORKSPACE)
def download(request: HttpRequest, slug: str, pk: str) -> HttpResponse:
    return _file(_job_or_404(request, pk))


def _shared_or_404(pk: str) -> Job:
    return get_object_or_404(Job.objects.select_related("territory").exclude(shared_key=""), pk=pk)


@public
def shared_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """The public page of a shared job (a document everyone may read, such as a diagnostic's PDF)."""
    job = _shared_or_404(pk)
    return render(request, "jobs/shared.html", {"territory": job.territory, **_status_context(job)})


@public
def shared_download(request: HttpRequest, pk: str) -> HttpResponse:
    return _file(_shared_or_404(pk))


@permission_required(Action.VIEW_PRIVATE)
def history_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the CSV export of the territory's history of changes, then show its job page."""
    from .tasks import export_history

    if request.method == "POST":
        job = start_job(export_history, territory=request.territory, author=request.user)
        return redirect(job_url(job))
    return render(request, "jobs/history_export.html", {"territory": request.territory})
