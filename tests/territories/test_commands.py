"""The `tindus territory` command, in-process and as the real entry point."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_list_json_has_one_object_per_territory():
    rows = json.loads(run("territory", "list", "--wave", "1", "--json"))
    assert len(rows) == 149
    hdh = next(r for r in rows if r["id"] == "ti-2704")
    assert hdh == {
        "wave": 1,
        "id": "ti-2704",
        "name": "Haut-Doubs Horloger",
        "kind": "official",
        "population": 98398,
        "communes": 187,
        "cog_vintage": 2023,
    }


def test_show_json_lists_the_epci():
    data = json.loads(run("territory", "show", "--wave", "1", "ti-2704", "--json"))
    assert data["communes"] == 187 and data["population"] == 98398
    assert {e["siren"] for e in data["epci"]} == {
        "242504116",
        "242504355",
        "200023075",
        "242504181",
        "200068070",
    }
    assert all(set(e) == {"siren", "name"} for e in data["epci"])


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--wave", "1", "ti-9999"], "ti-9999"), (["--wave", "3", "ti-2704"], "3"), (["nowhere"], "nowhere")],
)
def test_show_refuses_unknown_territories(args, message):
    with pytest.raises(CommandError, match=message):
        run("territory", "show", *args)


def test_entry_point_exits_non_zero_with_a_message(tmp_path):
    env = {
        **os.environ,
        "TINDUS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tindus.cli", "territory", "show", "--wave", "7", "ti-2704"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode != 0
    assert "7" in result.stderr
    help_text = subprocess.run(
        [sys.executable, "-m", "tindus.cli", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert help_text.returncode == 0
    assert "referentials load" in help_text.stdout and "territory show" in help_text.stdout
