"""Matching companies' land and premises needs with the plots and premises offered, with the reasons.

Plain Python, no Django import: usable from a notebook and tested with plain data.

**Hard refusals** (the pair is not proposed at all): a different kind (a plot for a premises need, or the
reverse); an offer that is taken or withdrawn; a surface outside the need's range widened by
``Rules.surface_tolerance`` (20 %: a 9 000 m² plot is still shown for a 10 000 m² need, a 5 000 m² one is
not).

**Score** of a proposed pair, a weighted sum in [0, 1]:

===========  ======  ==================================================================================
component    weight  value
===========  ======  ==================================================================================
surface      0.30    1 inside the range; outside it (within the tolerance), 1 − the gap's share / tolerance
price        0.20    1 when the lowest price is within the budget (0.8 when only the lowest is), decreasing
                     to 0 at ``price_excess`` (50 %) over; 0.5 when the budget or the price is not given
services     0.20    share of the required services the offer has (1 when none is required)
place        0.20    1 in a wished commune; otherwise exp(−d / ``decay_km``) with d the road distance
                     (great-circle distance between the communes' centres × 1.3) to the nearest wished
                     commune; 0.8 when the company wishes no commune in particular or a centre is unknown
transaction  0.05    1 when compatible (same, or one side accepts sale or rent), 0 otherwise
availability 0.05    1 available, 0.5 under option
===========  ======  ==================================================================================

Each criterion gives a :class:`Reason` (a code and its parameters) that the Django side renders in French
(:data:`MESSAGES` holds the English msgids). Proposals for a need are sorted by score, then by the order of
the offers given: the same input always gives the same list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .problems import Translate, gettext_noop, untranslated

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3
AVAILABLE, OPTION = "available", "option"
EITHER = "either"

MESSAGES: dict[str, str] = {
    "kind": gettext_noop("%(kind)s, as wished"),
    "transaction": gettext_noop("transaction compatible: %(offer)s, %(need)s wished"),
    "transaction_mismatch": gettext_noop("transaction differs: %(offer)s, %(need)s wished"),
    "surface_fits": gettext_noop("surface %(surface)s m² within the range wished (%(range)s m²)"),
    "surface_below": gettext_noop("surface %(surface)s m², %(gap)s %% below the %(limit)s m² wished"),
    "surface_above": gettext_noop("surface %(surface)s m², %(gap)s %% above the %(limit)s m² wished"),
    "price_within": gettext_noop("price within the budget of %(budget)s €"),
    "price_partly": gettext_noop("lowest price within the budget of %(budget)s €, highest above it"),
    "price_over": gettext_noop("price %(gap)s %% over the budget of %(budget)s €"),
    "price_unknown": gettext_noop("price or budget not given"),
    "services_present": gettext_noop("required services present: %(services)s"),
    "services_missing": gettext_noop("required services missing: %(services)s"),
    "commune_wished": gettext_noop("in a wished commune (%(commune)s)"),
    "distance": gettext_noop("%(km)s km by road from the nearest wished commune (%(commune)s)"),
    "commune_any": gettext_noop("no commune wished in particular"),
    "distance_unknown": gettext_noop("distance to the wished communes unknown"),
    "available": gettext_noop("offer available"),
    "option": gettext_noop("offer under option"),
}


@dataclass(frozen=True)
class Rules:
    w_surface: float = 0.30
    w_price: float = 0.20
    w_services: float = 0.20
    w_place: float = 0.20
    w_transaction: float = 0.05
    w_status: float = 0.05
    surface_tolerance: float = 0.20
    price_excess: float = 0.50
    decay_km: float = 15.0
    road_factor: float = ROAD_FACTOR
    neutral_place: float = 0.8


@dataclass(frozen=True)
class Offer:
    id: str
    kind: str  # « plot » or « premises »
    transaction: str  # « sale », « rent », « either »
    surface: float
    commune: str
    price_min: float | None = None
    price_max: float | None = None
    services: frozenset[str] = frozenset()
    status: str = AVAILABLE


@dataclass(frozen=True)
class Need:
    id: str
    kind: str
    transaction: str
    surface_min: float
    surface_max: float | None = None
    budget_max: float | None = None
    communes: tuple[str, ...] = ()
    services: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def explain(self, _: Translate = untranslated) -> str:
        template = _(MESSAGES[self.code])
        return template % self.params if self.params else template.replace("%%", "%")

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Match:
    need: str
    offer: str
    score: float
    reasons: tuple[Reason, ...]


Centres = Mapping[str, tuple[float, float]]  # commune code -> (latitude, longitude)


def road_km(a: tuple[float, float], b: tuple[float, float], factor: float = ROAD_FACTOR) -> float:
    """Great-circle distance between two (latitude, longitude) points × ``factor`` (a road-distance proxy)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h))) * factor


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def _surface(need: Need, offer: Offer, rules: Rules) -> tuple[float, Reason] | None:
    low, high = need.surface_min, need.surface_max
    if offer.surface < low:
        gap = (low - offer.surface) / low
        code, limit = "surface_below", low
    elif high is not None and offer.surface > high:
        gap = (offer.surface - high) / high
        code, limit = "surface_above", high
    else:
        wished = f"{_n(low)} – {_n(high)}" if high is not None else f"≥ {_n(low)}"
        return 1.0, Reason("surface_fits", {"surface": _n(offer.surface), "range": wished})
    if gap > rules.surface_tolerance:
        return None
    params = {"surface": _n(offer.surface), "gap": f"{gap * 100:.0f}", "limit": _n(limit)}
    return 1 - gap / rules.surface_tolerance, Reason(code, params)


