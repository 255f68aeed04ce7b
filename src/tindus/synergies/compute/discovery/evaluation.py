"""How well discovery generalises: each documented pattern (leave-one-out), or every pattern of one publication
(leave-one-source-out), is held out and looked for, with what remains, in a realistic synthetic territory.

The territory (:func:`realistic_territory`) has the size and the sector mix of a real one: employer
establishments drawn with the national weights of the synthetic SIRENE generator
(:mod:`tindus.warehouse.calibration`: share of each sous-classe, headcount bands by sector), gathered in
towns of uneven size over a 25 km radius. The held-out pair (one establishment of the provider sector, one
of the receiver sector) is added to it: the provider in a town, the receiver in another town for a material,
or next door (0.3-2 km) for heat, water and shared premises, which are only ever exchanged between
neighbours. Held-out knowledge is removed completely: the pattern, and every knowledge-base flow resting on
the same publication (leave-one-out), or every pattern and flow of the publication (leave-one-source-out).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .candidates import Establishment
from .core import discover
from .knowledge import Pattern
from .knowledge_set import Knowledge
from .nomenclatures import NAF_SUBCLASSES_PATH, _read_gz_csv, naf_subclasses, normalise_naf

TERRITORY_CENTRE = (47.32, 5.04)  # any French point would do
TERRITORY_RADIUS_KM = 25.0
TOWNS = 40
TOWN_SPREAD_KM = 1.2  # standard deviation of an establishment's place around its town centre
NEIGHBOUR_KM = (0.3, 2.0)
NEIGHBOUR_CATEGORIES = frozenset({"energie", "eau", "locaux"})
REALISTIC_SIZE = 3000  # employer establishments: a Territoire d'industrie of about 100 000 inhabitants
# The held-out pair's headcounts: the bands of its sectors from 10 employees (« 11 »), the size of the sites
# that documented exchanges are between (a one-person firm rarely has a by-product flow to exchange).
PAIR_SMALLEST_BAND = "11"
RANK_HORIZON = 60  # proposals listed per evaluated territory: enough for recall@50


@dataclass(frozen=True)
class HeldOut:
    """What became of one held-out pattern: its rank among the territory's proposals (None: beyond the horizon)."""

    pattern_id: str
    rank: int | None
    provider_rank: int | None  # among the proposals naming the held-out provider: what its company sees
    kind: str | None  # kind of the first proposal linking the pair
    covered: bool  # another documented pattern links the two sectors
    n_proposals: int
    top10_documented: float  # share of the territory's first 10 proposals that a documented pattern supports


@lru_cache(maxsize=1)
def employer_mix() -> tuple[tuple[str, ...], tuple[float, ...], dict[str, tuple[tuple[str, ...], tuple[float, ...]]]]:
    """(sous-classes, weight among employer establishments, headcount bands and weights by sous-classe)."""
    from tindus.warehouse.calibration import SIZE_GROUPS, size_group, subclass_weights

    rows = _read_gz_csv(NAF_SUBCLASSES_PATH)
    weights = subclass_weights([(r["sous_classe"], r["section"], r["a38"]) for r in rows])
    section = {r["sous_classe"]: r["section"] for r in rows}
    codes, mix, bands = [], [], {}
    for code, weight in sorted(weights.items()):
        group = SIZE_GROUPS[size_group(section[code])]
        employer = {band: w for band, w in group.items() if band not in ("NN", "00")}
        share = sum(employer.values()) / sum(group.values())
        codes.append(code)
        mix.append(weight * share)
        bands[code] = (tuple(employer), tuple(employer.values()))
    return tuple(codes), tuple(mix), bands


def _towns(rng: random.Random) -> tuple[list[tuple[float, float]], list[float]]:
    centres = [_around(rng, TERRITORY_CENTRE, TERRITORY_RADIUS_KM * math.sqrt(rng.random())) for _ in range(TOWNS)]
    return centres, [1 / (rank + 1) for rank in range(TOWNS)]  # a few towns, many villages (Zipf)


def _around(rng: random.Random, centre: tuple[float, float], km: float) -> tuple[float, float]:
    angle = rng.uniform(0, 2 * math.pi)
    lat = centre[0] + km * math.cos(angle) / 111.2
    lon = centre[1] + km * math.sin(angle) / (111.2 * math.cos(math.radians(centre[0])))
    return lat, lon


