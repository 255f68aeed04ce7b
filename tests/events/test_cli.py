"""``tindus events schedule``: a JSON instance in, a JSON schedule out; a bad file named with its fault."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tindus.events.compute.parse import MESSAGES as ENGLISH
from tindus.events.compute.parse import instance_from_json, schedule_from_json
from tindus.events.compute.validate import problems
from tindus.events.instance_messages import MESSAGES

INSTANCE = {
    "slots": [
        {"id": "s1", "start": "09:00", "end": "09:20"},
        {"id": "s2", "start": "09:20", "end": "09:40"},
        {"id": "s3", "start": "09:40", "end": "10:00"},
    ],
    "tables": 2,
    "participants": [
        {"id": "acme", "available": ["s1", "s2", "s3"]},
        {"id": "bolt", "available": ["s1", "s2", "s3"]},
        {"id": "cogs", "available": ["s2", "s3"], "max_meetings": 1},
        {"id": "dyna", "available": ["s1"]},
    ],
    "meetings": [
        {"id": "m1", "a": "acme", "b": "bolt", "weight": 2},
        {"id": "m2", "a": "acme", "b": "cogs", "weight": 3},
        {"id": "m3", "a": "bolt", "b": "cogs", "weight": 1},
        {"id": "m4", "a": "dyna", "b": "bolt", "weight": 1, "locked": {"slot": "s1", "table": 2}},
    ],
}


def run(*argv: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
    try:
        call_command("events", *argv, stdout=out, stderr=err)
    finally:
        sys.stdin = sys.__stdin__
    return out.getvalue(), err.getvalue()


def test_a_schedule_is_written_to_the_file(tmp_path):
    source, target = tmp_path / "instance.json", tmp_path / "schedule.json"
    source.write_text(json.dumps(INSTANCE))
    _out, err = run("schedule", "--in", str(source), "--out", str(target), "--time-limit", "2")
    data = json.loads(target.read_text())
    assert set(data) >= {"assignments", "weight", "bound", "gaps", "status"}
    assert all(set(a) == {"meeting", "slot", "table"} and 1 <= a["table"] <= 2 for a in data["assignments"])
    assert data["weight"] == 6 and data["bound"] == 6 and data["status"] == "optimal" and data["gaps"] == 0
    assert {"meeting": "m4", "slot": "s1", "table": 2} in data["assignments"]
    instance = instance_from_json(INSTANCE)
    assert problems(instance, schedule_from_json(data)) == []
    assert re.search(r"\b3\b.*\b4\b", err)  # placed of requested, on standard error


def test_standard_input_and_output(tmp_path):
    out, _err = run("schedule", "--in", "-", "--time-limit", "1", stdin=json.dumps(INSTANCE))
    assert json.loads(out)["weight"] == 6


def test_a_bad_instance_names_the_file_and_the_element(tmp_path):
    bad = json.loads(json.dumps(INSTANCE))
    bad["meetings"][2]["b"] = "bolt"
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(bad))
    with pytest.raises(CommandError) as caught:
        run("schedule", "--in", str(source), "--out", str(tmp_path / "schedule.json"))
    message = str(caught.value)
    assert str(source) in message and "m3" in message and "bolt" in message
    assert not (tmp_path / "schedule.json").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", r"1\D+2"), (b"\xff\xfe{}", "UTF-8"), ('{"slots": []}', "tables")],
)
def test_an_unreadable_file_is_refused_with_its_name(tmp_path, content, expected):
    source = tmp_path / "instance.json"
    source.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError) as caught:
        run("schedule", "--in", str(source))
    assert str(source) in str(caught.value) and re.search(expected, str(caught.value))  # line 1, column 2


def test_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as caught:
        run("schedule", "--in", str(tmp_path / "none.json"))
    assert "none.json" in str(caught.value)


def test_the_exit_code_and_the_message_in_french(tmp_path):
    bad = {**INSTANCE, "tables": 0}
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(bad))
    tindus = Path(sys.executable).with_name("tindus")
    env = {**os.environ, "TINDUS_LANGUAGE": "fr"}
    done = subprocess.run(
        [str(tindus), "events", "schedule", "--in", str(source)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode != 0 and done.stdout == ""
    assert str(source) in done.stderr and "Traceback" not in done.stderr
    with translation.override("fr"):
        expected = str(MESSAGES["bad_tables"]) % {"tables": "0"}
    assert expected in done.stderr


def test_every_error_code_has_its_translatable_message():
    with translation.override("en"):
        assert {code: str(text) for code, text in MESSAGES.items()} == ENGLISH
