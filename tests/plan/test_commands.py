"""`tindus plan export|import|state`: the workbook round trip and the failures a user meets."""

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.factories import AxisFactory, BudgetLineFactory, ProjectFactory
from tindus.plan.models import Project

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_into_another_territory(territory, haut_doubs, tmp_path):
    AxisFactory(plan=territory.plan, position=1, title="Former")
    project = ProjectFactory(territory=territory, reference="A-1", title="Pôle d'excellence CND")
    project.axes.set(territory.plan.axes.all())
    BudgetLineFactory(project=project)
    path = tmp_path / "plan.xlsx"
    run("plan", "export", "--wave", "1", "ti-2701", "--out", str(path))
    out, _err = run("plan", "import", "--wave", "1", "ti-2704", str(path), "--json")
    assert json.loads(out) == {"axes_created": 1, "axes_updated": 0, "projects_created": 1, "projects_updated": 0}
    copy = Project.objects.get(territory=haut_doubs)
    assert copy.title == "Pôle d'excellence CND" and copy.budgetlines.count() == 1
    assert [a.title for a in copy.axes.all()] == ["Former"]


def test_a_bad_workbook_exits_with_file_line_and_reason(territory, tmp_path):
    ProjectFactory(territory=territory, reference="A-1")
    path = tmp_path / "plan.xlsx"
    run("plan", "export", "--wave", "1", "ti-2701", "--out", str(path))
    book = load_workbook(path)
    book["Budget"].append(["A-1", "investissement", 2024, "Machine", -300, None])
    book.save(path)
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("plan", "import", "--wave", "1", "ti-2701", str(path), stderr=err)
    assert str(path) in str(error.value)
    assert f"{path}: Budget, ligne 2, colonne « prévu (€) »" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("plan", "import", "--wave", "1", "ti-2701", str(tmp_path / "absent.xlsx"))
    with pytest.raises(CommandError):
        call_command("plan", "export", "--wave", "1", "ti-9999", "--out", str(path))


def test_template_and_state_pdf(territory, tmp_path):
    template = tmp_path / "modele.xlsx"
    run("plan", "export", "--wave", "1", "ti-2701", "--template", "--out", str(template))
    assert load_workbook(io.BytesIO(template.read_bytes())).sheetnames[:3] == ["Lisez-moi", "Axes", "Projets"]
    pdf = tmp_path / "etat.pdf"
    run("plan", "state", "--wave", "1", "ti-2701", "--date", "2024-06-30", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
