"""`tindus privacy export|erase|log`: the same requests from the command line, recorded with the system
account that ran them."""

import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.privacy.conftest import EMAIL, SIRET
from tindus.privacy.models import Record

pytestmark = pytest.mark.django_db


def test_export_writes_the_file_and_records_it(person, tmp_path, capsys):
    out = tmp_path / "personne.zip"
    call_command("privacy", "export", "--person", EMAIL, str(out), "--request", "ticket 12")
    assert "export.json" in zipfile.ZipFile(out).namelist()
    record = Record.objects.get()
    assert (record.channel, record.actor, record.request_reference) == ("command", None, "ticket 12")
    assert "@" in record.actor_label  # system account @ machine


def test_a_company_export_can_be_limited_to_a_territory(company, haut_doubs, tmp_path):
    out = tmp_path / "entreprise.json"
    call_command("privacy", "export", "--company", SIRET, "--territory", haut_doubs.slug, str(out))
    assert json.loads(out.read_text())["scope"] == haut_doubs.name


def test_erase_asks_to_type_the_subject_again(person, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "quelqu-un@example.test")
    with pytest.raises(CommandError):
        call_command("privacy", "erase", "--person", EMAIL)
    person.refresh_from_db()
    assert person.is_active
    monkeypatch.setattr("builtins.input", lambda prompt: EMAIL)
    call_command("privacy", "erase", "--person", EMAIL)
    person.refresh_from_db()
    assert not person.is_active


def test_the_log_lists_what_was_done(company, capsys):
    call_command("privacy", "erase", "--company", SIRET, "--no-input")
    capsys.readouterr()
    call_command("privacy", "log", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert [(r["action"], r["subject"], r["channel"]) for r in rows] == [("erasure", SIRET, "command")]
    assert rows[0]["counts"]["declarations"] == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--person", "inconnu@example.test", "x.json"],
        ["export", "--company", "123", "x.json"],
        ["export", "--person", EMAIL, "--territory", "vague-1-ti-2704", "x.json"],
        ["erase", "--company", SIRET, "--territory", "nulle-part", "--no-input"],
    ],
)
def test_bad_input_is_refused_with_a_message(person, argv):
    with pytest.raises(CommandError):
        call_command("privacy", *argv)
    assert not Record.objects.exists()
