import datetime as dt
import html
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AxisFactory, BudgetLineFactory, FundingFactory, ProjectFactory
from tests.factories import siret as valid_siret
from tests.jobs.inprocess import result_bytes, run_job, run_queue, started_job
from tindus.core.history import object_history
from tindus.jobs.api import job_url
from tindus.jobs.models import Job
from tindus.plan.importing import template_workbook
from tindus.plan.models import BudgetLine, EvidenceLink, Project, ProjectDocument
from tindus.warehouse.services import get_warehouse

pytestmark = pytest.mark.django_db


def url(name, territory, **kwargs):
    return reverse(f"plan:{name}", kwargs={"slug": territory.slug, **kwargs})


def project_data(territory, **overrides):
    data = {
        "reference": "T-1", "title": "Tiers-lieu industriel", "porteur_name": "CC du Montbardois", "priority": 1,
        "start_date": "2024-01-01", "end_date": "2025-06-30", "partners": "CCI\nUIMM",
    }  # fmt: skip
    data.update(overrides)
    return data


def siret(prefix="1234567800001"):
    return valid_siret(prefix)


def test_team_creates_a_project_with_its_first_status(team_client, territory):
    lever = AxisFactory(plan=territory.plan, position=1)
    response = team_client.post(url("project_create", territory), project_data(territory, axes=[lever.pk]))
    project = Project.objects.get(territory=territory, reference="T-1")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert list(project.axes.all()) == [lever]
    assert project.partner_list() == ["CCI", "UIMM"]
    assert project.status_changes.get().status == "idea"
    page = team_client.get(project.get_absolute_url()).content.decode()
    assert "Tiers-lieu industriel" in page and "CC du Montbardois" in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": "2023-12-31"}, "end_date"),
        ({"porteur_siret": "12345678900000"}, "porteur_siret"),
        ({"porteur_siret": "1234"}, "porteur_siret"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_project_input_is_refused_at_the_field(team_client, territory, overrides, field):
    response = team_client.post(url("project_create", territory), project_data(territory, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not Project.objects.filter(territory=territory).exists()


def test_siret_is_matched_to_the_warehouse(team_client, territory):
    known = siret()
    with get_warehouse().session() as con:
        con.execute(
            "INSERT INTO establishment (siret, siren, nic, commune, naf, active, name, public) "
            "VALUES (?, ?, ?, '21425', '25.62A', true, 'MÉCANIQUE DE MONTBARD', true)",
            [known, known[:9], known[9:]],
        )
    unknown = siret("1234567800002")
    response = team_client.post(url("project_create", territory), project_data(territory, porteur_siret=unknown))
    assert response.status_code == 400
    assert "SIRENE" in str(response.context["form"].errors["porteur_siret"])
    response = team_client.post(url("project_create", territory), project_data(territory, porteur_siret=known))
    project = Project.objects.get(porteur_siret=known)
    page = team_client.get(project.get_absolute_url()).content.decode()
    assert "MÉCANIQUE DE MONTBARD" in page and "Montbard" in page


def test_status_moves_and_is_dated(team_client, territory, team):
    project = ProjectFactory(territory=territory, history=dt.date(2024, 1, 1))
    for status, day in (("preparing", "2024-02-01"), ("in_progress", "2024-05-01")):
        response = team_client.post(url("project_status", territory, pk=project.pk), {"status": status, "date": day})
        assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "in_progress"
    assert [c.status for c in project.status_changes.order_by("date")] == ["idea", "preparing", "in_progress"]
    assert project.status_changes.last().author == team
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = team_client.post(url("project_status", territory, pk=project.pk), {"status": "done", "date": future})
    assert response.status_code == 400 and "date" in response.context["forms"]["statut"].errors
    assert project.status_changes.count() == 3


def test_negative_amounts_and_bad_funding_dates_are_refused(team_client, territory):
    project = ProjectFactory(territory=territory)
    response = team_client.post(
        url("part_add", territory, pk=project.pk, kind="budget"),
        {"nature": "investment", "year": 2024, "label": "Machine", "planned": "-10"},
    )
    assert response.status_code == 400 and "planned" in response.context["forms"]["budget"].errors
    response = team_client.post(
        url("part_add", territory, pk=project.pk, kind="financement"),
        {"financeur": "region", "year": 2024, "amount": "1000", "requested_on": "2024-03-01", "paid_on": "2024-04-01"},
    )
    assert response.status_code == 400 and "paid_on" in response.context["forms"]["financement"].errors
    assert not project.budgetlines.exists() and not project.fundings.exists()
    response = team_client.post(
        url("part_add", territory, pk=project.pk, kind="budget"),
        {"nature": "investment", "year": 2024, "label": "Machine", "planned": "15000"},
    )
    assert response.status_code == 302
    assert project.budgetlines.get().planned == Decimal("15000")


def test_a_20_mb_document_is_refused(team_client, territory):
    project = ProjectFactory(territory=territory)
    big = SimpleUploadedFile("etude.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "application/pdf")
    response = team_client.post(
        url("part_add", territory, pk=project.pk, kind="document"), {"title": "Étude", "file": big}
    )
    assert response.status_code == 400
    assert "limit" in str(response.context["forms"]["document"].errors["file"]) or "limite" in str(
        response.context["forms"]["document"].errors["file"]
    )
    assert not ProjectDocument.objects.exists()
    small = SimpleUploadedFile("etude.pdf", b"%PDF-1.4 petit", "application/pdf")
    team_client.post(url("part_add", territory, pk=project.pk, kind="document"), {"title": "Étude", "file": small})
    doc = ProjectDocument.objects.get()
    assert b"".join(team_client.get(url("document", territory, pk=doc.pk)).streaming_content) == b"%PDF-1.4 petit"


def test_evidence_from_the_diagnostic(team_client, territory):
    project = ProjectFactory(territory=territory)
    add = url("part_add", territory, pk=project.pk, kind="justification")
    response = team_client.post(add, {"kind": "diagnostic", "reference": "99.99Z"})
    assert response.status_code == 400 and "reference" in response.context["forms"]["justification"].errors
    assert (
        team_client.post(add, {"kind": "diagnostic", "reference": "25.62A", "comment": "Spécificité"}).status_code
        == 302
    )
    assert team_client.post(add, {"kind": "diagnostic", "reference": "secteurs"}).status_code == 302
    links = EvidenceLink.objects.filter(project=project).order_by("pk")
    assert "25.62A" in links[0].label and links[1].reference == "secteurs"
    page = team_client.get(project.get_absolute_url()).content.decode()
    assert reverse("diagnostic:territory", kwargs={"slug": territory.slug}) + "#sectors-h" in page


def test_committee_reads_and_comments_but_does_not_edit(client, territory, committee):
    project = ProjectFactory(territory=territory)
    client.force_login(committee)
    page = client.get(project.get_absolute_url())
    assert page.status_code == 200 and "Change the status" not in page.content.decode()
    assert (
        client.post(
            url("project_status", territory, pk=project.pk), {"status": "done", "date": "2024-01-02"}
        ).status_code
        == 403
    )
    comment_url = reverse(
        "territories:comment_on", kwargs={"slug": territory.slug, "subject": "plan.project", "pk": project.pk}
    )
    assert client.post(comment_url, {"body": "Avis favorable du comité"}).status_code == 302
    assert "Avis favorable du comité" in client.get(project.get_absolute_url()).content.decode()
    assert (
        "Avis favorable du comité"
        not in client.get(reverse("territories:workspace", kwargs={"slug": territory.slug})).content.decode()
    )


def test_table_filters(team_client, territory):
    lever = AxisFactory(plan=territory.plan, position=1)
    other = AxisFactory(plan=territory.plan, position=2)
    sub = AxisFactory(plan=territory.plan, parent=lever, position=1)
    a = ProjectFactory(territory=territory, title="Alpha", porteur_name="UIMM 21", status="in_progress",
                       start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 12, 31))  # fmt: skip
    a.axes.set([sub])
    b = ProjectFactory(territory=territory, title="Beta", porteur_name="Pôle emploi", status="idea")
    b.axes.set([other])
    FundingFactory(project=b, financeur="europe", year=2023)

    def titles(**params):
        response = team_client.get(url("projects", territory), params)
        return sorted(row["project"].title for row in response.context["rows"])

    assert titles() == ["Alpha", "Beta"]
    assert titles(levier=lever.pk) == ["Alpha"]  # a lever includes its sub-axes
    assert titles(statut="idea") == ["Beta"]
    assert titles(porteur="uimm") == ["Alpha"]
    assert titles(financeur="europe") == ["Beta"]
    assert titles(annee=2020) == ["Alpha"]
    assert titles(annee=2023) == ["Beta"]


def test_funding_summary_is_computed(team_client, territory):
    p = ProjectFactory(territory=territory)
    FundingFactory(project=p, financeur="self", amount=Decimal("25000"), year=2024)
    FundingFactory(project=p, financeur="region", amount=Decimal("50000"), year=2024)
    FundingFactory(project=p, financeur="state", amount=Decimal("25000"), year=2025)
    response = team_client.get(url("funding", territory))
    assert response.context["summary"].total == Decimal("100000")
    assert response.context["self_share"] == 0.25
    assert [y["self_share"] for y in response.context["years"]] == [25000 / 75000, 0.0]
    page = response.content.decode()
    assert "100\u00a0000 €" in page or "100 000 €" in page or "100\u202f000 €" in page


def test_timeline_draws_dated_projects(team_client, territory):
    ProjectFactory(territory=territory, title="Daté", start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 6, 1))
    ProjectFactory(territory=territory, title="Sans dates")
    response = team_client.get(url("timeline", territory))
    assert 'class="gantt-bar status-idea"' in response.context["chart"]
    assert "Daté" in response.context["chart"] and [p.title for p in response.context["undated"]] == ["Sans dates"]


def test_state_of_the_plan_at_a_past_date(team_client, territory, team):
    project = ProjectFactory(territory=territory, history=dt.date(2023, 1, 1))
    from tindus.plan.services import change_status

    change_status(project, "done", dt.date(2024, 1, 1), team)
    FundingFactory(
        project=project, amount=Decimal("9000"), requested_on=dt.date(2023, 2, 1), granted_on=dt.date(2023, 6, 1)
    )
    response = team_client.get(url("state", territory), {"date": "2023-03-01", "format": "html"})
    (row,) = response.context["rows"]
    assert row["status"] == "idea"
    assert response.context["secured"].total == 0 and response.context["funding"].total == Decimal("9000")
    response = team_client.get(url("state", territory), {"date": "2024-02-01", "format": "html"})
    assert response.context["rows"][0]["status"] == "done" and response.context["secured"].total == Decimal("9000")
    assert team_client.get(url("state", territory), {"date": "pas une date"}).status_code == 400


def test_the_state_pdf_is_drawn_in_the_background(team_client, territory, team):
    ProjectFactory(territory=territory, title="Halle de formation", history=dt.date(2023, 1, 1))
    page = team_client.get(url("state", territory), {"date": "2024-02-01", "format": "html"}).content.decode()
    assert 'name="date" value="2024-02-01"' in page and f'action="{url("state", territory)}"' in page
    job = run_job(team_client.post(url("state", territory), {"date": "2024-02-01"}))
    assert job.author == team and job.params == {"day": "2024-02-01"}
    pdf = result_bytes(job)
    assert pdf.startswith(b"%PDF") and job.result_filename == f"etat-du-plan-{territory.slug}-2024-02-01.pdf"
    assert (job.progress_done, job.progress_total) == (2, 2)
    download = team_client.get(job_url(job) + "fichier/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    response = team_client.post(url("state", territory), {"date": "pas une date"})
    assert response.status_code == 400 and Job.objects.count() == 1


def test_workbook_import_through_the_page(team_client, territory, team):
    project = ProjectFactory(territory=territory, reference="X-1")
    BudgetLineFactory(project=project)
    assert team_client.get(url("export", territory)).status_code == 200
    export = run_job(team_client.post(url("export", territory)))
    assert export.result_filename == f"plan-{territory.slug}.xlsx"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(result_bytes(export)))
    assert book["Projets"]["A2"].value == "X-1"
    book["Budget"]["E1"] = "montant"  # a wrong column
    book["Projets"]["B2"] = "Nouveau titre"
    out = io.BytesIO()
    book.save(out)
    job = run_job(team_client.post(url("import", territory), {"file": SimpleUploadedFile("plan.xlsx", out.getvalue())}))
    assert job.status == Job.Status.FAILED
    assert job.error == "« plan.xlsx » n'a pas été importé : 1 problème ; rien n'a été enregistré."
    assert len(job.error_details) == 1 and job.error_details[0].startswith("Budget, ligne 1, colonne « E »")
    page = team_client.get(job_url(job)).content.decode()
    assert "Budget, ligne 1, colonne « E »" in html.unescape(page) and 'role="alert"' in page
    project.refresh_from_db()
    assert project.title != "Nouveau titre" and BudgetLine.objects.count() == 1
    assert not default_storage.exists(job.params["path"])  # the upload is not kept
    book["Budget"]["E1"] = "prévu (€)"
    book.save(out := io.BytesIO())
    job = run_job(team_client.post(url("import", territory), {"file": SimpleUploadedFile("plan.xlsx", out.getvalue())}))
    assert job.status == Job.Status.SUCCEEDED, job.error_details
    project.refresh_from_db()
    assert project.title == "Nouveau titre"
    assert job.summary.startswith("Plan importé") and job.result_url == url("home", territory)
    history = object_history(project).first()
    assert history.actor == team  # the job's changes carry the name of who started it
    response = team_client.post(url("import", territory), {"file": SimpleUploadedFile("plan.csv", b"a;b")})
    assert response.status_code == 400 and "file" in response.context["form"].errors


def test_an_import_whose_file_vanished_fails_clearly(team_client, territory):
    upload = SimpleUploadedFile("plan.xlsx", template_workbook())
    response = team_client.post(url("import", territory), {"file": upload})
    job = started_job(response)
    default_storage.delete(job.params["path"])
    run_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "plan.xlsx" in job.error and "n'existe plus" in job.error


def test_the_partner_starts_no_plan_job(partner_client, territory):
    for name in ("state", "export", "import"):
        assert partner_client.post(url(name, territory), {"date": "2024-01-01"}).status_code == 403
    assert not Job.objects.exists()


def test_history_records_who_changed_what(team_client, territory, team):
    team_client.post(url("project_create", territory), project_data(territory))
    project = Project.objects.get(reference="T-1")
    team_client.post(url("project_edit", territory, pk=project.pk), project_data(territory, title="Nouveau nom"))
    response = team_client.get(reverse("territories:history", kwargs={"slug": territory.slug}))
    entries = list(response.context["page"])
    update = next(e for e in entries if e.action == 1 and e.object_pk == str(project.pk))
    assert update.actor == team and update.changes["title"] == ["Tiers-lieu industriel", "Nouveau nom"]
    assert "Nouveau nom" in response.content.decode()
