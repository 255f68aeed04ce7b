"""A server killed during a submission leaves the whole answer or nothing (real process death, real
database file)."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("crash_submit.py")


def run(tmp_path, *args):
    env = {**os.environ, "TINDUS_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/crash.sqlite3",
           "DJANGO_SETTINGS_MODULE": "tindus.config.settings"}  # fmt: skip
    return subprocess.run([sys.executable, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120)


def report(tmp_path):
    done = run(tmp_path, "report")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_killed_during_a_submission_leaves_the_whole_answer_or_nothing(tmp_path):
    assert run(tmp_path, "prepare").returncode == 0
    # Killed after the answer's row was written, before the commit: nothing at all, token not used.
    died = run(tmp_path, "answer", "before-commit")
    assert died.returncode == -signal.SIGKILL and "acknowledged" not in died.stdout
    assert report(tmp_path) == {"responses": 0, "used_tokens": 0, "answers": []}
    # Killed just after the commit, before acknowledging: the whole answer is there, once.
    died = run(tmp_path, "answer", "after-commit")
    assert died.returncode == -signal.SIGKILL and "acknowledged" not in died.stdout
    state = report(tmp_path)
    assert state["responses"] == 1 and state["used_tokens"] == 1
    assert state["answers"][0]["mode"] == "transport en commun" and state["answers"][0]["idee"] == "Une navette"
