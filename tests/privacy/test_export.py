"""An access request: everything about one person, or what a territory holds about one company."""

import csv
import io
import json
import zipfile

import pytest

from tests.privacy.conftest import EMAIL, EMPLOYEE_SECRET, FIRST, OTHER_SIRET, SIRET
from tindus.privacy.collect import company_export, person_export
from tindus.privacy.services import export_bytes

pytestmark = pytest.mark.django_db


def rows(export, section: str) -> list[dict]:
    return next(s.rows for s in export.sections if s.id == section)


def values(export, section: str) -> set:
    return {v for row in rows(export, section) for v in row.values()}


def test_a_person_export_holds_everything_about_them(person, haut_doubs, auxois):
    export = person_export(person)
    counts = export.counts()
    assert counts["account"] == 1 and counts["memberships"] == 2
    for section in ("comments", "declarations", "committee_seats", "documents", "articles", "projects_piloted",
                    "consultation_invitations", "jobs", "sign_in_failures", "project_statuses"):  # fmt: skip
        assert counts[section] == 1, section
    assert counts["history"] >= 4  # the project, its status, the declaration, the seat, the article…
    assert {EMAIL, FIRST, True} <= values(export, "account")
    assert {haut_doubs.name, auxois.name, "Agence Quillardet"} <= values(export, "memberships")
    assert "Avis sur la stratégie" in values(export, "comments")
    assert "Plateforme horlogère" in values(export, "history")
    assert "192.0.2.7" in values(export, "sign_in_failures")
    assert OTHER_SIRET in values(export, "consultation_invitations")  # sent to their address, whatever its case


def test_a_person_export_holds_nobody_else(person, haut_doubs):
    from tests.factories import CommentFactory, UserFactory

    CommentFactory(territory=haut_doubs, author=UserFactory(), body="Avis de quelqu'un d'autre")
    text = export_bytes(person_export(person), "json").decode()
    assert "Avis sur la stratégie" in text and "Avis de quelqu'un d'autre" not in text


def test_a_company_export_is_what_the_territory_holds(company, haut_doubs, auxois):
    export = company_export(SIRET, haut_doubs)
    counts = export.counts()
    assert counts == {"declarations": 1, "opportunities": 1, "opportunity_statuses": 0, "consultation_invitations": 1,
                      "leader_answers": 1, "projects": 1, "representatives": 1}  # fmt: skip
    assert "Sciure pour Panneaux" in values(export, "opportunities")
    assert any("réponse du dirigeant" in str(v) for v in values(export, "leader_answers"))
    assert haut_doubs.name in values(export, "declarations") and auxois.name not in values(export, "declarations")


def test_the_platform_export_of_a_company_covers_every_territory(company):
    counts = company_export(SIRET, None).counts()
    assert counts["declarations"] == 2 and counts["leader_answers"] == 2 and counts["projects"] == 2


def test_employees_answers_are_never_exported(company, person):
    assert EMPLOYEE_SECRET not in export_bytes(company_export(SIRET, None), "json").decode()
    assert EMPLOYEE_SECRET not in export_bytes(person_export(person), "json").decode()


def test_the_zip_holds_the_json_and_one_csv_per_section(person):
    data = export_bytes(person_export(person), "zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "export.json"
        assert json.loads(archive.read("export.json"))["kind"] == "person"
        comments = next(n for n in names if n.endswith("-comments.csv"))
        text = archive.read(comments).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet software reads it as UTF-8
    table = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert len(table) == 2 and "Avis sur la stratégie" in table[1]
