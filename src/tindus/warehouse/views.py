from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tindus.accounts.permissions import public

from .freshness import freshness
from .importer import reason_label
from .services import get_warehouse


@public
def provenance(request: HttpRequest) -> HttpResponse:
    """Every import of the warehouse: source, vintage, file, rows, and whether it is synthetic; and, for each
    source of which a newer release is out, the command that fetches it."""
    import json

    imports = []
    logged = get_warehouse().imports()
    stale = [f for f in freshness(logged, timezone.localdate(), settings.TINDUS_DATA_STALE_DAYS) if f.stale]
    for row in logged:
        details = json.loads(row["rejects"] or "{}")
        row["reasons"] = [
            (reason_label(reason), detail["count"], detail["lines"])
            for reason, detail in details.get("rejects", {}).items()
        ] + [(reason_label(reason), n, []) for reason, n in details.get("skipped", {}).items()]
        imports.append(row)
    return render(request, "warehouse/provenance.html", {"imports": imports, "stale": stale})
