"""API clients for tests: a client sending a token, a token for a role, and the check of a problem answer."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tindus.api import tokens


def bearer(user, territory, role: str, days: int = 30) -> str:
    _token, secret = tokens.issue(user, territory, role, f"test {role}", timezone.now() + timedelta(days=days))
    return secret


class ApiClient(Client):
    """A client that sends its token on every request and speaks JSON."""

    def __init__(self, secret: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if secret:
            self.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def post_json(self, path: str, data: object, **extra):
        return self.post(path, data, content_type="application/json", **extra)

    def patch_json(self, path: str, data: object, **extra):
        return self.patch(path, data, content_type="application/json", **extra)


def problem(response) -> dict:
    """The problem+json body of a refused call (and a check that it is one)."""
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    body = response.json()
    assert body["status"] == response.status_code
    assert body["detail"]
    return body