def _in_town(rng: random.Random, towns: tuple[list[tuple[float, float]], list[float]]) -> tuple[float, float]:
    centre = rng.choices(towns[0], towns[1])[0]
    return _around(rng, centre, abs(rng.gauss(0, TOWN_SPREAD_KM)))


def _band(rng: random.Random, code: str, smallest: str = "01") -> str:
    bands, weights = employer_mix()[2][code]
    kept = [(b, w) for b, w in zip(bands, weights, strict=True) if b >= smallest] or [(bands[-1], 1.0)]
    return rng.choices([b for b, _w in kept], [w for _b, w in kept])[0]


def realistic_territory(size: int = REALISTIC_SIZE, seed: int = 0) -> list[Establishment]:
    """``size`` employer establishments with a national sector mix and headcounts, in towns (seeded)."""
    rng = random.Random(f"territory:{seed}:{size}")
    codes, mix, _bands = employer_mix()
    towns = _towns(rng)
    people = []
    for i, code in enumerate(rng.choices(codes, mix, k=size)):
        lat, lon = _in_town(rng, towns)
        people.append(Establishment(f"D{i:05d}", f"Établissement {i}", code, "", lat, lon, _band(rng, code)))
    return people


def held_out_pair(pattern: Pattern, seed: int = 0) -> tuple[Establishment, Establishment]:
    """One establishment of the pattern's provider sector and one of its receiver sector, placed as the
    exchange would be: neighbours for heat, water and premises, anywhere in the territory otherwise."""
    rng = random.Random(f"pair:{seed}:{pattern.id}")
    towns = _towns(random.Random(f"territory:{seed}:towns"))
    codes = naf_subclasses()

    def pick(prefix: str) -> str:
        matching = [c for c in codes if normalise_naf(c).startswith(normalise_naf(prefix))]
        if not matching:
            raise ValueError(f"pattern {pattern.id} (line {pattern.line}): {prefix} matches no NAF sous-classe")
        return rng.choice(matching)

    provider_code, receiver_code = pick(pattern.provider_naf), pick(pattern.receiver_naf)
    p_lat, p_lon = _in_town(rng, towns)
    if pattern.resource_category in NEIGHBOUR_CATEGORIES:
        r_lat, r_lon = _around(rng, (p_lat, p_lon), rng.uniform(*NEIGHBOUR_KM))
    else:
        r_lat, r_lon = _in_town(rng, towns)
    provider = Establishment("P", "Fournisseur retenu", provider_code, "", p_lat, p_lon,
                             _band(rng, provider_code, PAIR_SMALLEST_BAND))  # fmt: skip
    receiver = Establishment("R", "Receveur retenu", receiver_code, "", r_lat, r_lon,
                             _band(rng, receiver_code, PAIR_SMALLEST_BAND))  # fmt: skip
    return provider, receiver


def _rank(
    proposals: Sequence, provider: Establishment, receiver: Establishment
) -> tuple[int | None, int | None, str | None]:
    own = 0
    for position, proposal in enumerate(proposals, start=1):
        if any(e.siret == provider.siret for e in proposal.providers):
            own += 1
        if proposal.involves(provider.siret, receiver.siret):
            return position, own, proposal.kind
    return None, None, None


def _covered(provider: Establishment, receiver: Establishment, patterns: Sequence[Pattern]) -> bool:
    return any(
        normalise_naf(provider.naf).startswith(normalise_naf(p.provider_naf))
        and normalise_naf(receiver.naf).startswith(normalise_naf(p.receiver_naf))
        for p in patterns
    )


def _evaluate(
    knowledge: Knowledge,
    held: Sequence[Pattern],
    reduce: Callable[[Pattern], Knowledge],
    decoys: Sequence[Establishment],
    seed: int,
) -> list[HeldOut]:
    results = []
    for pattern in held:
        provider, receiver = held_out_pair(pattern, seed)
        results.append(_look_for(pattern, provider, receiver, [*decoys, provider, receiver], reduce(pattern),
                                 RANK_HORIZON))  # fmt: skip
    return results


def _look_for(
    pattern: Pattern, provider: Establishment, receiver: Establishment, people: Sequence[Establishment],
    knowledge: Knowledge, horizon: int | None,
) -> HeldOut:  # fmt: skip
    """Discovery over ``people`` with ``knowledge``, and where the (provider, receiver) pair came."""
    proposals = discover(people, knowledge, k=horizon)
    rank, provider_rank, kind = _rank(proposals, provider, receiver)
    top = proposals[:10]
    documented = sum(p.documented for p in top) / len(top) if top else 0.0
    covered = _covered(provider, receiver, knowledge.patterns)
    return HeldOut(pattern.id, rank, provider_rank, kind, covered, len(proposals), documented)


