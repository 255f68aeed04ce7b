from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tindus.accounts.permissions import public

from .importer import reason_label
from .services import get_warehouse


@public
def provenance(request: HttpRequest) -> HttpResponse:
    """Every import of the warehouse: source, vintage, file, rows, and whether it is synthetic."""
    import json

    imports = []
    for row in get_warehouse().imports():
        details = json.loads(row["rejects"] or "{}")
        row["reasons"] = [
            (reason_label(reason), detail["count"], detail["lines"])
            for reason, detail in details.get("rejects", {}).items()
        ] + [(reason_label(reason), n, []) for reason, n in details.get("skipped", {}).items()]
        imports.append(row)
    return render(request, "warehouse/provenance.html", {"imports": imports})
