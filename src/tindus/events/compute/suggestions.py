"""Which companies of an event each participant should meet, best first, and why, from the synergies engine.

Plain Python (no Django import): the participants come as :class:`Profile` values, the knowledge as the
synergies discovery's patterns and input-output table, and the companies' synergies declarations (if any)
as the matcher's own types. Five kinds of evidence, each a :class:`Reason` with its weight:

============  ======  ===================================================================================
kind          weight  evidence
============  ======  ===================================================================================
categories    0.5     what one offers meets what the other seeks, by the synergies categories ticked at
                      registration and the matcher's rule of which offers meet which needs
                      (:data:`tindus.synergies.compute.matching.ACCEPTS`), in either direction
declarations  1.0 ×   the synergies matcher's score of the two companies' best complementary declarations
                      in the territory (:class:`~tindus.synergies.compute.matching.Matcher`)
pooling       0.2     the same need ticked by both in a category firms pool (recruitment, training,
                      purchasing…); 0.4 × the pool's score when the pooling engine groups their declared needs
                      (:func:`~tindus.synergies.compute.pooling.find_pools`, from two companies)
pattern       1.5 ×   a documented exchange between their sectors (:func:`~tindus.synergies.compute.discovery
                      .discover`: published cases, and analogies drawn from them), × the proposal's score
supply        1.0 ×   supply-chain fit: the branch of one sells a large share of the other's intermediate
                      consumption in the INSEE input-output table, × the proposal's score
============  ======  ===================================================================================

A kind counts at most :data:`KIND_CAP` in a pair's score (two documented patterns between the same sectors do
not outweigh everything else). Ties are broken by name then id, so the list is reproducible. Pairs in
``exclude`` (already asked, met or forbidden) are left out.

The reasons are written through the ``_`` argument (English messages; the Django side gives ``gettext``), and
quote the engine's own French wording of an exchange (the pattern's resource, the pool's title).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from tindus.synergies.compute import pooling
from tindus.synergies.compute.declarations import Company, Declaration
from tindus.synergies.compute.discovery import Establishment, IOTable, Knowledge, discover
from tindus.synergies.compute.discovery.nomenclatures import naf_to_a38
from tindus.synergies.compute.discovery.proposals import POOLING
from tindus.synergies.compute.matching import ACCEPTS, Matcher

Translate = Callable[[str], str]

W_CATEGORY = 0.5
W_DECLARATIONS = 1.0
W_SAME_NEED = 0.2
W_POOL = 0.4
W_PATTERN = 1.5
W_SUPPLY = 1.0
KIND_CAP = 1.0


def untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Profile:
    """A participant as the ranking sees it."""

    id: str
    siret: str
    name: str
    naf: str = ""
    commune: str = ""
    lat: float | None = None
    lon: float | None = None
    size_band: str = ""
    offers: tuple[str, ...] = ()  # synergies category keys
    seeks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    kind: str  # categories, declarations, pooling, pattern, supply
    text: str
    weight: float


@dataclass
class Suggestion:
    other: str  # Profile.id
    score: float
    reasons: list[Reason] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return self.reasons[0].text if self.reasons else ""


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


class _Evidence:
    """Reasons found for each (viewer, other) ordered pair: each is written from the viewer's side."""

    def __init__(self, viewers: set[str]) -> None:
        self.viewers = viewers  # only their lists are wanted
        self.reasons: dict[tuple[str, str], list[Reason]] = defaultdict(list)

    def add(self, viewer: str, other: str, reason: Reason) -> None:
        if viewer in self.viewers and viewer != other and reason not in self.reasons[viewer, other]:
            self.reasons[viewer, other].append(reason)

    def score(self, viewer: str, other: str) -> float:
        by_kind: dict[str, float] = defaultdict(float)
        for r in self.reasons[viewer, other]:
            by_kind[r.kind] += r.weight
        return sum(min(KIND_CAP, w) for w in by_kind.values())


