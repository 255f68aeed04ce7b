"""CORS is open on the API's public read endpoints only: any site may read public content from a browser,
without credentials; nothing else is reachable across origins."""

from __future__ import annotations

from typing import Any

from corsheaders.signals import check_request_enabled
from django.dispatch import receiver
from django.http import HttpRequest


def is_public_read(request: HttpRequest) -> bool:
    from .app import PUBLIC_READ_PATHS

    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        return False
    if request.method == "OPTIONS":
        wanted = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "").upper()
        if wanted not in {"GET", "HEAD"}:
            return False
    return any(pattern.match(request.path) for pattern in PUBLIC_READ_PATHS)


@receiver(check_request_enabled)
def open_public_reads(sender: Any, request: HttpRequest, **kwargs: Any) -> bool:
    return is_public_read(request)