def _price(need: Need, offer: Offer, rules: Rules) -> tuple[float, Reason]:
    low = offer.price_min if offer.price_min is not None else offer.price_max
    if need.budget_max is None or low is None:
        return 0.5, Reason("price_unknown")
    budget = {"budget": _n(need.budget_max)}
    if low > need.budget_max:
        gap = (low - need.budget_max) / need.budget_max if need.budget_max else math.inf
        return max(0.0, 1 - gap / rules.price_excess), Reason("price_over", {**budget, "gap": f"{gap * 100:.0f}"})
    if offer.price_max is not None and offer.price_max > need.budget_max:
        return 0.8, Reason("price_partly", budget)
    return 1.0, Reason("price_within", budget)


def _services(need: Need, offer: Offer) -> tuple[float, list[Reason]]:
    if not need.services:
        return 1.0, []
    present, missing = sorted(need.services & offer.services), sorted(need.services - offer.services)
    reasons = []
    if present:
        reasons.append(Reason("services_present", {"services": present}))
    if missing:
        reasons.append(Reason("services_missing", {"services": missing}))
    return len(present) / len(need.services), reasons


def _place(need: Need, offer: Offer, centres: Centres, rules: Rules) -> tuple[float, Reason]:
    if not need.communes:
        return rules.neutral_place, Reason("commune_any")
    if offer.commune in need.communes:
        return 1.0, Reason("commune_wished", {"commune": offer.commune})
    here = centres.get(offer.commune)
    known = [(road_km(here, centres[c], rules.road_factor), c) for c in need.communes if c in centres] if here else []
    if not known:
        return rules.neutral_place, Reason("distance_unknown")
    km, commune = min(known)
    return math.exp(-km / rules.decay_km), Reason("distance", {"km": f"{km:.0f}", "commune": commune})


def evaluate(need: Need, offer: Offer, centres: Centres | None = None, rules: Rules = Rules()) -> Match | None:
    """The score and reasons of proposing ``offer`` for ``need``, or None when the pair is refused."""
    centres = centres or {}
    if need.kind != offer.kind or offer.status not in (AVAILABLE, OPTION):
        return None
    surface = _surface(need, offer, rules)
    if surface is None:
        return None
    surface_score, surface_reason = surface
    reasons = [Reason("kind", {"kind": offer.kind})]
    compatible = EITHER in (need.transaction, offer.transaction) or need.transaction == offer.transaction
    sides = {"offer": offer.transaction, "need": need.transaction}
    reasons.append(Reason("transaction" if compatible else "transaction_mismatch", sides))
    reasons.append(surface_reason)
    price_score, price_reason = _price(need, offer, rules)
    reasons.append(price_reason)
    services_score, services_reasons = _services(need, offer)
    reasons += services_reasons
    place_score, place_reason = _place(need, offer, centres, rules)
    reasons.append(place_reason)
    reasons.append(Reason(offer.status))
    score = (
        rules.w_surface * surface_score
        + rules.w_price * price_score
        + rules.w_services * services_score
        + rules.w_place * place_score
        + rules.w_transaction * (1.0 if compatible else 0.0)
        + rules.w_status * (1.0 if offer.status == AVAILABLE else 0.5)
    )
    return Match(need.id, offer.id, round(score, 4), tuple(reasons))


def match(
    needs: Iterable[Need],
    offers: Sequence[Offer],
    centres: Centres | None = None,
    rules: Rules = Rules(),
) -> list[Match]:
    """Every proposed pair: needs in the order given, each need's offers by score (then order given)."""
    out: list[Match] = []
    order = {offer.id: i for i, offer in enumerate(offers)}
    for need in needs:
        found = [m for offer in offers if (m := evaluate(need, offer, centres, rules)) is not None]
        out += sorted(found, key=lambda m: (-m.score, order[m.offer]))
    return out
