"""Benchmark: does feedback from outcomes raise the share of followed opportunities that get implemented?

A simulated territory (seeded, no data needed): ``--patterns`` exchange patterns, each with a *hidden* true
implementation probability. A quarter are « bad » (rarely implemented, abandoned mostly for the quality of
the material or regulation); the others succeed 30-75 % of the time and, when they fail, mostly for
reasons tied to the two firms (distance, no contact person, trust). The knowledge base's prior strength of
a pattern knows nothing of that: it is drawn independently.

Each round brings ``--proposals`` fresh proposals (a random pattern, a pair factor: closer pairs score
higher and succeed a little more often). The team follows the ``--top`` best. Round 1 ranks by prior score
only; rounds 2..R re-rank with :func:`tindus.synergies.compute.feedback.rerank` and a model learnt from every
earlier outcome (each recorded under the pattern key and the category key). Outcomes use common random
numbers, so the arms compared differ only by their ranking:

- ``feedback``: the model as shipped (reason weights);
- ``unweighted``: every abandonment weighs 1 whatever its reason;
- ``control``: prior score every round (no feedback).

Printed per round: implemented opportunities among the top-k (mean per territory) and hit rate, for each
arm, averaged over ``--territories`` simulated territories. Last line:
``feedback_rounds=R implemented_rate_round1=… implemented_rate_last=… lift=…`` (lift = last / round 1).
"""

from __future__ import annotations

import argparse
import random
import time

from tindus.synergies.compute.feedback import ABANDON_REASONS, FeedbackModel, Outcome, rerank

CATEGORIES = ("matieres", "energie", "eau", "logistique", "equipements")
BAD_SHARE = 0.25
BAD_REASONS = {"qualite": 0.6, "reglementation": 0.15, "quantite": 0.1, "distance": 0.1, "interlocuteur": 0.05}
GOOD_REASONS = {"distance": 0.3, "interlocuteur": 0.3, "confiance": 0.15, "cout": 0.1, "quantite": 0.05, "autre": 0.1}
ARMS = ("feedback", "unweighted", "control")


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def simulate(seed: int, args: argparse.Namespace) -> dict[str, list[int]]:
    """Implemented count among the top-k of each round, per arm, for one simulated territory."""
    rng = random.Random(seed)
    patterns = []
    for i in range(args.patterns):
        bad = rng.random() < BAD_SHARE
        patterns.append(
            {
                "keys": (f"pattern:P{i:03d}", f"category:{rng.choice(CATEGORIES)}"),
                "p": rng.uniform(0.03, 0.15) if bad else rng.uniform(0.3, 0.75),
                "reasons": BAD_REASONS if bad else GOOD_REASONS,
                "strength": rng.uniform(0.4, 1.0),
            }
        )
    history: dict[str, list[Outcome]] = {arm: [] for arm in ARMS}
    implemented: dict[str, list[int]] = {arm: [] for arm in ARMS}
    unweighted = dict.fromkeys([*ABANDON_REASONS, ""], 1.0)
    for round_ in range(args.rounds):
        proposals = []
        for j in range(args.proposals):
            pattern = rng.choice(patterns)
            pair = rng.uniform(0.5, 1.0)
            proposals.append(
                {
                    "id": j,
                    "keys": pattern["keys"],
                    "score": pattern["strength"] * pair,
                    "p": pattern["p"] * (0.6 + 0.4 * pair),
                    "draw": rng.random(),  # common random numbers: the same fate whichever arm follows it
                    "reason": pick(rng, pattern["reasons"]),
                }
            )
        for arm in ARMS:
            model = None
            if round_ > 0 and arm != "control":
                weights = unweighted if arm == "unweighted" else None
                model = FeedbackModel.from_outcomes(history[arm], reason_weights=weights)
            ranked = rerank(proposals, lambda p: p["keys"], lambda p: p["score"], model)
            done = 0
            for proposal, _score, _note in ranked[: args.top]:
                success = proposal["draw"] < proposal["p"]
                done += success
                status, reason = ("implemented", "") if success else ("abandoned", proposal["reason"])
                history[arm] += [Outcome(key, status, reason) for key in proposal["keys"]]
            implemented[arm].append(done)
    return implemented


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patterns", type=int, default=60)
    parser.add_argument("--proposals", type=int, default=300, help="new proposals per round")
    parser.add_argument("--top", type=int, default=30, help="proposals followed per round")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--territories", type=int, default=40, help="simulated territories averaged")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    started = time.perf_counter()
    runs = [simulate(args.seed * 100_003 + t, args) for t in range(args.territories)]
    elapsed = time.perf_counter() - started

    def mean_count(arm: str, round_: int) -> float:
        return sum(run[arm][round_] for run in runs) / len(runs)

    print(
        f"{args.territories} simulated territories, {args.patterns} patterns ({BAD_SHARE:.0%} bad), "
        f"{args.proposals} proposals per round, top {args.top} followed, seed {args.seed}; {elapsed:.1f} s"
    )
    print("round  " + "  ".join(f"{arm:>10} implemented/rate" for arm in ARMS))
    for r in range(args.rounds):
        cells = [f"{mean_count(arm, r):>21.1f}/{mean_count(arm, r) / args.top:.3f}" for arm in ARMS]
        print(f"{r + 1:>5}  " + "  ".join(cells))
    first = mean_count("feedback", 0) / args.top
    last = mean_count("feedback", args.rounds - 1) / args.top
    control = mean_count("control", args.rounds - 1) / args.top
    plain = mean_count("unweighted", args.rounds - 1) / args.top
    print(f"last round: feedback {last:.3f}, unweighted reasons {plain:.3f}, no feedback {control:.3f}")
    print(
        f"feedback_rounds={args.rounds} implemented_rate_round1={first:.3f} "
        f"implemented_rate_last={last:.3f} lift={last / first:.3f}"
    )


if __name__ == "__main__":
    main()
