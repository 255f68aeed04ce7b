"""API: who the token belongs to and what it allows."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from tindus.accounts.permissions import ROLE_ACTIONS, Action

from .caller import caller_of, require
from .problems import READ_ERRORS

router = Router(tags=["Jeton"])


class TokenOut(Schema):
    name: str
    territory: str
    role: str
    actions: list[str]
    expires_at: datetime


@router.get(
    "/me",
    response={200: TokenOut, **READ_ERRORS},
    summary="Le jeton utilisé",
    openapi_extra={"x-tindus-action": "view_workspace"},
)
def me(request: HttpRequest) -> dict:
    caller = caller_of(request)
    if caller.anonymous:
        require(request, Action.VIEW_WORKSPACE, None)
    token = caller.token
    return {
        "name": token.name, "territory": token.territory.slug, "role": token.role,
        "actions": sorted(action.value for action in ROLE_ACTIONS[token.role]), "expires_at": token.expires_at,
    }  # fmt: skip
