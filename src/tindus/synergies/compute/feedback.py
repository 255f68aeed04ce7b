"""What became of past opportunities feeds back into the ranking of the next ones.

Plain Python, no Django import. Each opportunity is followed through a pipeline (:data:`STATUSES`, the
values of ``tindus.synergies.models.Status``):
détectée → proposée → contact établi → en étude → mise en œuvre, or abandonnée with a reason from
:data:`ABANDON_REASONS` and free text. A type of exchange that the territory's firms keep abandoning
because the material is not good enough should rank lower next time; one they keep implementing, higher.

**Keys.** An opportunity is summarised by *feedback keys*, most specific first: the documented pattern
(« pattern:P012 »), the waste code and its sub-chapter (« ewc:120101 », « ewc:1201 »), the ROME job
(« rome:H2903 »), the equipment class, the pool (« pool:rome:H2903 »), the category
(« category:energie »). :func:`keys_for_match`, :func:`keys_for_proposal` and :func:`keys_for_pool` write
them; keys never hold spaces (they are stored space-separated). When an opportunity closes, one
:class:`Outcome` is recorded per key (:func:`outcomes`), so that a general key collects the history of all
its specific ones.

**Model.** Per key, closed outcomes only (open statuses say nothing yet):

- ``I`` implementations, and abandonments counted with the weight of their reason (:data:`REASON_WEIGHTS`),
  ``A = Σ weight``;
- the implementation rate, Beta-smoothed towards the territory's global rate ``r₀`` with ``prior_strength``
  ``s`` pseudo-outcomes: ``r = (I + s·r₀) / (I + A + s)``, so that two abandonments out of two move a key
  less than twenty out of twenty. ``r₀ = (ΣI + 1) / (ΣI + ΣA + 2)`` over all recorded outcomes (an opportunity
  counts once per key; 0.5 without any), or ``base_rate`` when given;
- its shift in log-odds, ``logit r − logit r₀`` (0 for a key that behaves like the territory on average).

An item's keys add their shifts, each weighted by how broad the key is (:data:`LEVEL_WEIGHTS`): 1 for an
exchange type (pattern, input-output cell, pool), 0.7 for a code (EWC, ROME, equipment), 0.5 for a family
of codes (EWC sub-chapter, ROME domain), 0.25 for a category. A broader key only brings the outcomes its
narrower key before it does not hold already (an abandonment recorded under the pattern, the waste code
and the category counts once, with the pattern's weight). A pattern abandoned three times for quality
thus drops well; another pattern of the same category, never tried, only a little. The score is then
multiplied by ``m = 1 + 0.5 · tanh(Σ weight · shift)``, within [0.5, 1.5], exactly 1 without any closed
outcome. :meth:`FeedbackModel.explain` names the key that moves the item most.

**Reason weights.** An abandonment says something about the *type* of exchange when the cause lies in the
material or the activity (quality, regulation, quantity, cost): another pair of firms would meet it
again. When the cause lies in the *pair* (too far apart, nobody to talk to, trust), another pair could
well succeed, so it weighs less:

=================  ======  =========================================================================
reason             weight  why
=================  ======  =========================================================================
qualite            1.0     the material itself: any receiver would meet it
reglementation     1.0     the rules apply to every pair (waste status, ICPE, sanitary rules)
quantite           0.8     mostly the type of flow (small, irregular), partly this provider's size
cout               0.8     mostly the economics of the exchange, partly these firms' prices
autre, none given  0.5     unknown: half-way
distance           0.3     mostly these two sites; a little the material (low value travels badly)
confiance          0.25    these firms' relationship or secrets
interlocuteur      0.2     nobody to follow up in these firms
=================  ======  =========================================================================

``bench/feedback.py`` measures the effect: on a simulated territory, the share of followed opportunities
implemented in round 1 (prior scores only) against later rounds (re-ranked with all earlier outcomes).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .declarations import CATEGORIES, Declaration
from .text import plain

STATUSES = {
    "detected": "détectée",
    "proposed": "proposée",
    "contact": "contact établi",
    "study": "en étude",
    "implemented": "mise en œuvre",
    "abandoned": "abandonnée",
}
IMPLEMENTED, ABANDONED = "implemented", "abandoned"
OPEN_STATUSES = frozenset({"detected", "proposed", "contact", "study"})

ABANDON_REASONS = {
    "qualite": "qualité ou régularité de la matière",
    "quantite": "quantités insuffisantes ou irrégulières",
    "distance": "distance ou coût du transport",
    "cout": "coût ou rentabilité",
    "reglementation": "contraintes réglementaires",
    "confiance": "confidentialité ou confiance",
    "interlocuteur": "pas d'interlocuteur ou de suite",
    "autre": "autre raison",
}
NO_REASON_LABEL = "raison non précisée"
REASON_WEIGHTS = {  # see the table in the module docstring
    "qualite": 1.0,
    "reglementation": 1.0,
    "quantite": 0.8,
    "cout": 0.8,
    "autre": 0.5,
    "": 0.5,
    "distance": 0.3,
    "confiance": 0.25,
    "interlocuteur": 0.2,
}
PAIR_REASONS = frozenset({"distance", "confiance", "interlocuteur"})  # tied to the two firms, not the type
MAX_SWING = 0.5  # the multiplier stays within [1 − MAX_SWING, 1 + MAX_SWING]
NEUTRAL = 0.02  # a multiplier closer than this to 1 leaves the rank « inchangé »
RATE_BOUNDS = (0.02, 0.98)  # a given base rate is kept off 0 and 1, where log-odds diverge
LEVEL_WEIGHTS = (1.0, 0.7, 0.5, 0.25)  # exchange type, code, family of codes, category (see key_level)

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """Where one opportunity of type ``key`` stands; ``reason`` (a key of ABANDON_REASONS) when abandoned."""

    key: str
    status: str
    reason: str = ""
    note: str = ""  # the free text given with the reason (kept, not used by the ranking)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}: one of {', '.join(STATUSES)}")
        if self.reason and self.reason not in ABANDON_REASONS:
            raise ValueError(f"unknown abandon reason {self.reason!r}: one of {', '.join(ABANDON_REASONS)}")


def outcomes(keys: Iterable[str], status: str, reason: str = "", note: str = "") -> list[Outcome]:
    """One :class:`Outcome` per feedback key of an opportunity (what is recorded when it closes)."""
    return [Outcome(key, status, reason, note) for key in dict.fromkeys(keys)]


# --- keys --------------------------------------------------------------------------------------------------


def _token(text: str) -> str:
    """A key part without spaces or accents: « Presse plieuse » → « presse_plieuse »."""
    return "_".join(plain(text.lower()).split())


def _ewc_keys(codes: Iterable[str]) -> list[str]:
    codes = [c for c in dict.fromkeys(codes) if c]
    return [f"ewc:{c}" for c in codes] + [f"ewc:{s}" for s in dict.fromkeys(c[:4] for c in codes if len(c) == 6)]


def keys_for_match(need: Declaration, offer: Declaration) -> tuple[str, ...]:
    """Feedback keys of a pairwise match, most specific first.

    The offered material's EWC code (then the need's, then their sub-chapters), the ROME codes both sides
    share (else all of theirs) then their domains (« rome:H29 »), the equipment class, and the need's
    category.
    """
    keys = _ewc_keys((offer.ewc, need.ewc))
    need_rome = [c.strip().upper() for c in need.rome if c.strip()]
    offer_rome = [c.strip().upper() for c in offer.rome if c.strip()]
    codes = [c for c in need_rome if c in offer_rome] or list(dict.fromkeys(need_rome + offer_rome))
    keys += [f"rome:{c}" for c in codes] + [f"rome:{d}" for d in dict.fromkeys(c[:3] for c in codes)]
    equipment = need.equipment.strip() or offer.equipment.strip()
    if equipment:
        keys.append(f"equipement:{_token(equipment)}")
    keys.append(f"category:{need.category}")
    return tuple(dict.fromkeys(keys))


def keys_for_pool(pool: Any) -> tuple[str, ...]:
    """Feedback keys of a :class:`tindus.synergies.compute.pooling.Pool`: its own key, then « pool:<category> »."""
    return (f"pool:{pool.key}", f"pool:{pool.category}")


_BRANCH = re.compile(r"branche (\w+)")


def keys_for_proposal(proposal: Any) -> tuple[str, ...]:
    """Feedback keys of a discovery :class:`~tindus.synergies.compute.discovery.Proposal` (or of a pool), most
    specific first: its pattern ids, else the input-output cell (« io:CA>CB »); then its EWC code and
    sub-chapter; then its category."""
    if hasattr(proposal, "companies") and hasattr(proposal, "key"):
        return keys_for_pool(proposal)
    keys = [f"pattern:{p}" for p in getattr(proposal, "pattern_ids", ()) or ()]
    if getattr(proposal, "kind", "") == "io":
        branches = [_BRANCH.search(getattr(proposal, name, "") or "") for name in ("resource_label", "receiver_use")]
        if all(branches):
            keys.append(f"io:{branches[0].group(1)}>{branches[1].group(1)}")
    keys += _ewc_keys([getattr(proposal, "ewc", "") or ""])
    category = getattr(proposal, "resource_category", "") or getattr(proposal, "category", "")
    if category:
        keys.append(f"category:{category}")
    return tuple(dict.fromkeys(keys))


# --- model -------------------------------------------------------------------------------------------------


def key_level(key: str) -> int:
    """How broad a key is: 0 an exchange type (pattern, input-output cell, pool), 1 a code (EWC, ROME,
    equipment), 2 a family of codes (EWC sub-chapter, ROME domain), 3 a category."""
    prefix, _, rest = key.partition(":")
    if prefix == "pool":
        return 0 if ":" in rest else 3
    if prefix in ("ewc", "rome"):
        return 1 if len(rest) in (5, 6) else 2
    return {"equipement": 1, "category": 3}.get(prefix, 0)


@dataclass
class KeyStats:
    """The closed outcomes of one key."""

    implemented: int = 0
    abandoned: int = 0
    weighted_abandoned: float = 0.0  # abandonments, each counted with its reason's weight
    reasons: Counter = field(default_factory=Counter)  # reason key ("" when none given) → abandonments

    @property
    def closed(self) -> int:
        return self.implemented + self.abandoned


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


def _factor(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _what(key: str) -> str:
    """« 3 opportunités <what> abandonnées » for a key."""
    prefix, _, rest = key.partition(":")
    if prefix == "ewc" and rest.isdigit():
        label = " ".join(rest[i : i + 2] for i in range(0, len(rest), 2))
        return f"sur le même déchet ({label})" if len(rest) == 6 else f"sur la même famille de déchets ({label})"
    if prefix == "rome":
        return f"sur le même métier ({rest})" if len(rest) == 5 else f"sur le même domaine de métiers ({rest})"
    if prefix == "equipement":
        return "sur le même type d'équipement"
    if key_level(key) == 3:
        label = CATEGORIES.get(rest.removeprefix("category:"), rest)
        return f"de la même catégorie ({label})"
    return "de ce type"


@dataclass(frozen=True)
class FeedbackModel:
    """Per-key implementation rates learnt from outcomes, turned into score multipliers (module docstring)."""

    stats: Mapping[str, KeyStats]
    base_rate: float
    prior_strength: float = 4.0
    reason_weights: Mapping[str, float] = field(default_factory=lambda: dict(REASON_WEIGHTS))

    @classmethod
    def from_outcomes(
        cls,
        outcomes: Iterable[Outcome],
        prior_strength: float = 4.0,
        base_rate: float | None = None,
        reason_weights: Mapping[str, float] | None = None,
    ) -> FeedbackModel:
        """Count the closed outcomes of each key (open statuses are ignored) and the global rate."""
        if prior_strength <= 0:
            raise ValueError("prior_strength must be positive")
        weights = dict(REASON_WEIGHTS if reason_weights is None else reason_weights)
        stats: dict[str, KeyStats] = {}
        for o in outcomes:
            if o.status == IMPLEMENTED:
                stats.setdefault(o.key, KeyStats()).implemented += 1
            elif o.status == ABANDONED:
                s = stats.setdefault(o.key, KeyStats())
                s.abandoned += 1
                s.weighted_abandoned += weights.get(o.reason, weights.get("", 0.5))
                s.reasons[o.reason] += 1
        if base_rate is None:  # Laplace: 0.5 without outcomes, never 0 or 1
            implemented = sum(s.implemented for s in stats.values())
            total = implemented + sum(s.weighted_abandoned for s in stats.values())
            base_rate = (implemented + 1) / (total + 2)
        low, high = RATE_BOUNDS
        return cls(stats, min(max(base_rate, low), high), prior_strength, weights)

    def _rate(self, implemented: float, abandoned: float) -> float:
        return (implemented + self.prior_strength * self.base_rate) / (implemented + abandoned + self.prior_strength)

    def rate(self, key: str) -> float:
        """The smoothed implementation rate of ``key`` (the global rate when it has no closed outcome)."""
        s = self.stats.get(key)
        return self.base_rate if s is None else self._rate(s.implemented, s.weighted_abandoned)

    def contributions(self, keys: str | Sequence[str]) -> list[tuple[str, float]]:
        """(key, weighted log-odds shift) of each of ``keys`` with closed outcomes, in the given order.

        A key counts only the outcomes its nearest narrower key before it does not already count (they were
        recorded under both), times the weight of its breadth (:data:`LEVEL_WEIGHTS`).
        """
        keys = (keys,) if isinstance(keys, str) else tuple(dict.fromkeys(keys))
        seen: list[tuple[int, KeyStats]] = []
        shifts: list[tuple[str, float]] = []
        for key in keys:
            s = self.stats.get(key)
            if s is None or not s.closed:
                continue
            level = key_level(key)
            narrower = next((n for lv, n in reversed(seen) if lv < level), None)
            implemented, abandoned = s.implemented, s.weighted_abandoned
            if narrower is not None:
                implemented = max(0, implemented - narrower.implemented)
                abandoned = max(0.0, abandoned - narrower.weighted_abandoned)
            shift = _logit(self._rate(implemented, abandoned)) - _logit(self.base_rate)
            shifts.append((key, LEVEL_WEIGHTS[level] * shift))
            seen.append((level, s))
        return shifts

    def multiplier(self, keys: str | Sequence[str]) -> float:
        """What the score of an item with these keys is multiplied by, in [0.5, 1.5]; 1.0 without evidence."""
        shift = sum(value for _key, value in self.contributions(keys))
        return 1.0 + MAX_SWING * math.tanh(shift)

    def evidence_key(self, keys: str | Sequence[str]) -> str | None:
        """The key whose history moves the item most (the first on a tie), or None without any."""
        shifts = self.contributions(keys)
        if not shifts:
            return None
        return max(shifts, key=lambda kv: abs(kv[1]))[0] if any(v for _k, v in shifts) else shifts[0][0]

    def explain(self, keys: str | Sequence[str]) -> str | None:
        """A French sentence saying what the territory's history changes to this item's rank, or None."""
        key = self.evidence_key(keys)
        if key is None:
            return None
        s, m, what = self.stats[key], self.multiplier(keys), _what(key)
        suivies = _plural(s.closed, "suivie")
        if s.abandoned and (m < 1 - NEUTRAL or not s.implemented):
            done = "abandonnée" if s.abandoned == 1 else "abandonnées"
            text = (
                f"{_plural(s.abandoned, 'opportunité')} {what} {done} sur {suivies} sur le territoire, "
                f"surtout pour : {self._main_reasons(s)}"
            )
        else:
            done = "mise" if s.implemented == 1 else "mises"
            text = f"{_plural(s.implemented, 'opportunité')} {what} {done} en œuvre sur {suivies} sur le territoire"
            if s.abandoned:
                text += f" ({_plural(s.abandoned, 'abandon')}, surtout pour : {self._main_reasons(s)})"
        if m < 1 - NEUTRAL:
            effect = f"rang abaissé (score × {_factor(m)})"
        elif m > 1 + NEUTRAL:
            effect = f"rang relevé (score × {_factor(m)})"
        else:
            effect = "rang inchangé"
        pair = sum(n for reason, n in s.reasons.items() if reason in PAIR_REASONS)
        if s.abandoned and pair / s.abandoned > 0.5:
            effect += ", ces raisons tenant surtout aux entreprises en présence plus qu'au type d'échange"
        return f"{text} ; {effect}."

    def _main_reasons(self, s: KeyStats) -> str:
        top = max(s.reasons.values())
        order = [*ABANDON_REASONS, ""]
        tied = sorted((r for r, n in s.reasons.items() if n == top), key=order.index)
        return " et ".join(ABANDON_REASONS.get(r, NO_REASON_LABEL) for r in tied)

    def adjust(self, score: float, keys: str | Sequence[str]) -> tuple[float, str]:
        """(adjusted score, French note or "")."""
        return score * self.multiplier(keys), self.explain(keys) or ""


def rerank(
    items: Iterable[T],
    keys_of: Callable[[T], Sequence[str]],
    score_of: Callable[[T], float],
    model: FeedbackModel | None,
) -> list[tuple[T, float, str]]:
    """``items`` as (item, adjusted score, note), best adjusted score first; ties keep the given order.

    Without a model, or without any outcome for the items' keys, scores are unchanged and the order is the
    order by score (the given one when the items come sorted).
    """
    if model is None:
        rows = [(item, score_of(item), "") for item in items]
    else:
        seen: dict[tuple[str, ...], tuple[float, str]] = {}  # items often share their keys
        rows = []
        for item in items:
            keys = tuple(keys_of(item))
            if keys not in seen:
                seen[keys] = (model.multiplier(keys), model.explain(keys) or "")
            factor, note = seen[keys]
            rows.append((item, score_of(item) * factor, note))
    return sorted(rows, key=lambda row: -row[1])
