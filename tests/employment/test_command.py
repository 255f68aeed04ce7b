"""``tindus employment``: national BMO files loaded all or nothing, and what is loaded."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.employment.builders import bmo_csv
from tindus.employment.models import BmoImport

pytestmark = pytest.mark.django_db


def test_files_are_checked_before_any_is_loaded(tmp_path):
    good, bad = tmp_path / "bmo_2025.csv", tmp_path / "bmo_old.csv"
    good.write_bytes(bmo_csv(count=12))
    bad.write_bytes(bmo_csv(count=3, drop=("smet",)))
    with pytest.raises(CommandError, match=r"bmo_old.csv, line 1: unknown BMO layout: missing columns smet"):
        call_command("employment", "bmo", str(good), str(bad))
    assert not BmoImport.objects.exists()
    out = StringIO()
    call_command("employment", "bmo", str(good), "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{"year": 2025, "file": "bmo_2025.csv", "rows": 12}]
    out = StringIO()
    call_command("employment", "status", "--json", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert (row["year"], row["territory"], row["current"], row["shipped"]) == (2025, None, True, False)