def _categories(evidence: _Evidence, profiles: Sequence[Profile], labels: Mapping[str, str], _: Translate) -> None:
    for viewer in (p for p in profiles if p.id in evidence.viewers):
        for other in profiles:
            if other.id == viewer.id:
                continue
            for need in viewer.seeks:
                for offer in [c for c in ACCEPTS.get(need, (need,)) if c in other.offers]:
                    if offer == need:
                        text = _("This company offers « %(offer)s », which you seek.")
                    else:
                        text = _("This company offers « %(offer)s », which you seek (« %(need)s »).")
                    values = {"offer": labels.get(offer, offer), "need": labels.get(need, need)}
                    evidence.add(viewer.id, other.id, Reason("categories", text % values, W_CATEGORY))
            for need in other.seeks:
                if any(c in viewer.offers for c in ACCEPTS.get(need, (need,))):
                    text = _("This company seeks « %(need)s », which you offer.") % {"need": labels.get(need, need)}
                    evidence.add(viewer.id, other.id, Reason("categories", text, W_CATEGORY))
            for need in sorted(set(viewer.seeks) & set(other.seeks) & POOLING):
                text = _(
                    "You both seek « %(need)s »: a joint approach (shared purchase, training session, recruitment) "
                    "is possible."
                )
                evidence.add(
                    viewer.id, other.id, Reason("pooling", text % {"need": labels.get(need, need)}, W_SAME_NEED)
                )


def _declarations(
    evidence: _Evidence, by_siret: Mapping[str, list[Profile]], companies: Sequence[Company],
    declarations: Sequence[Declaration], _: Translate,
) -> None:  # fmt: skip
    # A company the map cannot place (no commune centre) cannot be compared by distance: left out, as the
    # pooling engine does.
    places = [c for c in companies if c.id in by_siret and math.isfinite(c.lat) and math.isfinite(c.lon)]
    placed = {c.id for c in places}
    known = [d for d in declarations if d.company in placed]
    if not known:
        return
    matcher = Matcher(places, known)
    for matches in matcher.all_candidates(k=20).values():
        for match in matches:
            mine, theirs = match.declaration, match.other
            why = "; ".join(match.reasons[:2])
            text = _("Complementary declarations: your « %(mine)s » and their « %(theirs)s »%(why)s.") % {
                "mine": mine.text or mine.category, "theirs": theirs.text or theirs.category,
                "why": f" ({why})" if why else "",
            }  # fmt: skip
            for viewer in by_siret[mine.company]:
                for other in by_siret[theirs.company]:
                    evidence.add(viewer.id, other.id, Reason("declarations", text, W_DECLARATIONS * match.score))
    for pool in pooling.find_pools(places, known, min_companies=2):
        members = [p for siret in pool.companies for p in by_siret[siret]]
        text = _("Pooling: %(title)s.") % {"title": pool.title}
        for a, b in combinations(members, 2):
            evidence.add(a.id, b.id, Reason("pooling", text, W_POOL * pool.score))
            evidence.add(b.id, a.id, Reason("pooling", text, W_POOL * pool.score))


def _discovery(
    evidence: _Evidence, profiles: Sequence[Profile], by_siret: Mapping[str, list[Profile]],
    knowledge: Knowledge | None, _: Translate,
) -> None:  # fmt: skip
    if knowledge is None:
        return
    io_table = knowledge.io_table
    people = {p.siret: Establishment(p.siret, p.name, p.naf, p.commune, p.lat, p.lon, p.size_band)
              for p in profiles if p.naf}  # fmt: skip
    sirets = {p.siret for p in profiles if p.id in evidence.viewers}
    for proposal in discover(list(people.values()), knowledge, k=None):
        for provider in proposal.providers:
            for receiver in proposal.receivers:
                if provider.siret == receiver.siret or not {provider.siret, receiver.siret} & sirets:
                    continue
                if proposal.kind == "io":
                    kind, weight = "supply", W_SUPPLY * proposal.score
                    give, take = _supply_texts(provider.naf, receiver.naf, proposal.io_share, io_table, _)
                else:
                    kind, weight = "pattern", W_PATTERN * proposal.score
                    give, take = _pattern_texts(proposal.kind, proposal.resource_label, proposal.receiver_use, _)
                for p in by_siret[provider.siret]:
                    for r in by_siret[receiver.siret]:
                        evidence.add(p.id, r.id, Reason(kind, give, weight))
                        evidence.add(r.id, p.id, Reason(kind, take, weight))


