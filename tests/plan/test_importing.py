import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.factories import AxisFactory, BudgetLineFactory, FundingFactory, ProjectFactory
from tindus.plan.importing import WorkbookError, export_workbook, import_workbook
from tindus.plan.models import Axis, Indicator, IndicatorValue, Milestone, Project
from tindus.plan.services import change_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(territory, team):
    plan = territory.plan
    lever = AxisFactory(plan=plan, position=1, title="Former et recruter")
    axis = AxisFactory(plan=plan, parent=lever, position=2, title="Recruter")
    project = ProjectFactory(
        territory=territory, reference="AM-02", title="GEIQ industrie", porteur_name="UIMM 21",
        start_date=dt.date(2020, 1, 1), end_date=dt.date(2022, 12, 31), is_public=True, partners="CCI\nMission locale",
        history=dt.date(2019, 12, 19),
    )  # fmt: skip
    project.axes.set([axis])
    project.communes.set(territory.communes.filter(code="21425"))
    change_status(project, "in_progress", dt.date(2020, 2, 1), team)
    BudgetLineFactory(project=project, planned=Decimal("120000.50"), actual=Decimal("80000"), year=2020)
    FundingFactory(
        project=project,
        financeur="state",
        amount=Decimal("40000"),
        year=2020,
        requested_on=dt.date(2020, 1, 6),
        granted_on=dt.date(2020, 3, 1),
    )
    Milestone.objects.create(project=project, title="Première promotion", planned_on=dt.date(2020, 9, 1))
    indicator = Indicator.objects.create(project=project, name="Alternants", unit="personnes", target=Decimal(12))
    IndicatorValue.objects.create(indicator=indicator, measured_on=dt.date(2021, 6, 30), value=Decimal(9))
    return project


def snapshot(territory):
    projects = []
    for p in Project.objects.filter(territory=territory).order_by("reference"):
        projects.append((
            p.reference, p.title, p.porteur_name, p.partners, p.status, p.start_date, p.end_date, p.is_public,
            sorted(a.code for a in p.axes.all()), sorted(c.code for c in p.communes.all()),
            sorted((b.nature, b.year, b.label, b.planned, b.actual) for b in p.budgetlines.all()),
            sorted((f.financeur, f.year, f.amount, f.requested_on, f.granted_on, f.paid_on) for f in p.fundings.all()),
            sorted((m.title, m.planned_on, m.done_on) for m in p.milestones.all()),
            sorted((i.name, i.unit, i.target, tuple((v.measured_on, v.value) for v in i.values.all()))
                   for i in p.indicators.all()),
        ))  # fmt: skip
    axes = sorted((a.code, a.title) for a in Axis.objects.filter(plan__territory=territory))
    return projects, axes


def test_export_then_import_restores_the_plan(territory, filled, team):
    before = snapshot(territory)
    content = export_workbook(territory)
    Project.objects.filter(territory=territory).delete()
    Axis.objects.filter(plan__territory=territory).delete()
    report = import_workbook(territory, content, team)
    assert (report.axes_created, report.projects_created) == (2, 1)
    assert snapshot(territory) == before
    assert Project.objects.get(reference="AM-02").status_changes.count() == 1


def test_importing_the_same_workbook_again_updates_without_duplicating(territory, filled, team):
    content = export_workbook(territory)
    report = import_workbook(territory, content, team)
    assert (report.axes_created, report.axes_updated, report.projects_created, report.projects_updated) == (0, 2, 0, 1)
    assert Project.objects.filter(territory=territory).count() == 1
    assert filled.budgetlines.count() == 1 and filled.fundings.count() == 1


def edited(content, sheet, cell, value):
    book = load_workbook(io.BytesIO(content))
    book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "column", "words"),
    [
        ("Budget", "E2", -5, "prévu (€)", "négatif"),
        ("Financements", "E2", -1000, "montant (€)", "négatif"),
        ("Projets", "N2", "2019-01-01", "fin", "avant le début"),
        ("Projets", "E2", "12345678901234", "SIRET porteur", "Luhn"),
        ("Projets", "I2", "9.9", "axes", "9.9"),
        ("Projets", "O2", "75056", "communes", "75056"),
        ("Projets", "J2", "terminé", "statut", "terminé"),
        ("Financements", "H2", "2019-01-01", "versé le", "date d'accord"),
        ("Budget", "A2", "XX-99", "réf projet", "XX-99"),
    ],
)
def test_one_bad_cell_saves_nothing_and_says_where(territory, filled, team, sheet, cell, value, column, words):
    content = edited(export_workbook(territory), sheet, cell, value)
    content = edited(content, "Projets", "B2", "Titre qui ne doit pas être enregistré")
    before = snapshot(territory)
    with pytest.raises(WorkbookError) as error:
        import_workbook(territory, content, team)
    problems = error.value.problems
    assert any(p.sheet == sheet and p.line == 2 and p.column == column and words in p.reason for p in problems), (
        problems
    )
    assert snapshot(territory) == before


def test_a_changed_status_in_the_workbook_enters_the_history(territory, filled, team):
    content = edited(export_workbook(territory), "Projets", "J2", "réalisé")
    content = edited(content, "Projets", "K2", "2022-12-31")
    import_workbook(territory, content, team)
    filled.refresh_from_db()
    assert filled.status == "done"
    assert filled.status_on(dt.date(2022, 12, 30)) == "in_progress"
    assert filled.status_on(dt.date(2022, 12, 31)) == "done"


def test_an_indicator_counting_cannot_have_a_negative_target_unless_it_is_a_change(territory, filled, team):
    content = edited(export_workbook(territory), "Indicateurs", "D2", -12)
    with pytest.raises(WorkbookError) as error:
        import_workbook(territory, content, team)
    assert [(p.sheet, p.line, p.column) for p in error.value.problems] == [("Indicateurs", 2, "cible")]
    content = edited(content, "Indicateurs", "F2", "variation")
    content = edited(content, "Mesures", "D2", -3)
    import_workbook(territory, content, team)
    indicator = Indicator.objects.get(project__reference="AM-02")
    assert (indicator.kind, indicator.target, indicator.values.get().value) == ("change", -12, -3)
    again = load_workbook(io.BytesIO(export_workbook(territory)))
    assert again["Indicateurs"]["F2"].value == "variation"


def test_a_workbook_written_before_the_kind_of_indicator_still_imports(territory, filled, team):
    book = load_workbook(io.BytesIO(export_workbook(territory)))
    book["Indicateurs"].delete_cols(6)  # no « nature » column, as Tindus wrote them before
    out = io.BytesIO()
    book.save(out)
    before = snapshot(territory)
    import_workbook(territory, out.getvalue(), team)
    assert snapshot(territory) == before
    assert Indicator.objects.get(project__reference="AM-02").kind == "count"


@pytest.mark.parametrize(
    ("sheet", "cell", "column", "length"),
    [("Projets", "C2", "description", 10_001), ("Axes", "B2", "intitulé", 301), ("Jalons", "B2", "jalon", 301)],
)
def test_too_long_texts_are_refused_before_the_database_sees_them(territory, filled, team, sheet, cell, column, length):
    content = edited(export_workbook(territory), sheet, cell, "x" * length)
    with pytest.raises(WorkbookError) as error:
        import_workbook(territory, content, team)
    assert [(p.sheet, p.line, p.column) for p in error.value.problems] == [(sheet, 2, column)]
