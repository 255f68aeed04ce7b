"""What the codes of the territory's history stand for, declared to :mod:`tindus.core.history_display`.

A territory's history page lists the changes of every app, so the labels of the codes stored there are
declared here: the referential tables (commune, NAF, waste, ROME), the territory's own emission factors
(the former disposal route of an opportunity is a factor's key, « stockage_isdnd_biodechets »), and the
kinds of evidence a project cites. The territory itself is left out of the lines: its history is the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps

from tindus.core.history_display import hide_relations_to, register_codes


def commune(territory: int | None, code: str) -> str | None:
    found = apps.get_model("referentials", "Commune").objects.filter(code=code).order_by("-vintage").first()
    return str(found) if found else None


def naf(territory: int | None, code: str) -> str | None:
    found = apps.get_model("referentials", "NafItem").objects.filter(code=code).first()
    return str(found) if found else None


def waste(territory: int | None, code: str) -> str | None:
    found = apps.get_model("referentials", "WasteCode").objects.filter(code=code.replace(" ", "")).first()
    return str(found) if found else None


def rome(territory: int | None, codes: str) -> str | None:
    wanted = codes.replace(",", " ").split()
    jobs = {j.code: str(j) for j in apps.get_model("referentials", "RomeJob").objects.filter(code__in=wanted)}
    return ", ".join(jobs.get(code, code) for code in wanted) if jobs else None


def emission_factor(territory: int | None, key: str) -> str | None:
    """The territory's own label of the factor, else the shipped table's."""
    from tindus.synergies.compute.impact import default_factors

    mine = apps.get_model("synergies", "EmissionFactor").objects.filter(territory_id=territory, key=key).first()
    if mine is not None:
        return mine.label
    shipped = default_factors().get(key)
    return shipped.label_fr if shipped else None


def evidence_kind(territory: int | None, key: str) -> str | None:
    from tindus.plan.evidence import kinds

    kind = kinds().get(key)
    return str(kind.label) if kind else None


def _code_list(raw: str) -> list | None:
    """A list stored as JSON or as its Python repr (« ['matieres', 'energie'] »)."""
    import ast
    import json

    try:
        codes = json.loads(raw)
    except ValueError:
        try:
            codes = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return None
    return codes if isinstance(codes, list) else None


def listed(choices: Callable[[], Iterable[tuple[str, object]]]) -> Callable[[int | None, str], str | None]:
    """Show a stored list of codes by the labels ``choices()`` gives them."""

    def label(territory: int | None, raw: str) -> str | None:
        codes = _code_list(raw)
        if codes is None:
            return None
        known = dict(choices())
        return ", ".join(str(known.get(code, code)) for code in codes) or None

    return label


def _synergy_categories() -> list:
    from tindus.synergies.models import Category

    return Category.choices


def _zone_services() -> list:
    from tindus.land.forms_inventory import SERVICES

    return SERVICES


def _land_services() -> list:
    from tindus.land.models.exchange import SERVICES

    return SERVICES


def communes(territory: int | None, raw: str) -> str | None:
    codes = _code_list(raw)
    if codes is None:
        return None
    return ", ".join(commune(territory, code) or code for code in codes) or None


synergy_categories = listed(_synergy_categories)


def size_band(territory: int | None, code: str) -> str | None:
    from tindus.diagnostic.wording import band_label

    return band_label(code) or None


def register() -> None:
    hide_relations_to("territories.territory")
    register_codes("synergies.declaration", "commune", commune)
    register_codes("synergies.declaration", "naf", naf)
    register_codes("synergies.declaration", "ewc", waste)
    register_codes("synergies.declaration", "rome", rome)
    for field_name in ("disposal_route", "virgin_material", "reprocessing"):
        register_codes("synergies.opportunity", field_name, emission_factor)
    register_codes("plan.evidencelink", "kind", evidence_kind)
    register_codes("events.participant", "commune", commune)
    register_codes("events.participant", "naf", naf)
    register_codes("events.participant", "size_band", size_band)
    for field_name in ("offers", "seeks"):
        register_codes("events.participant", field_name, synergy_categories)
    register_codes("events.event", "commune", commune)
    register_codes("land.zone", "services", listed(_zone_services))
    register_codes("land.zone", "site_comm_insee", commune)
    for model in ("land.landoffer", "land.landneed"):
        register_codes(model, "services", listed(_land_services))
    register_codes("land.landoffer", "commune", commune)
    register_codes("land.landneed", "communes", communes)
    register_codes("land.brownfield", "comm_insee", commune)
