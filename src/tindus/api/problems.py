"""Errors as ``application/problem+json`` (RFC 9457), with French messages."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema

PROBLEM_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """The error body every failed API call returns."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class ApiError(Exception):
    """Raised by an endpoint to answer with a problem; nothing it started is kept (requests are atomic)."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


def title(status: int) -> str:
    return {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Request body too large"),
        422: _("Invalid data"),
        429: _("Too many requests"),
        500: _("Server error"),
        503: _("Service unavailable"),
    }.get(status, str(status))


def problem_response(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="tindus"'
    return response


ERROR_STATUSES = (400, 401, 403, 404, 413, 422, 429)
READ_ERRORS: dict[int, type[Problem]] = {status: Problem for status in (400, 401, 403, 404, 429)}
WRITE_ERRORS: dict[int, type[Problem]] = {status: Problem for status in ERROR_STATUSES}
