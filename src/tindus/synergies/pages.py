"""Rendering of the synergies pages, with what every one of them shows: the territory and the user's rights."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tindus.accounts.permissions import permissions_for


def page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    territory = request.territory
    synthetic = (territory.synergy_declarations.filter(synthetic=True).exists()
                 or territory.synergy_opportunities.filter(synthetic=True).exists())  # fmt: skip
    context = {"territory": territory, "perms_here": permissions_for(request.user, territory),
               "synthetic": synthetic, **context}  # fmt: skip
    return render(request, f"synergies/{template}", context, status=status)
