"""The `nodb` mark (tests/nodb.py) goes on a test that cannot open the test database, and on no other.

Each test here reads its own marks. This module must name no way to a database other than the fixtures and
the mark under test (tests/test_nodb_rules.py covers those), or none of its tests would be marked.
"""

import pytest


def marked(request) -> bool:
    return request.node.get_closest_marker("nodb") is not None


@pytest.fixture
def plain_value():
    return 3


@pytest.fixture
def territory_name(auxois):
    return auxois.name


@pytest.fixture
def territory_name_again(territory_name):
    return territory_name


def test_a_plain_test_is_marked(request, tmp_path, settings, plain_value):
    assert marked(request)


@pytest.mark.parametrize("value", [1, 2])
def test_each_case_of_a_plain_test_is_marked(request, value):
    assert marked(request)


def test_a_test_asking_for_the_database_is_not_marked(request, db):
    assert not marked(request)


def test_a_test_asking_for_a_fixture_that_needs_the_database_is_not_marked(request, auxois):
    assert not marked(request)


def test_a_test_asking_for_it_through_two_fixtures_is_not_marked(request, territory_name_again):
    assert territory_name_again
    assert not marked(request)


@pytest.mark.django_db
def test_a_test_marked_for_the_database_is_not_marked(request):
    assert not marked(request)


@pytest.mark.django_db
class TestAClassMarkedForTheDatabase:
    def test_its_tests_are_not_marked(self, request):
        assert not marked(request)


class TestAPlainClass:
    def test_its_tests_are_marked(self, request):
        assert marked(request)
