"""Reading a respondent's form: question fields are named ``q-<id>`` (``q-<id>--<row>`` for a matrix line)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import QueryDict

from tindus.referentials.models import Commune, NafItem, RomeJob, WasteCode
from tindus.territories.perimeters import CUSTOM_COG_VINTAGE

from .compute.schema import Questionnaire

PREFIX = "q-"


def read_form(schema: Questionnaire, data: QueryDict) -> dict[str, Any]:
    """The submitted values by question id; unknown ``q-`` fields are kept so the check flags them as forged."""
    raw: dict[str, Any] = {}
    questions = {q.id: q for q in schema.questions()}
    for name in data:
        if not name.startswith(PREFIX):
            continue
        key, _sep, row = name[len(PREFIX) :].partition("--")
        question = questions.get(key)
        if question is None:
            raw[key] = data.get(name)
        elif question.type == "matrix":
            raw.setdefault(key, {})[row] = data.get(name, "")
        elif question.type in ("multiple_choice", "ranking"):
            raw[key] = [v for v in data.getlist(name) if v]
        elif question.type in ("commune", "naf", "rome", "ewc"):
            raw[key] = [
                v.strip().upper() if question.type != "commune" else v.strip()
                for v in data.get(name, "").replace(",", " ").split()
            ]
        else:
            raw[key] = data.get(name, "")
    return raw


@lru_cache(maxsize=1)
def referential_codes() -> dict[str, frozenset[str]]:
    """Valid codes for the picker questions (loaded once per process: reference data changes rarely)."""
    return {
        "commune": frozenset(Commune.objects.filter(vintage=CUSTOM_COG_VINTAGE).values_list("code", flat=True)),
        "naf": frozenset(NafItem.objects.filter(level="sous-classe").values_list("code", flat=True)),
        "rome": frozenset(RomeJob.objects.values_list("code", flat=True)),
        "ewc": frozenset(WasteCode.objects.values_list("code", flat=True)),
    }
