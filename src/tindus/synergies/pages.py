"""Rendering of the synergies pages, with what every one of them shows: the territory and the user's rights."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tindus.accounts.permissions import permissions_for


def page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {"territory": request.territory, "perms_here": permissions_for(request.user, request.territory),
               **context}  # fmt: skip
    return render(request, f"synergies/{template}", context, status=status)
