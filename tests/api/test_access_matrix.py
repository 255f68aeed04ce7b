"""The access matrix of the API: every operation × anonymous and a token of each role × own and another
territory, against the action each operation declares (``x-tindus-action``) and the one rule set
(``ROLE_ACTIONS``). Object ids of another territory are checked in each domain's own API tests."""

from __future__ import annotations

import re

import pytest

from tests.api_clients import ApiClient, bearer
from tests.factories import MembershipFactory
from tindus.accounts.permissions import ROLE_ACTIONS, Action
from tindus.api.app import PUBLIC_READ_PATHS

pytestmark = pytest.mark.django_db
ROLES = ["team", "committee", "partner", "company"]


def operations(client: ApiClient):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def only_slug(path: str) -> bool:
    return re.findall(r"\{(\w+)\}", path) in (["slug"], [])


def is_public_read(path: str) -> bool:
    concrete = path.replace("{slug}", "x")
    return any(pattern.match(concrete) for pattern in PUBLIC_READ_PATHS)


def expected(method: str, path: str, action: Action, role: str | None, own: bool) -> str:
    if method == "GET" and (is_public_read(path) or action is Action.VIEW_PUBLIC):
        return "allowed"
    if role is None:
        return "401"
    if "{slug}" in path and not own:
        return "403"
    return "allowed" if action in ROLE_ACTIONS[role] else "403"


@pytest.fixture
def callers(territory, haut_doubs, settings, diagnostic_warehouse):
    settings.TINDUS_API_RATE_ADDRESS = settings.TINDUS_API_RATE_TOKEN = 10**9
    found = {None: ApiClient()}
    for role in ROLES:
        siret = "90000000100009" if role == "company" else ""
        member = MembershipFactory(territory=territory, role=role, company_siret=siret).user
        found[role] = ApiClient(bearer(member, territory, role))
    return found


def test_every_operation_declares_its_action(callers):
    undeclared = [f"{m} {p}" for p, m, op in operations(callers[None]) if "x-tindus-action" not in op]
    assert undeclared == []


def test_every_operation_answers_each_role_on_own_and_other_territory(callers, territory, haut_doubs):
    wrong = []
    checked = 0
    for path, method, operation in operations(callers[None]):
        if not only_slug(path) or path.endswith(("/openapi.json", "/docs")):
            continue
        action = Action(operation["x-tindus-action"])
        for own, slug in ((True, territory.slug), (False, haut_doubs.slug)):
            url = path.replace("{slug}", slug)
            for role, client in callers.items():
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.generic(method, url, "{}", content_type="application/json")
                want = expected(method, path, action, role, own)
                status = response.status_code
                ok = status in (200, 201, 202, 422, 404) if want == "allowed" else str(status) == want
                if want == "allowed" and method == "GET" and status == 404:
                    ok = False
                if status >= 400:
                    ok = ok and response["Content-Type"] == "application/problem+json"
                checked += 1
                if not ok:
                    wrong.append(f"{method} {url} as {role or 'anonymous'}: {status}, expected {want}")
    assert wrong == []
    assert checked >= 40
