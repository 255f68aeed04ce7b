"""The pack for the working group's meeting (a job: XLSX and PDF), the BMO files loaded at setup, and the demo."""

import datetime as dt
import io

import numpy as np
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.employment.conftest import cut, real_table
from tests.jobs.inprocess import result_bytes, run_job
from tindus.employment import bmo_store
from tindus.employment.analysis import needs_report
from tindus.employment.bmo_store import load_shipped_bmo, matrix_for, store_bmo
from tindus.employment.compute.basins import basin_job_matrix
from tindus.employment.demo import load_demo_employment
from tindus.employment.models import BmoCell, BmoImport, OfferImport, Proposal, TrainingSession
from tindus.synergies.models import Declaration

from .conftest import in_english

pytestmark = pytest.mark.django_db


def test_the_pack_is_a_workbook_or_a_pdf_made_in_the_background(national_bmo, territory, committee):
    url = reverse("employment:pack", kwargs={"slug": territory.slug})
    browser = in_english(committee)
    job = run_job(browser.post(url, {"format": "xlsx", "annee": "2025", "rayon": "30", "mois": "12"}))
    book = load_workbook(io.BytesIO(result_bytes(job)))
    epcis = territory.groupements.filter(nature="EPCI").count()
    assert len(book.sheetnames) == 1 + 1 + epcis + 2  # findings, territory, EPCI, sessions, proposals
    sheet = book[territory.name[:31]]
    assert sheet["A1"].value == "BMO job code" and sheet["A2"].value
    assert job.result_file.name.endswith("bmo2025.xlsx")
    pdf = run_job(browser.post(url, {"format": "pdf"}))
    assert result_bytes(pdf).startswith(b"%PDF")


def test_the_stored_cells_give_back_the_basin_matrix(db):
    table = cut(real_table(2025), ("25",))
    record = store_bmo(table, sha256="x")
    direct = basin_job_matrix(table)
    stored = matrix_for(record, direct.basins.tolist())
    order = [direct.jobs.index(j) for j in stored.jobs]
    for key in ("projects", "difficult", "seasonal"):
        assert np.array_equal(stored.values[key], direct.values[key][:, order])
        assert np.array_equal(stored.masked[key], direct.masked[key][:, order])
    assert np.array_equal(stored.basis["difficult"], direct.basis["difficult"][:, order])
    assert record.basins["2727"]["name"] == "MORTEAU"


def test_setup_loads_the_shipped_files_once_and_again_when_they_change(db, tmp_path, monkeypatch):
    small = tmp_path / "bmo_2025.csv"
    from tests.employment.builders import bmo_csv

    small.write_bytes(bmo_csv(count=20))
    monkeypatch.setattr(bmo_store, "SHIPPED_BMO", {2025: small})
    assert load_shipped_bmo(lambda _m: None) == [2025]
    assert load_shipped_bmo(lambda _m: None) == []  # unchanged: nothing to do
    small.write_bytes(bmo_csv(count=25))
    assert load_shipped_bmo(lambda _m: None) == [2025]
    assert BmoImport.objects.filter(current=True).get().rows == 25
    old = BmoImport.objects.get(current=False)
    assert not BmoCell.objects.filter(bmo_import=old).exists()  # a superseded import keeps only its provenance


def test_the_demo_has_sessions_needs_and_a_gap_turned_into_a_proposal(national_bmo, haut_doubs, auxois):
    for i, commune in enumerate(("25411", "25356", "25411")):
        Declaration.objects.create(territory=haut_doubs, siret=f"9000000010{i:04d}", company_name=f"Entreprise {i}",
                                   commune=commune, direction="need", category="recrutement", text="peintres",
                                   synthetic=True)  # fmt: skip
    today = dt.date(2026, 1, 15)
    assert load_demo_employment(haut_doubs, today) == 2
    assert load_demo_employment(auxois, today) == 1
    for territory in (haut_doubs, auxois):
        assert TrainingSession.objects.filter(territory=territory).exists()
        assert all(s.synthetic for s in TrainingSession.objects.filter(territory=territory))
        assert all(p.synthetic for p in Proposal.objects.filter(territory=territory))
    kinds = set(Proposal.objects.filter(territory=haut_doubs).values_list("kind", flat=True))
    assert kinds == {"training", "pooled"}
    project = Proposal.objects.get(territory=auxois).project
    assert project is not None and project.evidencelinks.get().kind == "employment"
    report = needs_report(auxois, type(needs_report(auxois).settings)(reference=today))
    covered = next(r for r in report.territory_table.rows if r.need.job == "V0X60")
    assert covered.need.sessions_near == 1 and not covered.need.gap  # the demo session at Montbard
    assert load_demo_employment(haut_doubs, today) == 0  # loaded once
    assert OfferImport.objects.filter(territory=haut_doubs).count() == 1


def test_the_demo_pages_label_synthetic_sessions(national_bmo, haut_doubs, committee_en):
    load_demo_employment(haut_doubs)
    page = committee_en.get(reverse("employment:home", kwargs={"slug": haut_doubs.slug})).content.decode()
    assert "synthetic demonstration data" in page
