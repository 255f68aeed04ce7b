"""Bad input on the plan's forms is refused at its field with a clear message; nothing is saved."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ProjectFactory
from tests.jobs.inprocess import run_job
from tindus.jobs.api import job_url
from tindus.plan.models import DESCRIPTION_MAX, Axis, Indicator, IndicatorValue, Project, ProjectDocument

pytestmark = pytest.mark.django_db


def url(name, territory, **kwargs):
    return reverse(f"plan:{name}", kwargs={"slug": territory.slug, **kwargs})


def png():
    out = io.BytesIO()
    Image.new("RGB", (12, 8), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


def field_errors(response, form, field):
    forms = response.context["forms"]
    return " ".join(str(e) for e in forms[form].errors.get(field, []))


# Documents


def test_a_text_file_named_png_is_refused_and_a_real_png_accepted(team_client, territory):
    project = ProjectFactory(territory=territory)
    add = url("part_add", territory, pk=project.pk, kind="document")
    fake = SimpleUploadedFile("x.png", b"Compte rendu du comite de pilotage", "image/png")
    response = team_client.post(add, {"title": "Plan du site", "file": fake})
    assert response.status_code == 400
    message = field_errors(response, "document", "file")
    assert "x.png" in message and "PNG" in message
    assert 'id="id_document_file_errors"' in response.content.decode()
    assert not ProjectDocument.objects.exists()
    real = SimpleUploadedFile("x.png", png(), "image/png")
    assert team_client.post(add, {"title": "Plan du site", "file": real}).status_code == 302
    assert ProjectDocument.objects.get().file.read() == png()


# Workbook import


def test_a_file_that_is_not_a_workbook_is_named_in_a_french_message(team_client, territory):
    not_a_workbook = SimpleUploadedFile("budget 2026.xlsx", b"ref;titre\nA1;Halle\n")
    response = team_client.post(url("import", territory), {"file": not_a_workbook})
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["file"])
    assert "budget 2026.xlsx" in message and "XLSX" in message
    page = response.content.decode()
    assert "zip" not in page.lower() and "File is not" not in page


def test_a_broken_workbook_is_reported_without_the_library_words(team_client, territory):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<<not xml")
    # It looks like a workbook (a zip archive) at upload: the background job finds it broken.
    job = run_job(team_client.post(url("import", territory), {"file": SimpleUploadedFile("plan.xlsx", out.getvalue())}))
    assert job.status == "failed" and "plan.xlsx" in job.error
    (problem,) = job.error_details
    assert "XLSX" in problem and "(" not in problem.split(":", 1)[1]
    page = team_client.get(job_url(job)).content.decode()
    assert "not well-formed" not in page and "ParseError" not in page and "zip" not in page.lower()
    assert not Project.objects.filter(territory=territory).exists()


# Indicators


def test_a_count_cannot_have_a_negative_target_but_a_change_can(team_client, territory):
    project = ProjectFactory(territory=territory)
    add = url("part_add", territory, pk=project.pk, kind="indicateur")
    data = {"name": "Emplois créés", "kind": "count", "unit": "emplois", "target": "-50"}
    response = team_client.post(add, data)
    assert response.status_code == 400
    assert "Emplois créés" in field_errors(response, "indicateur", "target")
    assert 'id="id_indicateur_target_errors"' in response.content.decode()
    response = team_client.post(add, {**data, "kind": "quantity", "name": "Surface de friche"})
    assert response.status_code == 400 and field_errors(response, "indicateur", "target")
    assert not Indicator.objects.exists()
    assert team_client.post(add, {**data, "kind": "change", "name": "Évolution des émissions"}).status_code == 302
    assert Indicator.objects.get().target == Decimal("-50")


def test_a_value_measured_cannot_be_negative_for_a_count(team_client, territory):
    project = ProjectFactory(territory=territory)
    jobs = Indicator.objects.create(project=project, name="Emplois", target=10)
    change = Indicator.objects.create(project=project, name="Émissions", kind="change", target=-20)
    add = url("part_add", territory, pk=project.pk, kind="mesure")
    response = team_client.post(add, {"indicator": jobs.pk, "measured_on": "2025-06-30", "value": "-3"})
    assert response.status_code == 400 and "Emplois" in field_errors(response, "mesure", "value")
    assert not IndicatorValue.objects.exists()
    assert (
        team_client.post(add, {"indicator": change.pk, "measured_on": "2025-06-30", "value": "-7"}).status_code == 302
    )


# Free texts


def test_a_240_000_character_description_is_refused_at_its_field(team_client, territory):
    data = {"title": "Halle", "porteur_name": "CC du Montbardois", "priority": 2, "description": "x" * 240_000}
    response = team_client.post(url("project_create", territory), data)
    assert response.status_code == 400
    assert "description" in response.context["form"].errors
    assert str(DESCRIPTION_MAX) in " ".join(response.context["form"].errors["description"]).replace("\u202f", "")
    html = response.content.decode()
    assert 'id="id_description_errors"' in html and f'maxlength="{DESCRIPTION_MAX}"' in html
    assert not Project.objects.exists()
    data["description"] = "x" * DESCRIPTION_MAX
    assert team_client.post(url("project_create", territory), data).status_code == 302


@pytest.mark.parametrize(
    ("page", "field", "length"),
    [("project_create", "public_summary", 2_001), ("project_create", "partners", 2_001), ("edit", "ambition", 2_001)],
)
def test_short_texts_have_their_limit_too(team_client, territory, page, field, length):
    data = {"title": "Halle", "porteur_name": "CC du Montbardois", "priority": 2, field: "x" * length}
    response = team_client.post(url(page, territory), data)
    assert response.status_code == 400 and field in response.context["form"].errors


def test_an_axis_description_has_its_limit(team_client, territory):
    data = {"position": 1, "title": "Industrie", "description": "x" * (DESCRIPTION_MAX + 1)}
    response = team_client.post(url("axis_create", territory), data)
    assert response.status_code == 400 and "description" in response.context["form"].errors
    assert not Axis.objects.exists()
