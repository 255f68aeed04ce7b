"""Benchmark: how well synergy discovery generalises, by leave-one-out on the documented patterns (not a test).

Each documented pattern of ``src/tindus/synergies/data/patterns.csv`` is held out in turn. A synthetic
territory (seeded) holds one establishment of its provider sector, one of its receiver sector and
``--decoys`` establishments of other sous-classes within 25 km; discovery runs with the other patterns,
their analogies and the INSEE input-output step, and we look for the held-out (provider, receiver)
pair among the proposals. Printed: recall@k over the territory's whole ranked list (the figure asked
for), recall@k in the held-out provider's own list (what its company would see), the same for the
« novel » pairs that no other documented pattern links, which kind of proposal found the pair, and
time. Last line: ``discovery_recall_at_10=… patterns=…``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from tindus.synergies.compute.discovery import leave_one_out, load_io_table, load_patterns, recall_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decoys", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    patterns = load_patterns()
    started = time.perf_counter()
    results = leave_one_out(patterns, decoys=args.decoys, seed=args.seed, io_table=load_io_table())
    elapsed = time.perf_counter() - started
    novel = [r for r in results if not r.covered]
    proposals = sum(r.n_proposals for r in results) / len(results)

    print(f"{len(patterns)} patterns held out one at a time, {args.decoys} decoys each (seed {args.seed})")
    print(f"proposals per synthetic territory: {proposals:.0f} on average; {elapsed:.1f} s in all")
    for label, subset in (("all pairs", results), (f"novel pairs ({len(novel)})", novel)):
        territory = " ".join(f"@{k}={recall_at(subset, k):.3f}" for k in (10, 20, 50))
        found = recall_at(subset, 10**9)
        own = " ".join(f"@{k}={recall_at(subset, k, view='provider'):.3f}" for k in (3, 10))
        print(f"{label:>18}: territory list {territory} anywhere={found:.3f} | provider's list {own}")
    kinds = Counter(r.kind or "not proposed" for r in results)
    print("found through: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
    print(f"discovery_recall_at_10={recall_at(results, 10):.3f} patterns={len(patterns)}")


if __name__ == "__main__":
    main()
