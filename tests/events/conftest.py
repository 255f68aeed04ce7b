"""What the events tests share: Haut-Doubs Horloger as the territory, an event there, and a small industrial
fabric in the warehouse where the company representative speaks for the sawmill."""

import pytest

from tests.factories import EventFactory

from .views.participants_helpers import SCIERIE, fill_warehouse


@pytest.fixture
def territory(haut_doubs):
    return haut_doubs


@pytest.fixture
def company_siret():
    """The company representative of these tests speaks for the sawmill."""
    return SCIERIE


@pytest.fixture
def event(haut_doubs):
    return EventFactory(territory=haut_doubs)


@pytest.fixture
def sirene(db):
    return fill_warehouse()


@pytest.fixture
def saved(monkeypatch):
    """Every (instance, schedule) the scheduling job writes to the rows."""
    from tindus.events import tasks_schedule

    found = []
    real = tasks_schedule.apply_schedule

    def spy(built, schedule, **kwargs):
        found.append((built.instance, schedule))
        return real(built, schedule, **kwargs)

    monkeypatch.setattr(tasks_schedule, "apply_schedule", spy)
    return found
