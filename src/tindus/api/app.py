"""The versioned API: one Django Ninja instance, the domain routers it mounts, and its error answers."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from tindus.accounts.permissions import Action
from tindus.territories.models import Territory

from .caller import caller_of, require
from .errors import field_errors
from .problems import PROBLEM_TYPE, ApiError, problem_response

log = logging.getLogger(__name__)

DESCRIPTION = """API ouverte de Tindus, l'atelier des Territoires d'industrie.

Les contenus publics se lisent sans jeton ; les contenus privés demandent un jeton personnel
(`Authorization: Bearer <jeton>`), créé depuis la page « Mon compte », limité à un territoire et à un rôle.
Chaque chiffre porte sa source et son millésime ; le secret statistique est appliqué comme sur les pages :
une case masquée vaut `null` avec `secret: true`.

Limites : en-têtes `RateLimit-*`, réponse 429 au-delà. Erreurs : `application/problem+json`.
"""


class TokenAuth(HttpBearer):
    """The token is read by :class:`tindus.api.middleware.ApiMiddleware` (it also counts the rate limit);
    here every caller passes, anonymous or not, and each endpoint asks the permission layer."""

    def __call__(self, request: HttpRequest) -> Any:
        return caller_of(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover - see __call__
        return caller_of(request)


class TindusAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = super().get_openapi_schema(*args, **kwargs)
        # Errors are problem+json (RFC 9457); the generator only knows application/json.
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                # A status given both by the code (int) and by ``openapi_extra`` (str) would be written twice.
                merged: dict[str, Any] = {}
                for status, response in operation.get("responses", {}).items():
                    merged.setdefault(str(status), {}).update(response)
                operation["responses"] = merged
                for status, response in operation["responses"].items():
                    content = response.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
                operation.setdefault("security", [{"TokenAuth": []}, {}])
                if {} not in operation["security"]:
                    operation["security"].append({})
        return schema


api = TindusAPI(
    title="API Tindus",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)


@api.exception_handler(ApiError)
def on_problem(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return problem_response(exc.status, exc.detail, exc.errors)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = field_errors(exc.errors)
    from_query = all(str(error.get("loc", ("",))[0]) in {"query", "path"} for error in exc.errors)
    if from_query:
        return problem_response(400, _("A parameter of the request is not valid."), errors)
    return problem_response(422, _("The data sent are not valid; nothing was saved."), errors)


@api.exception_handler(AuthenticationError)
def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(401, _("This content needs an API token."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(exc.status_code, str(exc))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, _("Nothing here."))


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(403, _("The role of this token does not allow this action."))


@api.exception_handler(Exception)
def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s", request.path)
    return problem_response(500, _("An error occurred on the server; nothing was saved."))


def allowed_query(operation: Any) -> set[str]:
    names: set[str] = set()
    for model in operation.models:
        if model.__ninja_param_source__ != "query":
            continue
        flatten = getattr(model, "__ninja_flatten_map__", None)
        names |= set(flatten) if flatten else {field.alias or name for name, field in model.model_fields.items()}
    return names


def declared_action(operation: Any) -> Action | None:
    declared = (operation.openapi_extra or {}).get("x-tindus-action")
    return Action(declared) if declared else None


def refuse_early(request: HttpRequest, operation: Any, kwargs: dict[str, Any]) -> HttpResponse | None:
    """A write is refused for who may not make it before its body is read: a caller without the right
    learns nothing from validation messages."""
    action = declared_action(operation)
    if action is None or "slug" not in kwargs:
        return None
    territory = Territory.objects.filter(slug=kwargs["slug"]).first()
    if territory is None:
        return problem_response(404, _("No territory « %(slug)s ».") % {"slug": kwargs["slug"]})
    try:
        require(request, action, territory)
    except ApiError as refusal:
        return problem_response(refusal.status, refusal.detail)
    return None


def harden(operation: Any) -> None:
    """Refuse unknown query parameters, check a write's right before its body, and keep nothing of a write
    that fails."""
    run, allowed = operation.run, allowed_query(operation)

    def checked_run(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            return problem_response(
                400,
                _("Unknown parameter: %(names)s.") % {"names": ", ".join(unknown)},
                [{"field": name, "message": _("Unknown parameter.")} for name in unknown],
            )
        if request.method in {"GET", "HEAD"}:
            return run(request, **kwargs)
        refusal = refuse_early(request, operation, kwargs)
        if refusal is not None:
            return refusal
        with transaction.atomic():
            response = run(request, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response

    operation.run = checked_run


def public_read(view: Any) -> Any:
    """Mark a read endpoint that answers anonymous callers (public content): CORS is open on it."""
    view.public_read = True
    return view


PUBLIC_READ_PATHS: list[re.Pattern[str]] = []


def mount(prefix: str, router: Router) -> None:
    api.add_router(prefix, router)


def finish() -> None:
    """Once every router is mounted: harden each bound operation and note the public reads (for CORS)."""
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                harden(operation)
                if "GET" in operation.methods and getattr(operation.view_func, "public_read", False):
                    pattern = re.sub(r"\{[^}]+\}", "[^/]+", f"/api/v1/{bound.prefix.strip('/')}/{path.lstrip('/')}")
                    PUBLIC_READ_PATHS.append(re.compile("^" + pattern.replace("//", "/") + "$"))
