"""One side of an exchange: an activity that emits, or one that uses, a resource; and how well an emitted
resource fits a use (:func:`compatibility`).

Sides come from the resource knowledge base (:mod:`.resources`, one per flow) and from the documented
patterns (:mod:`.knowledge`: each pattern says its provider sector emits the resource and its receiver sector
uses it). Linking sides rather than sector pairs is what lets discovery propose a pair nobody documented.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .knowledge import Pattern, Source
from .nomenclatures import normalise_naf
from .resources import EMITS, USES, Resource, ResourceBase

# How typical a documented pattern's flow is of each of its two sectors: a published case shows that firms of
# the sector have it, not that every one does.
PATTERN_SIDE_CONFIDENCE = 0.8

# Compatibility of an emitted resource with a use (0 to 1), by the strongest relation found.
SAME_RESOURCE = 1.0
USE_COVERS_CODE = 1.0  # the use accepts a family of the waste list that contains the emitted code
SUBSTITUTE = 0.7  # the user can take the emitted resource instead of its usual one
CODE_IN_FAMILY = 0.6  # the emitted family contains the code the use names
SAME_SUBCHAPTER = 0.5
SAME_CHAPTER = 0.25
SAME_CATEGORY = 0.3  # two documented non-waste flows of the same category (recruitment, logistics…)
ENERGY_WITHOUT_TEMPERATURE = 0.3  # two documented energy flows whose temperatures nobody gave
# Chapters of the waste list that gather wastes « not otherwise specified » or by origin rather than by
# material (15 01 packaging mixes paper, plastics, metal, wood and glass): sharing one of their chapters or
# sub-chapters says nothing about whether a user can take the waste.
CATCH_ALL_CHAPTERS = frozenset({"15", "16", "19", "20"})
# Heat: a use is served directly by heat at least this many degrees hotter; with a heat pump up to this need.
HEAT_MARGIN_C = 10.0
HEAT_PUMP_MAX_NEED_C = 90.0
HEAT_PUMP_MAX_LIFT_C = 50.0


@dataclass(frozen=True)
class Side:
    """An activity (NAF prefix, normalised in ``code``) that emits or uses a resource, with its source."""

    naf: str
    code: str
    direction: str  # EMITS or USES
    category: str
    resource: str  # knowledge-base key, "" for a side read from a pattern
    label: str  # the resource, in French
    ewc: tuple[str, ...]  # waste-list codes it concerns (chapters, sub-chapters or codes)
    temperature_c: float | None
    text: str  # the process that emits it or the use, in French
    confidence: float
    source: Source
    pattern_id: str = ""  # the documented pattern it was read from


def sides_from_base(base: ResourceBase) -> list[Side]:
    sides = []
    for flow in base.flows:
        resource = base.resources[flow.resource]
        sides.append(
            Side(
                flow.naf,
                normalise_naf(flow.naf),
                flow.direction,
                resource.category,
                resource.key,
                resource.label,
                (flow.ewc,) if flow.ewc else resource.ewc,
                flow.temperature_c,
                flow.process_or_use,
                flow.confidence,
                flow.source,
            )  # fmt: skip
        )
    return sides


def sides_from_patterns(patterns: Sequence[Pattern]) -> list[Side]:
    sides = []
    for p in patterns:
        ewc = (p.ewc,) if p.ewc else ()
        common = (p.resource_category, "", p.resource_label, ewc, None)
        sides.append(Side(p.provider_naf, normalise_naf(p.provider_naf), EMITS, *common, "",
                          PATTERN_SIDE_CONFIDENCE, p.source, p.id))  # fmt: skip
        sides.append(Side(p.receiver_naf, normalise_naf(p.receiver_naf), USES, *common, p.receiver_use,
                          PATTERN_SIDE_CONFIDENCE, p.source, p.id))  # fmt: skip
    return sides


def is_heat(side: Side) -> bool:
    return side.category == "energie" and side.temperature_c is not None


def heat_fit(available_c: float, needed_c: float) -> tuple[float, str]:
    """How well heat available at one temperature serves a need at another (factor, French basis)."""
    if available_c >= needed_c + HEAT_MARGIN_C:
        return 1.0, f"chaleur disponible à {available_c:.0f} °C pour un besoin à {needed_c:.0f} °C"
    if available_c >= needed_c:
        return 0.8, f"chaleur disponible à {available_c:.0f} °C, juste au-dessus du besoin ({needed_c:.0f} °C)"
    if needed_c <= HEAT_PUMP_MAX_NEED_C and needed_c - available_c <= HEAT_PUMP_MAX_LIFT_C:
        return 0.5, (f"chaleur à {available_c:.0f} °C pour un besoin à {needed_c:.0f} °C : avec une pompe à chaleur")
    return 0.0, ""


def compatibility(emitted: Side, used: Side, resources: Mapping[str, Resource]) -> tuple[float, str]:
    """How well ``emitted`` fits ``used`` (0 to 1) and why, in French."""
    best, why = 0.0, ""

    def consider(value: float, reason: str) -> None:
        nonlocal best, why
        if value > best:
            best, why = value, reason

    if emitted.resource and used.resource:
        if emitted.resource == used.resource:
            consider(SAME_RESOURCE, "même ressource")
        elif (
            emitted.resource in resources[used.resource].substitutes
            or used.resource in resources[emitted.resource].substitutes
        ):
            consider(SUBSTITUTE, "ressource substituable")
    if is_heat(emitted) and is_heat(used):
        return heat_fit(emitted.temperature_c or 0.0, used.temperature_c or 0.0)  # heat is worth its temperature
    energy = emitted.category == "energie" and used.category == "energie" and not (emitted.ewc or used.ewc)
    if energy and not (emitted.resource or used.resource):  # two documented flows; the base gives temperatures
        consider(ENERGY_WITHOUT_TEMPERATURE, "flux d'énergie sans température connue")
    for e in emitted.ewc:
        for u in used.ewc:
            consider(*_ewc_relation(e, u))
    undescribed = not (emitted.resource or used.resource or emitted.ewc or used.ewc)
    if undescribed and emitted.category == used.category:
        consider(SAME_CATEGORY, "même catégorie de ressource")
    return best, why


def _ewc_relation(emitted: str, used: str) -> tuple[float, str]:
    if emitted.startswith(used):
        return USE_COVERS_CODE, "code déchet accepté par le receveur"
    if used.startswith(emitted):
        return CODE_IN_FAMILY, "famille de déchets contenant le code accepté"
    if emitted[:2] in CATCH_ALL_CHAPTERS:
        return 0.0, ""  # packaging, « not otherwise specified »: only a covered code says the user takes it
    if len(emitted) >= 4 and len(used) >= 4 and emitted[:4] == used[:4]:
        return SAME_SUBCHAPTER, f"même sous-chapitre de la liste des déchets ({emitted[:2]} {emitted[2:4]})"
    if emitted[:2] == used[:2]:
        return SAME_CHAPTER, f"même chapitre de la liste des déchets ({emitted[:2]})"
    return 0.0, ""


def side_links(sides: Sequence[Side], resources: Mapping[str, Resource]) -> list[tuple[Side, Side, float, str]]:
    """Every (emitting side, using side, compatibility, basis) with a compatibility above zero.

    Candidates are found through indexes (resource key and its substitutes, waste-list chapter, category for
    energy and for non-waste documented flows) rather than by comparing every side with every other.
    """
    by_key: dict[str, list[Side]] = {}
    by_chapter: dict[str, list[Side]] = {}
    by_category: dict[str, list[Side]] = {}
    for u in (s for s in sides if s.direction == USES):
        if u.resource:
            for key in (u.resource, *resources[u.resource].substitutes):
                by_key.setdefault(key, []).append(u)
        for code in u.ewc:
            by_chapter.setdefault(code[:2], []).append(u)
        by_category.setdefault(u.category, []).append(u)
    links = []
    for e in (s for s in sides if s.direction == EMITS):
        candidates: dict[int, Side] = {}
        if e.resource:
            for key in (e.resource, *resources[e.resource].substitutes):
                candidates.update((id(u), u) for u in by_key.get(key, ()))
            for u in by_category.get(e.category, ()):  # a user naming this resource among its substitutes
                if u.resource and e.resource in resources[u.resource].substitutes:
                    candidates[id(u)] = u
        for code in e.ewc:
            candidates.update((id(u), u) for u in by_chapter.get(code[:2], ()))
        if e.category == "energie" or not (e.resource or e.ewc):
            candidates.update((id(u), u) for u in by_category.get(e.category, ()))
        for u in candidates.values():
            value, why = compatibility(e, u, resources)
            if value > 0:
                links.append((e, u, value, why))
    return links
