"""Issuing, finding and revoking personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tindus.accounts.models import Role
from tindus.accounts.permissions import ROLE_ACTIONS, roles_of
from tindus.territories.models import Territory

from .models import ApiToken

TOKEN_PREFIX = "tdu_"
MAX_LIFETIME = timedelta(days=366)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def grantable_roles(user: Any, territory: Territory) -> list[str]:
    """The roles a token of ``user`` on ``territory`` may carry: those whose every action the user's own
    roles already allow there (a team member may issue a committee token; a partner only a partner one)."""
    if user.is_superuser:
        return [role for role, _label in Role.choices]
    held = frozenset().union(*(ROLE_ACTIONS[role] for role in roles_of(user, territory)))
    return [role for role, _label in Role.choices if held and ROLE_ACTIONS[role] <= held]


def issue(user: Any, territory: Territory, role: str, name: str, expires_at: Any) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is not kept and cannot be shown again."""
    if role not in grantable_roles(user, territory):
        raise ValueError(role)
    if not timezone.now() < expires_at <= timezone.now() + MAX_LIFETIME:
        raise ValueError(expires_at)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, territory=territory, role=role, name=name, prefix=secret[:10],
        digest=digest_of(secret), expires_at=expires_at,
    )  # fmt: skip
    return token, secret


def find(secret: str) -> ApiToken | None:
    """The token with this secret, whatever its state (expired and revoked ones are reported as such)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    return ApiToken.objects.select_related("user", "territory").filter(digest=digest_of(secret)).first()


def revoke(token: ApiToken, by: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
