"""The French reasons of a proposal: one sentence per kind of evidence, then where the best pair stands and
how the estimated probability is made."""

from __future__ import annotations

from collections.abc import Mapping

from .candidates import Establishment, Pair
from .evidence import DocumentedItem, GroupEvidence, ResourceItem
from .io_table import IOTable
from .nomenclatures import _ewc_text, naf_label
from .placement import half_distance_km
from .proposals import _lower_first


def _sector(naf: str) -> str:
    return f"« {naf_label(naf)} » ({naf})"


def _percent(value: float) -> str:
    return f"{value * 100:.0f}\u202f%"


def _number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def documented_reason(item: DocumentedItem) -> str:
    p = item.pattern
    ewc = _ewc_text(p.ewc)
    what = (
        f"des établissements du secteur {_sector(p.provider_naf)} fournissent « {p.resource_label} »"
        f"{f' ({ewc})' if ewc else ''} à des établissements du secteur {_sector(p.receiver_naf)} : "
        f"{_lower_first(p.receiver_use)}"
    )
    if item.provider_affinity == 1 and item.receiver_affinity == 1:
        return f"Motif documenté : {what}. Source : {p.source.citation()}."
    weight = item.provider_affinity * item.receiver_affinity
    return (
        f"Motif documenté pour des activités voisines dans la NAF : {what} ; étendu ici aux activités de la "
        f"même branche de la nomenclature (poids {_number(weight)}). Source : {p.source.citation()}."
    )


def resource_reason(item: ResourceItem) -> str:
    e, u = item.emitted, item.used
    code = e.ewc[0] if len(e.ewc) == 1 and len(e.ewc[0]) == 6 else ""
    ewc = _ewc_text(code)
    process = f", {_lower_first(e.text)}" if e.text else ""
    heat = f" à {e.temperature_c:.0f} °C" if e.temperature_c is not None else ""
    need = f" (besoin à {u.temperature_c:.0f} °C)" if u.temperature_c is not None else ""
    widened = ""
    if item.provider_affinity < 1 or item.receiver_affinity < 1:
        widened = " Connaissance généralisée le long de la NAF depuis des activités voisines."
    return (
        f"Lien par la ressource : le secteur {_sector(e.naf)} émet « {e.label} »{heat}{process}"
        f"{f' ({ewc})' if ewc else ''} — confiance {_number(e.confidence)}, source : {e.source.citation()} ; "
        f"le secteur {_sector(u.naf)} utilise « {u.label} »{need} : {_lower_first(u.text)} — confiance "
        f"{_number(u.confidence)}, source : {u.source.citation()}. Compatibilité {_number(item.compatibility)} : "
        f"{item.basis}.{widened}"
    )


def io_reason(group: GroupEvidence, io: IOTable) -> str:
    from .nomenclatures import naf_to_a38

    buyer, product = naf_to_a38(group.receiver_class) or "", naf_to_a38(group.provider_class) or ""
    return (
        f"Flux entrées-sorties : en France, la branche « {io.labels.get(buyer, buyer)} » ({buyer}) achète "
        f"{_percent(group.io_share)} de ses consommations intermédiaires produites dans le pays à la branche "
        f"« {io.labels.get(product, product)} » ({product}) (INSEE, tableau des entrées-sorties A38, {io.year})."
    )


def placement_reason(
    pairs: list[Pair], people: Mapping[str, Establishment], n: int, category: str, temperature_c: float | None
) -> str:
    best = pairs[0]
    provider, receiver = people[best.provider_siret], people[best.receiver_siret]
    where = ""
    if best.distance_km is not None:
        d50 = half_distance_km(category, temperature_c)
        kind = "de chaleur" if category == "energie" else "de ce type"
        where = (
            f", environ {best.distance_km:.0f} km par la route (un échange {kind} reste faisable une fois sur "
            f"deux à {d50:.0f} km)"
        )
    return (
        f"{n} paire{'s' if n > 1 else ''} d'établissements candidate{'s' if n > 1 else ''} sur le territoire ; "
        f"la mieux placée : {provider.name} → {receiver.name}{where}."
    )


def probability_reason(probability: float, validity: float, placement: float) -> str:
    return (
        f"Probabilité estimée qu'une animatrice ou un animateur la confirme : {_percent(probability)} "
        f"(indices {_number(validity)} × placement et taille de la meilleure paire {_number(placement)})."
    )
