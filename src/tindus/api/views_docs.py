"""« API et données ouvertes »: the functional documentation of the API, in French, for everyone.

The limits are read from the settings and the list of operations from the served OpenAPI description, so
the page says what the running instance does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import public

from .pagination import MAX_PAGE_SIZE, PAGE_SIZE
from .tokens import MAX_LIFETIME

API_ROOT = "/api/v1"


@dataclass(frozen=True)
class Operation:
    tag: str
    method: str
    path: str
    summary: str
    open: bool  # answers anonymous callers (public content)


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the description, in its order, with whether it answers without a token."""
    from .app import PUBLIC_READ_PATHS, api

    found = []
    for path, methods in api.get_openapi_schema(path_prefix=API_ROOT).get("paths", {}).items():
        concrete = re.sub(r"\{[^}]+\}", "x", path)
        for method, operation in methods.items():
            is_open = method == "get" and any(pattern.match(concrete) for pattern in PUBLIC_READ_PATHS)
            tag = (operation.get("tags") or ["—"])[0]
            found.append(Operation(tag, method.upper(), path, operation.get("summary", ""), is_open))
    return tuple(found)


@public
def api_docs(request: HttpRequest) -> HttpResponse:
    sections = [
        ("ouvert", _("What is open")),
        ("jeton", _("Getting a token")),
        ("exemples", _("Examples")),
        ("pagination", _("Pages")),
        ("etag", _("Caching: ETag")),
        ("limites", _("Rate limits")),
        ("erreurs", _("Errors")),
        ("cors", _("From a browser: CORS")),
        ("operations", _("Operations")),
    ]
    context = {
        "sections": sections,
        "base": request.build_absolute_uri(API_ROOT),
        "rate_address": settings.TINDUS_API_RATE_ADDRESS,
        "rate_token": settings.TINDUS_API_RATE_TOKEN,
        "max_body": settings.TINDUS_API_MAX_BODY,
        "max_days": MAX_LIFETIME.days,
        "page_size": PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "operations": operations(),
    }
    return render(request, "api/docs.html", context)
