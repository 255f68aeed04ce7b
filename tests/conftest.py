"""Fixtures every test folder shares: reference data, isolation, the demo territories, one client per role."""

import sys

import pytest
from django.test import Client

from tests.api_clients import ApiClient, bearer
from tests.factories import MembershipFactory, PlanFactory
from tests.nodb import mark_tests_without_database
from tindus.accounts.models import Role
from tindus.referentials.loading import load_all


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by mark
def pytest_collection_modifyitems(items):
    """Mark `nodb` the tests that cannot reach a database (tests/nodb.py): the PostgreSQL pass skips them."""
    mark_tests_without_database(items)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real shipped reference data once for the whole session."""
    with django_db_blocker.unblock():
        load_all()


@pytest.fixture(autouse=True)
def _cache_lives_with_the_rows():
    """Each test's rows are rolled back and their ids used again by the next test: what a page cached about
    them (a questionnaire version's rendered questions) must go with them."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _language_of_the_site_after_each_test():
    """A request in another language (a test sets the language cookie) leaves that language active in the
    thread: the next test starts in the site's own again."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


class InvalidTemplateVariable(str):
    """``string_if_invalid`` that fails the test: Django formats it with the missing variable's name.

    Django first asks ``if string_if_invalid:`` (in ``FilterExpression.resolve``): true there, so that it
    formats it and the test fails. Django also hands it, unformatted, to a condition whose lookup failed
    silently (a missing one-to-one relation in ``{% if invitation.response %}``): false there, like the
    empty string it replaces outside tests.
    """

    def __mod__(self, name):
        raise AssertionError(f"invalid template variable: {name}")

    def __bool__(self) -> bool:
        return sys._getframe(1).f_code.co_name == "resolve"


@pytest.fixture(scope="session", autouse=True)
def strict_templates():
    """A template that reads a variable its context lacks fails the test instead of printing nothing.

    Conditions (``{% if missing %}``) stay allowed: Django evaluates them without ``string_if_invalid``.
    """
    from django.conf import settings
    from django.test.signals import reset_template_engines

    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
    reset_template_engines(setting="TEMPLATES")


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_warehouse(settings, tmp_path):
    """Never read the developer's warehouse: each test starts with an empty one of its own."""
    settings.WAREHOUSE_PATH = tmp_path / "warehouse.duckdb"
    settings.WAREHOUSE_MEMORY_LIMIT = "1GB"


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Uploaded files go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def haut_doubs(db):
    from tindus.territories.models import Territory

    return Territory.objects.get(kind="official", wave=1, official_id="ti-2704")


@pytest.fixture
def auxois(db):
    from tindus.territories.models import Territory

    return Territory.objects.get(kind="official", wave=1, official_id="ti-2701")


@pytest.fixture
def territory(auxois):
    """The territory a test works in, unless its module overrides this fixture: Auxois Morvan with its plan."""
    PlanFactory(territory=auxois)
    return auxois


@pytest.fixture
def company_siret():
    """The SIRET the company representative speaks for; a folder overrides it with one of its companies."""
    return "90000000100009"


@pytest.fixture
def team(territory):
    return MembershipFactory(territory=territory, role=Role.TEAM).user


@pytest.fixture
def committee(territory):
    return MembershipFactory(territory=territory, role=Role.COMMITTEE).user


@pytest.fixture
def partner(territory):
    return MembershipFactory(territory=territory, role=Role.PARTNER).user


@pytest.fixture
def company(territory, company_siret):
    return MembershipFactory(territory=territory, role=Role.COMPANY, company_siret=company_siret).user


def signed_in(user) -> Client:
    """A browser of its own, signed in as this user (role clients never share the ``client`` fixture)."""
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def team_client(team):
    return signed_in(team)


@pytest.fixture
def committee_client(committee):
    return signed_in(committee)


@pytest.fixture
def partner_client(partner):
    return signed_in(partner)


@pytest.fixture
def company_client(company):
    return signed_in(company)


# API clients holding a token of each role on the test's territory (tests/api_clients.py).
@pytest.fixture
def anonymous_api():
    return ApiClient()


@pytest.fixture
def team_api(team, territory):
    return ApiClient(bearer(team, territory, "team"))


@pytest.fixture
def committee_api(committee, territory):
    return ApiClient(bearer(committee, territory, "committee"))


@pytest.fixture
def partner_api(partner, territory):
    return ApiClient(bearer(partner, territory, "partner"))


@pytest.fixture
def company_api(company, territory):
    return ApiClient(bearer(company, territory, "company"))
