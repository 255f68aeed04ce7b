"""The six-year refresh: the notice on the land pages and the daily reminder, with explicit dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tests.factories import MembershipFactory, UserFactory
from tests.land.procedure_builders import adoption, consultation, inventory
from tindus.accounts.models import Role
from tindus.jobs.periodic import registered
from tindus.land.letters import long_date
from tindus.land.periodic_procedure import months_before, refresh_notice, remind_refreshes

pytestmark = pytest.mark.django_db
ADOPTED = dt.date(2024, 3, 1)  # refresh due 1 March 2030, reminder from 1 September 2029


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2030, 3, 1), 6) == dt.date(2029, 9, 1)
    assert months_before(dt.date(2030, 8, 31), 6) == dt.date(2030, 2, 28)
    assert months_before(dt.date(2030, 1, 15), 1) == dt.date(2029, 12, 15)


@pytest.fixture
def adopted(territory):
    inventory(territory)
    return adoption(territory, consultation(territory, dt.date(2024, 1, 8)), ADOPTED)


def test_notice_six_months_before_the_refresh_and_once_overdue(territory, adopted):
    assert refresh_notice(territory, dt.date(2029, 8, 31)) is None
    soon = refresh_notice(territory, dt.date(2029, 9, 1))
    assert (
        soon.kind == "refresh soon" and soon.due == dt.date(2030, 3, 1) and long_date(dt.date(2030, 3, 1)) in soon.text
    )
    assert refresh_notice(territory, dt.date(2030, 3, 1)).kind == "refresh overdue"


def test_notice_when_nothing_is_adopted_after_the_first_deadline(territory):
    assert refresh_notice(territory, dt.date(2024, 1, 1)) is None  # no zone: nothing to inventory
    inventory(territory)
    assert refresh_notice(territory, dt.date(2023, 8, 24)) is None
    assert refresh_notice(territory, dt.date(2023, 8, 25)).kind == "not adopted"


def test_reminder_emails_the_team_once_and_records_it(territory, adopted, team):
    MembershipFactory(territory=territory, role=Role.COMMITTEE)  # not reminded
    MembershipFactory(territory=territory, role=Role.TEAM, user=UserFactory(email=""))  # no address
    assert remind_refreshes(dt.date(2029, 8, 31)) == {}
    assert remind_refreshes(dt.date(2029, 9, 2)) == {territory.pk: 1}
    assert [message.to for message in mail.outbox] == [[team.email]]
    assert long_date(dt.date(2030, 3, 1)) in mail.outbox[0].body and territory.name in mail.outbox[0].subject
    adopted.refresh_from_db()
    assert adopted.reminded_on == dt.date(2029, 9, 2)
    assert remind_refreshes(dt.date(2029, 9, 3)) == {}  # once
    assert len(mail.outbox) == 1


def test_only_the_latest_adoption_is_reminded(territory, adopted, team):
    newer = adoption(territory, consultation(territory, dt.date(2029, 6, 1)), dt.date(2029, 8, 1))
    assert remind_refreshes(dt.date(2029, 9, 2)) == {}
    assert remind_refreshes(dt.date(2035, 2, 1)) == {territory.pk: 1}
    newer.refresh_from_db()
    adopted.refresh_from_db()
    assert newer.reminded_on == dt.date(2035, 2, 1) and adopted.reminded_on is None


def test_the_reminder_is_recorded_even_without_anyone_to_email(territory, adopted):
    assert remind_refreshes(dt.date(2031, 1, 1)) == {territory.pk: 0}
    adopted.refresh_from_db()
    assert adopted.reminded_on == dt.date(2031, 1, 1) and not mail.outbox


def test_the_daily_task_is_registered():
    found = {entry.name: entry for entry in registered()}
    entry = found["tindus.land.periodic_procedure.remind_inventory_refresh"]
    assert entry.every == dt.timedelta(days=1)