def leave_one_out(
    knowledge: Knowledge, *, size: int = REALISTIC_SIZE, seed: int = 0, patterns: Sequence[Pattern] | None = None
) -> list[HeldOut]:
    """Hold out each pattern in turn (with the knowledge-base flows of its publication) and look for its pair."""
    decoys = realistic_territory(size, seed)

    def reduce(p: Pattern) -> Knowledge:
        return knowledge.without(pattern_ids=[p.id], flow_sources=[p.source_title])

    return _evaluate(knowledge, patterns if patterns is not None else knowledge.patterns, reduce, decoys, seed)


def nothing_held_out(
    knowledge: Knowledge, *, size: int = REALISTIC_SIZE, seed: int = 0, patterns: Sequence[Pattern] | None = None
) -> list[HeldOut]:
    """The same pairs in the same territory with the whole knowledge: the ceiling a hold-out can reach (the
    other documented exchanges present in the territory compete for the first places either way)."""
    decoys = realistic_territory(size, seed)
    return _evaluate(knowledge, patterns if patterns is not None else knowledge.patterns, lambda p: knowledge,
                     decoys, seed)  # fmt: skip


def leave_one_source_out(
    knowledge: Knowledge, *, size: int = REALISTIC_SIZE, seed: int = 0, patterns: Sequence[Pattern] | None = None
) -> list[HeldOut]:
    """Hold out every pattern and flow of one publication at a time and look for each of its patterns' pairs."""
    decoys = realistic_territory(size, seed)
    cache: dict[str, Knowledge] = {}

    def reduce(p: Pattern) -> Knowledge:
        if p.source_title not in cache:
            cache.clear()
            cache[p.source_title] = knowledge.without(sources=[p.source_title])
        return cache[p.source_title]

    held = sorted(patterns if patterns is not None else knowledge.patterns, key=lambda p: (p.source_title, p.id))
    return _evaluate(knowledge, held, reduce, decoys, seed)


def leave_one_out_among_decoys(knowledge: Knowledge, *, decoys: int = 200, seed: int = 0) -> list[HeldOut]:
    """The first protocol, kept for comparison over time: each pattern held out, its pair (any employer size)
    placed at random over the 25 km radius among ``decoys`` establishments of other, uniformly drawn,
    sous-classes; every proposal is ranked."""
    codes = naf_subclasses()
    bands = ("01", "02", "03", "11", "12", "21", "22")
    results = []
    for held in knowledge.patterns:
        rng = random.Random(f"{seed}:{held.id}")
        p_prefix, r_prefix = normalise_naf(held.provider_naf), normalise_naf(held.receiver_naf)
        others = [c for c in codes if not normalise_naf(c).startswith((p_prefix, r_prefix))]

        def make(siret: str, naf: str, rng: random.Random = rng) -> Establishment:
            lat, lon = _around(rng, TERRITORY_CENTRE, TERRITORY_RADIUS_KM * math.sqrt(rng.random()))
            return Establishment(siret, siret, naf, "", lat, lon, rng.choice(bands))

        provider = make("P", rng.choice([c for c in codes if normalise_naf(c).startswith(p_prefix)]))
        receiver = make("R", rng.choice([c for c in codes if normalise_naf(c).startswith(r_prefix)]))
        people = [provider, receiver] + [make(f"D{i:03d}", rng.choice(others)) for i in range(decoys)]
        reduced = knowledge.without(pattern_ids=[held.id], flow_sources=[held.source_title])
        results.append(_look_for(held, provider, receiver, people, reduced, None))
    return results


def recall_at(results: Sequence[HeldOut], k: int, *, view: str = "territory") -> float:
    """Share of held-out pairs found in the first ``k`` proposals of the territory (``view="territory"``)
    or of the held-out provider's own list (``view="provider"``)."""
    if not results:
        return 0.0
    ranks = [r.rank if view == "territory" else r.provider_rank for r in results]
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(results)


def evaluate_leave_one_out(knowledge: Knowledge, k: int = 10, **options) -> float:
    """Leave-one-out recall@k of discovery in a realistic territory (see :func:`leave_one_out`)."""
    return recall_at(leave_one_out(knowledge, **options), k)
