"""Run by test_crash.py in its own process, on a database file: prepare a campaign, or submit one answer
and die by SIGKILL at a chosen moment, or print what the database holds."""

import datetime as dt
import json
import os
import signal
import sys
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tindus.config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tindus.consultation.compute import ready_made  # noqa: E402
from tindus.consultation.compute.answers import check_answers  # noqa: E402
from tindus.consultation.models import Campaign, Questionnaire, Response, UsedToken  # noqa: E402
from tindus.consultation.services import save_schema, submit  # noqa: E402
from tindus.territories.models import Territory  # noqa: E402

ANSWERS = {"metier": ["H2903"], "mode": "transport en commun", "idee": "Une navette"}


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def prepare() -> None:
    call_command("migrate", verbosity=0)
    territory = Territory.objects.create(name="Essai", slug="essai", kind="custom", cog_vintage=2024)
    questionnaire = Questionnaire.objects.create(territory=territory, title="Salariés", audience="employees")
    save_schema(questionnaire, ready_made.employees())
    today = dt.date.today()
    Campaign.objects.create(territory=territory, questionnaire=questionnaire, title="C", opens_on=today,
                            closes_on=today + dt.timedelta(days=1))  # fmt: skip


def answer(moment: str) -> None:
    campaign = Campaign.objects.get()
    version = campaign.questionnaire.current_version()
    codes = {"rome": frozenset({"H2903"}), "commune": frozenset(), "naf": frozenset(), "ewc": frozenset()}
    checked = check_answers(version.as_schema(), ANSWERS, codes)
    if not checked.valid:
        raise SystemExit(f"answers refused: {checked.errors}")

    def on_insert(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "consultation_response"'):
            if moment == "before-commit":
                die()  # the row is written in the open transaction, not committed
            transaction.on_commit(die)  # right after the commit, before the acknowledgement
        return result

    with connection.execute_wrapper(on_insert):
        submit(campaign, version, checked, uuid.uuid4(), {"audience": "employees"}, respondent_token="device-1")
    print("acknowledged")


def report() -> None:
    print(json.dumps({"responses": Response.objects.count(), "used_tokens": UsedToken.objects.count(),
                      "answers": [r.answers for r in Response.objects.all()]}))  # fmt: skip


if __name__ == "__main__":
    {"prepare": prepare, "answer": lambda: answer(sys.argv[2]), "report": report}[sys.argv[1]]()
