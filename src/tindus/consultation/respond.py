"""Reading a respondent's form: question fields are named ``q-<id>`` (``q-<id>--<row>`` for a matrix line).

Picker questions (commune, NAF, ROME, EWC) send one entry per field, « name (code) » as chosen in the
list; :mod:`.compute.codes` turns entries into codes, which are what an answer stores.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db.models import Count, Max
from django.http import QueryDict

from tindus.referentials.models import Commune, NafItem, RomeJob, WasteCode
from tindus.territories.perimeters import CUSTOM_COG_VINTAGE

from .compute.codes import CodeList
from .compute.schema import CODE_TYPES, Questionnaire

PREFIX = "q-"
NAMED_COMMUNES = (Commune.Kind.CURRENT, Commune.Kind.ARRONDISSEMENT)


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
        elif question.type in CODE_TYPES:
            raw[key] = [" ".join(v.split()) for v in data.getlist(name) if v.strip()]
        else:
            raw[key] = data.get(name, "")
    return raw


@lru_cache(maxsize=1)
def referential_codes() -> dict[str, CodeList]:
    """Valid codes for the picker questions, with their names (loaded once per process: reference data
    changes rarely)."""
    communes = Commune.objects.filter(vintage=CUSTOM_COG_VINTAGE)
    waste = WasteCode.objects.all()
    return {
        "commune": CodeList(
            communes.filter(kind__in=NAMED_COMMUNES).values_list("code", "name"),
            communes.values_list("code", flat=True),
        ),  # fmt: skip
        "naf": CodeList(NafItem.objects.filter(level="sous-classe").values_list("code", "label")),
        "rome": CodeList(RomeJob.objects.values_list("code", "label")),
        "ewc": CodeList(waste.filter(level=3).values_list("code", "label"), waste.values_list("code", flat=True)),
    }


@lru_cache(maxsize=64)
def _commune_options(departements: tuple[str, ...], state: tuple[int, int | None]) -> tuple[str, ...]:
    """Keyed by the départements' codes (their row ids change when the reference data is reloaded) and by the
    state of the communes table (a reload, or a test's own reference data, is never answered from another)."""
    communes = referential_codes()["commune"]
    codes = Commune.objects.filter(
        vintage=CUSTOM_COG_VINTAGE, kind__in=NAMED_COMMUNES, departement__code__in=departements
    )
    named = CodeList((code, communes.names.get(code, code)) for code in codes.values_list("code", flat=True))
    return tuple(named.options())


@lru_cache(maxsize=4)
def _options(kind: str) -> tuple[str, ...]:
    return tuple(referential_codes()[kind].options())


def picker_options(schema: Questionnaire, territory: Any) -> dict[str, tuple[str, ...]]:
    """The « name (code) » suggestions of each picker type the questionnaire uses. Communes are those of
    the territory's départements (where most respondents live); any other is typed by name or code."""
    kinds = {q.type for q in schema.questions() if q.type in CODE_TYPES}
    options = {kind: _options(kind) for kind in kinds - {"commune"}}
    if "commune" in kinds:
        departements = territory.communes.exclude(departement=None).values_list("departement__code", flat=True)
        loaded = Commune.objects.filter(vintage=CUSTOM_COG_VINTAGE).aggregate(n=Count("pk"), last=Max("pk"))
        options["commune"] = _commune_options(tuple(sorted(set(departements))), (loaded["n"], loaded["last"]))
    return options


def code_label(kind: str, code: str) -> str:
    """« name (code) » for a code of a picker referential, or the value unchanged."""
    codes = referential_codes().get(kind)
    return codes.option(code) if codes is not None and code in codes.names else code
