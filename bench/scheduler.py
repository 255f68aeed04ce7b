"""Benchmark: the B2B meeting scheduler against first fit and an upper bound, at three sizes (not a test).

A seeded generator of realistic business-meeting days: slots of 20 minutes, a morning and an afternoon; 30 %
of the participants available only half a day (the morning or the afternoon); 15 % with a maximum number of
meetings (3 to 8); requests drawn with skewed popularity (a Pareto draw per participant: a few companies are
requested by many), each between two distinct participants, no pair twice, weight 1 to 3 (the priority of
each side). Sizes (participants / requested meetings / tables / slots): 70 / 150 / 14 / 21, 300 / 2 000 / 60
/ 16, 800 / 6 000 / 150 / 20.

For each: the greedy first fit (requests by weight then arrival, first slot and table where both are free),
the Tindus scheduler (:func:`tindus.events.compute.solve.schedule`, ``--time-limit`` 30 s, 2 workers) and an
upper bound on the weight: the smaller of the scheduler's proven bound and the LP relaxation of the slot
model (HiGHS). Every schedule goes through the independent validator. ``--varied 0.15`` also removes 15 % of
each participant's slots at random (availability that varies slot by slot). Prints weight, % of the bound, idle
gaps and time of both; last line ``sched_pct_of_bound=… sched_vs_greedy=… sched_s=… gaps_vs_greedy=…``.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

from tindus.events.compute.greedy import greedy
from tindus.events.compute.instance import Instance, Meeting, Participant, Slot
from tindus.events.compute.prepare import prepare
from tindus.events.compute.solve import schedule
from tindus.events.compute.validate import problems

SIZES = [(70, 150, 14, 21), (300, 2000, 60, 16), (800, 6000, 150, 20)]
SLOT_MINUTES = 20


def generate(participants: int, meetings: int, tables: int, slots: int, seed: int, varied: float = 0.0) -> Instance:
    """A realistic instance (see the module's docstring), the same for the same arguments; with ``varied``,
    each participant is also unavailable in that share of their slots, at random."""
    rng = random.Random(seed)
    morning = (slots + 1) // 2
    day = datetime(2026, 6, 4)
    times = [day + timedelta(hours=9, minutes=SLOT_MINUTES * i) for i in range(morning)]
    times += [day + timedelta(hours=14, minutes=SLOT_MINUTES * i) for i in range(slots - morning)]
    slot_list = tuple(
        Slot(f"s{i + 1:02d}", t.isoformat(timespec="minutes"), (t + timedelta(minutes=SLOT_MINUTES)).isoformat(
            timespec="minutes")) for i, t in enumerate(times)
    )  # fmt: skip
    halves = [[s.id for s in slot_list[:morning]], [s.id for s in slot_list[morning:]]]
    people = []
    for i in range(participants):
        draw = rng.random()
        available = halves[0] + halves[1] if draw >= 0.3 else halves[0] if draw < 0.15 else halves[1]
        if varied:
            available = [s for s in available if rng.random() >= varied]
        maximum = rng.randint(3, 8) if rng.random() < 0.15 else None
        people.append(Participant(f"p{i + 1:04d}", frozenset(available), maximum))
    popularity = [rng.paretovariate(1.1) for _ in people]
    activity = [rng.lognormvariate(0, 0.6) for _ in people]
    pairs: set[frozenset[str]] = set()
    requests = []
    while len(requests) < meetings:
        a, b = rng.choices(people, activity)[0], rng.choices(people, popularity)[0]
        if a is b or frozenset((a.id, b.id)) in pairs:
            continue
        pairs.add(frozenset((a.id, b.id)))
        weight = rng.choices([1, 2, 3], [0.5, 0.3, 0.2])[0]
        requests.append(Meeting(f"m{len(requests) + 1:05d}", a.id, b.id, weight))
    return Instance(slot_list, tables, tuple(people), tuple(requests))


def lp_bound(instance: Instance) -> float:
    """The LP relaxation of the slot model (x[meeting, slot] in [0, 1], every constraint), solved by HiGHS."""
    prepared = prepare(instance)
    columns = [(ident, s) for ident in prepared.meetings for s in prepared.candidates[ident]]
    rows: dict[tuple, list[int]] = {}
    limits: dict[tuple, int] = {}
    for j, (ident, s) in enumerate(columns):
        meeting = prepared.meetings[ident]
        for key, limit in (
            (("meeting", ident), 1),
            (("slot", s), len(prepared.free_tables[s])),
            (("seat", meeting.a, s), 1),
            (("seat", meeting.b, s), 1),
            (("cap", meeting.a), prepared.cap[meeting.a]),
            (("cap", meeting.b), prepared.cap[meeting.b]),
        ):
            rows.setdefault(key, []).append(j)
            limits[key] = limit
    kept = [key for key, members in rows.items() if len(members) > limits[key]]
    r = [i for i, key in enumerate(kept) for _j in rows[key]]
    c = [j for key in kept for j in rows[key]]
    matrix = csr_array((np.ones(len(r)), (r, c)), shape=(len(kept), len(columns)))
    weights = np.array([prepared.meetings[ident].weight for ident, _s in columns], dtype=float)
    result = linprog(-weights, A_ub=matrix, b_ub=np.array([limits[key] for key in kept], dtype=float),
                     bounds=(0, 1), method="highs")  # fmt: skip
    return -result.fun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--sizes", default="0,1,2", help="which sizes to run (0, 1, 2)")
    parser.add_argument("--no-lp", action="store_true", help="skip the LP relaxation")
    parser.add_argument(
        "--varied", type=float, default=0.0, help="also make each participant unavailable in this share of slots"
    )
    args = parser.parse_args()
    pct, times, last = [], [], None
    for size in (int(i) for i in args.sizes.split(",")):
        participants, meetings, tables, slots = SIZES[size]
        instance = generate(participants, meetings, tables, slots, args.seed + size, args.varied)
        base = greedy(instance)
        started = time.monotonic()
        solved = schedule(instance, time_limit=args.time_limit, workers=args.workers)
        solve_s = time.monotonic() - started
        for name, result in (("greedy", base), ("scheduler", solved)):
            found = problems(instance, result)
            if found:
                raise SystemExit(f"{name} schedule invalid: {found[:5]}")
        started = time.monotonic()
        lp = float("inf") if args.no_lp else lp_bound(instance)
        lp_s = time.monotonic() - started
        bound = min(solved.bound, lp)
        print(
            f"{participants} participants, {meetings} meetings, {tables} tables, {slots} slots: bound {bound:.0f} "
            f"(scheduler {solved.bound:.0f}, LP {lp:.1f} in {lp_s:.1f} s)"
        )
        for name, result, seconds in (("greedy", base, base.seconds), ("scheduler", solved, solve_s)):
            print(
                f"  {name:<10} weight {result.weight:>6}  {100 * result.weight / bound:6.2f} % of bound  "
                f"gaps {result.gaps:>5}  placed {len(result.assignments):>5}  {seconds:6.2f} s  {result.status}"
            )
        pct.append(100 * solved.weight / bound)
        times.append(solve_s)
        last = (base, solved)
    base, solved = last
    print(
        f"sched_pct_of_bound={min(pct):.2f} sched_vs_greedy={solved.weight / base.weight:.3f} "
        f"sched_s={max(times):.1f} gaps_vs_greedy={solved.gaps / max(base.gaps, 1):.3f}"
    )


if __name__ == "__main__":
    main()
