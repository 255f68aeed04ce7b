import pytest

from tests.factories import MembershipFactory, PlanFactory
from tindus.accounts.models import Role


@pytest.fixture
def territory(auxois):
    PlanFactory(territory=auxois)
    return auxois


@pytest.fixture
def team(territory):
    return MembershipFactory(territory=territory, role=Role.TEAM).user


@pytest.fixture
def committee(territory):
    return MembershipFactory(territory=territory, role=Role.COMMITTEE).user


@pytest.fixture
def team_client(client, team):
    client.force_login(team)
    return client
