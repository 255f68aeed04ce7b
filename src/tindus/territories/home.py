"""The landing page: what Tindus is, the demo workspaces, and the official lists by wave."""

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tindus.accounts.permissions import public
from tindus.core.collation import sorted_by_name

from .models import Territory


@public
def home(request: HttpRequest) -> HttpResponse:
    """Landing page: what Tindus is, the demo workspaces, and the official lists by wave."""
    waves = (
        Territory.objects.filter(kind=Territory.Kind.OFFICIAL)
        .values("wave")
        .annotate(population=Sum("population"), communes=Sum("commune_count"))
        .order_by("wave")
    )
    counts = {w: Territory.objects.filter(kind=Territory.Kind.OFFICIAL, wave=w).count() for w in (1, 2)}
    return render(
        request,
        "territories/home.html",
        {
            "demo_territories": sorted_by_name(Territory.objects.filter(is_demo=True)),
            "waves": [{**w, "count": counts[w["wave"]]} for w in waves],
        },
    )