def _pattern_texts(kind: str, resource: str, use: str, _: Translate) -> tuple[str, str]:
    values = {"resource": resource, "use": use[:1].lower() + use[1:] if use[1:2].islower() else use}
    if kind == "resource":
        give = _("Exchange through a resource: you could supply « %(resource)s » to this company (%(use)s).")
        take = _("Exchange through a resource: this company could supply you « %(resource)s » (%(use)s).")
    elif kind == "pattern":
        give = _("Documented exchange: you could supply « %(resource)s » to this company (%(use)s).")
        take = _("Documented exchange: this company could supply you « %(resource)s » (%(use)s).")
    else:
        give = _("Exchange by analogy with documented cases: you could supply « %(resource)s » (%(use)s).")
        take = _("Exchange by analogy with documented cases: this company could supply « %(resource)s » (%(use)s).")
    return give % values, take % values


def _supply_texts(
    provider_naf: str, receiver_naf: str, share: float | None, io_table: IOTable | None, _: Translate
) -> tuple[str, str]:
    labels = io_table.labels if io_table else {}
    product, buyer = naf_to_a38(provider_naf) or "", naf_to_a38(receiver_naf) or ""
    values = {
        "product": labels.get(product, product), "buyer": labels.get(buyer, buyer),
        "share": f"{round(100 * (share or 0))}\u202f%", "year": io_table.year if io_table else "",
    }  # fmt: skip
    if product == buyer:
        same = _(
            "Supply chain: in France, the branch « %(buyer)s », yours and this company's, buys %(share)s of its "
            "intermediate consumption from firms of the same branch (INSEE input-output table, %(year)s)."
        )
        return same % values, same % values
    give = _("Supply chain: in France, the branch « %(buyer)s » buys %(share)s of its intermediate consumption "
             "from the branch « %(product)s », yours (INSEE input-output table, %(year)s).")  # fmt: skip
    take = _("Supply chain: in France, your branch « %(buyer)s » buys %(share)s of its intermediate consumption "
             "from the branch « %(product)s », this company's (INSEE input-output table, %(year)s).")  # fmt: skip
    return give % values, take % values


def rank_all(
    profiles: Sequence[Profile],
    *,
    knowledge: Knowledge | None = None,
    companies: Sequence[Company] = (),
    declarations: Sequence[Declaration] = (),
    labels: Mapping[str, str] | None = None,
    exclude: Iterable[frozenset[str]] = (),
    viewers: Iterable[str] | None = None,
    k: int | None = 10,
    _: Translate = untranslated,
) -> dict[str, list[Suggestion]]:
    """Profile id → its suggestions, best first (``k`` at most; ``viewers``: only these profiles' lists).

    ``labels``: category key → its name in the reasons. ``companies`` and ``declarations``: the synergies
    matcher's view of the participants' declarations (companies keyed by SIRET).
    """
    labels = labels or {}
    excluded = {frozenset(pair) for pair in exclude}
    by_siret: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        by_siret[p.siret].append(p)
    names = {p.id: p.name for p in profiles}
    wanted = set(viewers) & set(names) if viewers is not None else set(names)
    evidence = _Evidence(wanted)
    _categories(evidence, profiles, labels, _)
    _declarations(evidence, by_siret, companies, declarations, _)
    _discovery(evidence, profiles, by_siret, knowledge, _)
    result: dict[str, list[Suggestion]] = {v: [] for v in wanted}
    for (viewer, other), reasons in evidence.reasons.items():
        if viewer not in result or _pair(viewer, other) in excluded:
            continue
        score = evidence.score(viewer, other)
        if score <= 0 or not math.isfinite(score):
            continue
        ordered = sorted(reasons, key=lambda r: (-r.weight, r.kind, r.text))
        result[viewer].append(Suggestion(other, round(score, 6), ordered))
    for rows in result.values():
        rows.sort(key=lambda s: (-s.score, names[s.other], s.other))
        if k is not None:
            del rows[k:]
    return result


def suggest(profiles: Sequence[Profile], viewer: str, **options) -> list[Suggestion]:
    """One participant's suggestions (see :func:`rank_all` for the options)."""
    return rank_all(profiles, viewers=[viewer], **options).get(viewer, [])
