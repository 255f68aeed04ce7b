"""Benchmark: how well synergy discovery generalises beyond its own examples (not a test).

Two hold-out evaluations in a realistic synthetic territory (``--size`` employer establishments with the
national sector mix, in towns over a 25 km radius; see
:mod:`tindus.synergies.compute.discovery.evaluation`):

- **leave-one-out**: each documented pattern of ``data/patterns.csv`` is held out in turn, with the
  knowledge-base flows resting on its publication; its (provider, receiver) pair is placed among the
  territory's establishments and looked for in the territory's ranked list;
- **leave-one-source-out**: every pattern and flow of one publication is held out at once (a whole case
  study), and each of its pairs is looked for.

A third run holds nothing out: the same pairs in the same territory with the whole knowledge, the ceiling a
hold-out can reach, since the other documented exchanges present compete for the first places either way.

Printed: recall@10 and @50 over the territory's list (what a facilitator reads) and in the provider's own
list, the same for the « novel » pairs that no remaining pattern links, which kind of proposal found the
pair, the share of the first 10 proposals a documented pattern supports, and the time of a discovery over
``--large`` establishments. The first protocol (200 decoys of uniformly drawn sectors, the pair of any size
anywhere, every proposal ranked) is kept for comparison over time: its recall@10 is the historical
``discovery_recall_at_10=`` of the last line, followed by ``patterns=``, then the realistic territory's
``loo_recall_at_10= loso_recall_at_10=`` and ``discover_territory_s=``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from tindus.synergies.compute.discovery import (
    discover,
    leave_one_out,
    leave_one_out_among_decoys,
    leave_one_source_out,
    load_knowledge,
    nothing_held_out,
    realistic_territory,
    recall_at,
)


def _report(name: str, results: list) -> None:
    novel = [r for r in results if not r.covered]
    for label, subset in (
        (f"{name}, all pairs ({len(results)})", results),
        (f"{name}, novel pairs ({len(novel)})", novel),
    ):
        territory = " ".join(f"@{k}={recall_at(subset, k):.3f}" for k in (10, 20, 50))
        own = " ".join(f"@{k}={recall_at(subset, k, view='provider'):.3f}" for k in (3, 10))
        print(f"{label:>32}: territory list {territory} | provider's list {own}")
    kinds = Counter(r.kind or "not in the first 60" for r in results)
    print(f"{name} found through: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
    share = sum(r.top10_documented for r in results) / len(results)
    print(f"{name}: share of the first 10 proposals supported by a documented pattern {share:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=3000, help="employer establishments of the evaluated territory")
    parser.add_argument("--large", type=int, default=20000, help="establishments of the territory timed")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    knowledge = load_knowledge()
    print(
        f"knowledge: {len(knowledge.patterns)} patterns, {len(knowledge.base.resources)} resources, "
        f"{len(knowledge.base.flows)} flows from {len(knowledge.base.sources)} publications, "
        f"{len(knowledge.links)} links between sides"
    )
    started = time.perf_counter()
    loo = leave_one_out(knowledge, size=args.size, seed=args.seed)
    loso = leave_one_source_out(knowledge, size=args.size, seed=args.seed)
    print(f"territory of {args.size} establishments (seed {args.seed}); {time.perf_counter() - started:.0f} s in all")
    _report("leave-one-out", loo)
    _report("leave-one-source-out", loso)
    ceiling = nothing_held_out(knowledge, size=args.size, seed=args.seed)
    print(
        f"nothing held out (the ceiling: the same pairs with the whole knowledge): territory list "
        f"@10={recall_at(ceiling, 10):.3f} @50={recall_at(ceiling, 50):.3f} | provider's list "
        f"@10={recall_at(ceiling, 10, view='provider'):.3f}"
    )

    first = leave_one_out_among_decoys(knowledge, seed=args.seed)
    print(
        f"first protocol (200 decoys of random sectors, pair of any size anywhere): territory list "
        f"@10={recall_at(first, 10):.3f} @50={recall_at(first, 50):.3f} "
        f"anywhere={recall_at(first, 10**9):.3f} | provider's list @10={recall_at(first, 10, view='provider'):.3f}"
    )

    people = realistic_territory(args.large, args.seed)
    discover(people[:100], knowledge)  # warm the nomenclature caches
    started = time.perf_counter()
    proposals = discover(people, knowledge, k=30)
    took = time.perf_counter() - started
    print(f"discovery over {args.large} establishments: {took:.2f} s, {len(proposals)} proposals kept")
    print(
        f"discovery_recall_at_10={recall_at(first, 10):.3f} patterns={len(knowledge.patterns)} "
        f"loo_recall_at_10={recall_at(loo, 10):.3f} loso_recall_at_10={recall_at(loso, 10):.3f} "
        f"discover_territory_s={took:.2f}"
    )


if __name__ == "__main__":
    main()
