"""Property-based tests of the API against its own OpenAPI description (Schemathesis, in-process via WSGI).

Every operation, anonymous and with a token of each role: no server error, and every answer conforms to the
description (status code, content type, body schema, headers). The number of examples is bounded so the
suite stays short; set TINDUS_SCHEMATHESIS_EXAMPLES to explore more.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_clients import bearer
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("TINDUS_SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def unlimited(settings, diagnostic_warehouse):
    settings.TINDUS_API_RATE_ADDRESS = settings.TINDUS_API_RATE_TOKEN = 10**9
    # Calls go through the WSGI handler, which closes the database connection around each request: that would
    # end the test's transaction on PostgreSQL. Django's test client keeps it open the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("role", [None, "team", "committee", "partner", "company"])
def test_every_operation_keeps_its_description(territory, role, unlimited):
    headers = {}
    if role:
        siret = "90000000100009" if role == "company" else ""
        member = MembershipFactory(territory=territory, role=role, company_siret=siret)
        headers["Authorization"] = f"Bearer {bearer(member.user, territory, role)}"
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case) -> None:
            slug = (case.path_parameters or {}).get("slug")
            # About half the cases aim at the territory that holds data; the others explore any slug.
            if slug is not None and len(slug) % 2 == 0:
                case.path_parameters["slug"] = territory.slug
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            check()
        except Exception as error:  # noqa: BLE001 - every failing operation is listed, not just the first
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert failures == []
