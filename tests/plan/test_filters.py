"""The filters of the project table, timeline and funding summary, and the table totals, without a page."""

import datetime as dt
import decimal

import pytest

from tests.factories import AxisFactory, BudgetLineFactory, FundingFactory, ProjectFactory
from tindus.plan.compute.funding import summarise
from tindus.plan.filters import FILTERS, filtered_projects, read_filters
from tindus.plan.services import funding_rows, plan_of
from tindus.plan.tables import funder_rows, project_rows, year_rows

pytestmark = pytest.mark.django_db


def titles(territory, **filters):
    return [p.title for p in filtered_projects(territory, {**dict.fromkeys(FILTERS, ""), **filters})]


def test_filters_are_read_trimmed_and_default_to_nothing():
    assert read_filters({"porteur": "  Forges ", "annee": "2024"}) == {
        "levier": "", "statut": "", "porteur": "Forges", "financeur": "", "annee": "2024",
    }  # fmt: skip


def test_a_project_counts_for_a_year_when_it_runs_then_or_has_money_that_year(territory):
    ProjectFactory(territory=territory, title="A running", start_date=dt.date(2023, 5, 1), end_date=dt.date(2025, 1, 1))
    ProjectFactory(territory=territory, title="B open end", start_date=dt.date(2024, 12, 31))
    ProjectFactory(territory=territory, title="C ended", start_date=dt.date(2020, 1, 1), end_date=dt.date(2023, 12, 31))
    BudgetLineFactory(project=ProjectFactory(territory=territory, title="D undated, budget"), year=2024)
    FundingFactory(project=ProjectFactory(territory=territory, title="E undated, funding"), year=2024)
    ProjectFactory(territory=territory, title="F undated, nothing")
    FundingFactory(project=ProjectFactory(territory=territory, title="G funded later"), year=2025)
    assert titles(territory, annee="2024") == ["A running", "B open end", "D undated, budget", "E undated, funding"]
    assert len(titles(territory)) == 7


def test_a_lever_keeps_the_projects_of_its_axes_at_any_depth(territory):
    lever = AxisFactory(plan=plan_of(territory))
    axis = AxisFactory(plan=lever.plan, parent=lever)
    sub_axis = AxisFactory(plan=lever.plan, parent=axis)
    other = AxisFactory(plan=lever.plan)
    ProjectFactory(territory=territory, title="deep").axes.add(sub_axis)
    ProjectFactory(territory=territory, title="direct").axes.add(lever)
    ProjectFactory(territory=territory, title="elsewhere").axes.add(other)
    assert titles(territory, levier=str(lever.pk)) == ["deep", "direct"]
    assert len(titles(territory, levier="not-a-number")) == 3  # an unusable value filters nothing


def test_status_porteur_and_funder(territory):
    ProjectFactory(territory=territory, title="idée", porteur_name="Forges de Montbard")
    FundingFactory(project=ProjectFactory(territory=territory, title="aidé", status="in_progress"), financeur="state")
    assert titles(territory, statut="in_progress") == ["aidé"]
    assert titles(territory, porteur="forges") == ["idée"]
    assert titles(territory, financeur="state") == ["aidé"]
    assert len(titles(territory, financeur="nobody")) == 2


def test_table_rows_total_each_project(territory):
    project = ProjectFactory(territory=territory)
    BudgetLineFactory(project=project, planned=decimal.Decimal("20000"))
    BudgetLineFactory(project=project, planned=decimal.Decimal("5000"))
    FundingFactory(project=project, financeur="region", amount=decimal.Decimal("8000"))
    FundingFactory(project=project, financeur="state", amount=decimal.Decimal("2000"))
    (row,) = project_rows([project])
    assert (row["planned"], row["funded"]) == (25000, 10000)
    assert row["financeurs"] == sorted(row["financeurs"]) and len(row["financeurs"]) == 2


def test_funding_summary_rows_by_funder_and_year(territory):
    project = ProjectFactory(territory=territory)
    FundingFactory(project=project, financeur="region", year=2024, amount=decimal.Decimal("3000"))
    FundingFactory(project=project, financeur="region", year=2025, amount=decimal.Decimal("1000"))
    summary = summarise(funding_rows(list(project.fundings.all())))
    (region,) = funder_rows(summary)
    assert region["code"] == "region" and region["total"] == 4000 and region["years"] == [3000, 1000]
    assert [(y["year"], y["total"]) for y in year_rows(summary)] == [(2024, 3000), (2025, 1000)]
