"""`tindus data`: import, synth and status from the command line, with clear failures."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_synth_then_import_then_status(tmp_path):
    run(
        "data", "synth", "--departements", "90", "--scale", "0.2", "--seed", "1", "--out", str(tmp_path), "--no-parquet"
    )
    names = {p.name for p in tmp_path.iterdir()}
    assert {"StockEtablissement_utf8.zip", "StockUniteLegale_utf8.zip", "tindus-synthetique.json"} <= names
    reports = json.loads(run("data", "import", str(tmp_path / "StockEtablissement_utf8.zip"), "--json"))
    assert reports[0]["synthetic"] is True and reports[0]["rows_rejected"] == 0
    status = json.loads(run("data", "status", "--json"))
    assert status[0]["file"] == "StockEtablissement_utf8.zip" and status[0]["synthetic"] is True


def test_import_of_a_broken_file_fails_with_file_and_reason(tmp_path):
    broken = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("StockEtablissement_utf8.csv", "siren,nic\n1,2\n")
    with pytest.raises(CommandError) as error:
        run("data", "import", str(broken))
    assert "StockEtablissement_utf8.zip" in str(error.value) and "siret" in str(error.value)
    assert json.loads(run("data", "status", "--json")) == []


def test_synth_refuses_an_unknown_departement(tmp_path):
    with pytest.raises(CommandError, match="99"):
        run("data", "synth", "--departements", "99", "--out", str(tmp_path))
