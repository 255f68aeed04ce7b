"""The diagnostic page of a territory or an EPCI, and its downloads: JSON and HTML at once, PDF and XLSX
drawn in the background by a shared job (one per zone, period, language and warehouse state)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tindus.accounts.permissions import public
from tindus.jobs.api import job_url, start_shared_job
from tindus.referentials.models import Epci
from tindus.warehouse.queries import WarehouseUnavailableError

from .exports import FORMATS
from .presentation import sections, visuals
from .report import ZoneNotCoveredError
from .services import build_report, warehouse_state
from .tasks import BACKGROUND_FORMATS, export_diagnostic


def _period(request: HttpRequest) -> dict:
    def year(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    scope = request.GET.get("perimetre", "industry")
    base = {"emploi": "total", "perimetre": "scope"}.get(request.GET.get("base", ""), "total")
    return {"scope": scope if scope in ("industry", "manufacturing") else "industry", "start": year("debut"),
            "end": year("fin"), "base": base}  # fmt: skip


def _respond(request: HttpRequest, report: dict, territory=None) -> HttpResponse:
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise Http404(_("Unknown format."))
        content_type, render_bytes, extension = FORMATS[fmt]
        response = HttpResponse(render_bytes(report), content_type=content_type)
        name = f"diagnostic-{slugify(report['zone']['name'])}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        if fmt == "html":  # a file to keep: its own styles inline, nothing else
            response["Content-Security-Policy"] = STANDALONE_POLICY
        return response
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "diagnostic/page.html",
        {"report": report, "visuals": visuals(report), "territory": territory, "formats": list(FORMATS),
         "query": query.urlencode(), "sections": sections()},
    )  # fmt: skip


STANDALONE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def _unavailable(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "diagnostic/unavailable.html", {"message": message}, status=503)


def _not_covered(request: HttpRequest, error: ZoneNotCoveredError, zone_name: str) -> HttpResponse:
    """A plain page (200): which départements the warehouse holds and how to import the missing ones."""
    return render(
        request, "diagnostic/not_covered.html",
        {"zone_name": zone_name, "missing": error.missing, "covered": error.covered,
         "command": f"tindus data fetch sirene --departements {','.join(error.missing)} --import && "
                    f"tindus data fetch urssaf --departements {','.join(error.missing)} --import"},
    )  # fmt: skip


def _background(request: HttpRequest, territory=None, epci: str | None = None) -> HttpResponse:
    """Start (or find) the shared job that draws this file, and show its page."""
    try:
        state = [warehouse_state()]
    except WarehouseUnavailableError as error:
        return _unavailable(request, str(error))
    if territory is not None:  # a custom territory's perimeter may change: so does its file
        state.append(sorted(territory.communes.values_list("code", "vintage")))
    job = start_shared_job(export_diagnostic, state=state, territory=territory, epci=epci,
                           fmt=request.GET["format"], **_period(request))  # fmt: skip
    return redirect(job_url(job))


@public
def territory_diagnostic(request: HttpRequest, slug: str) -> HttpResponse:
    if request.GET.get("format") in BACKGROUND_FORMATS:
        return _background(request, territory=request.territory)
    try:
        report = build_report(territory=request.territory, **_period(request))
    except ZoneNotCoveredError as error:
        return _not_covered(request, error, request.territory.name)
    except (WarehouseUnavailableError, LookupError) as error:
        return _unavailable(request, str(error))
    except ValueError as error:
        return render(request, "diagnostic/unavailable.html", {"message": str(error)}, status=400)
    return _respond(request, report, request.territory)


@public
def epci_diagnostic(request: HttpRequest, siren: str) -> HttpResponse:
    if request.GET.get("format") in BACKGROUND_FORMATS:
        if not Epci.objects.filter(siren=siren).exists():
            raise Http404(_("No EPCI with SIREN %(siren)s.") % {"siren": siren})
        return _background(request, epci=siren)
    try:
        report = build_report(epci=siren, **_period(request))
    except ZoneNotCoveredError as error:
        return _not_covered(request, error, siren)
    except WarehouseUnavailableError as error:
        return _unavailable(request, str(error))
    except LookupError as error:
        raise Http404(str(error)) from None
    except ValueError as error:
        return render(request, "diagnostic/unavailable.html", {"message": str(error)}, status=400)
    return _respond(request, report)
