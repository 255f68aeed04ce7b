import datetime as dt

import pytest

from tests.factories import AxisFactory, FundingFactory, ProjectFactory
from tindus.plan.services import axes_in_order, change_status, plan_tree

pytestmark = pytest.mark.django_db


def test_status_history_is_dated_and_the_latest_date_wins(territory, team):
    project = ProjectFactory(territory=territory, history=dt.date(2023, 1, 10))
    change_status(project, "in_progress", dt.date(2023, 6, 1), team)
    change_status(project, "preparing", dt.date(2023, 3, 1), team, "back-dated entry")
    project.refresh_from_db()
    assert project.status == "in_progress"  # a back-dated change does not override a later one
    assert project.status_on(dt.date(2023, 2, 1)) == "idea"
    assert project.status_on(dt.date(2023, 4, 1)) == "preparing"
    assert project.status_on(dt.date(2024, 1, 1)) == "in_progress"
    assert project.status_on(dt.date(2022, 12, 31)) is None


def test_funding_state_follows_its_dates(territory):
    funding = FundingFactory(
        project=ProjectFactory(territory=territory), requested_on=dt.date(2024, 1, 1),
        granted_on=dt.date(2024, 3, 1), paid_on=dt.date(2024, 9, 1),
    )  # fmt: skip
    assert funding.state_on(dt.date(2023, 12, 31)) is None
    assert funding.state_on(dt.date(2024, 2, 1)) == "requested"
    assert funding.state_on(dt.date(2024, 3, 1)) == "granted"
    assert funding.state_on(dt.date(2025, 1, 1)) == "paid"


def test_tree_codes_to_any_depth(territory):
    plan = territory.plan
    lever2 = AxisFactory(plan=plan, position=2, title="Second")
    lever1 = AxisFactory(plan=plan, position=1, title="First")
    axis = AxisFactory(plan=plan, parent=lever1, position=1)
    sub = AxisFactory(plan=plan, parent=axis, position=3)
    project = ProjectFactory(territory=territory)
    project.axes.set([sub])
    loose = ProjectFactory(territory=territory)
    roots, orphans = plan_tree(plan)
    assert [r.axis for r in roots] == [lever1, lever2]
    assert roots[0].children[0].children[0].projects == [project]
    assert roots[0].project_count() == 1 and roots[1].project_count() == 0
    assert orphans == [loose]
    assert sub.code == "1.1.3"
    assert [a.code for a in axes_in_order(plan)] == ["1", "1.1", "1.1.3", "2"]
