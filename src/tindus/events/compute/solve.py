"""The B2B meeting scheduler: the most weight, proven, then fewer idle gaps, within a time limit.

1. **Warm start**: first fit (:mod:`.greedy`); nothing returned is ever worse.
2. **Weight** (:mod:`.aggregate`): a MILP (HiGHS) over classes of interchangeable slots chooses the meetings
   to place, lexicographically: forced meetings, weight, the fairness floor (and, re-scheduling, the
   announced meetings). Its optimum is a proven upper bound on the weight: the reported ``bound``.
3. **Slots** (:mod:`.colouring`): within each class the chosen meetings get their slots by edge colouring,
   then first fit adds whatever still fits. This usually reaches the bound (status "optimal").
4. **Polish** (CP-SAT, only if the colouring lost weight and the slot model is small): a boolean ``x[m, s]``
   for each meeting and each slot where both sides are available (a locked meeting: its slot, fixed); each
   meeting at most once; one meeting per participant per slot; per slot at most its free tables; per
   participant their maximum; maximise ``F·forced + U·weight + reached``, warm-started from step 3. Its proven
   bound tightens the reported one.
5. **Gaps** (:mod:`.compact`): the placed meetings keep being placed (the weight stays) and move between
   slots by Kempe-chain swaps, simulated annealing on the idle gaps (and, re-scheduling, on the announced
   meetings moved).

Tables are numbered last (:func:`.prepare.assign_tables`): locked meetings keep theirs, the others take free,
non-reserved tables.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from tindus.events.compute.aggregate import Choice, choose, slot_classes
from tindus.events.compute.colouring import colour_class
from tindus.events.compute.compact import compact
from tindus.events.compute.greedy import first_fit, placeable_weight
from tindus.events.compute.instance import Instance, Schedule
from tindus.events.compute.prepare import Prepared, assign_tables, fairness_targets, gaps_of, prepare, weight_of

Progress = Callable[[str, float], None]
POLISH_LIMIT = 40_000  # slot variables up to which CP-SAT may recover weight the colouring lost
RECOLOURINGS = 5  # attempts at colouring a class, the meetings left out first


class SlotModel:
    """The CP-SAT slot model (phase 1's objective in ``objective``); ``fixed`` meetings take their slot."""

    def __init__(self, prepared: Prepared, fixed: dict[str, int]) -> None:
        self.prepared = prepared
        model = self.model = cp_model.CpModel()
        self.x: dict[str, dict[int, cp_model.IntVar]] = {}
        seats: dict[tuple[str, int], list] = defaultdict(list)
        per_slot: list[list] = [[] for _ in prepared.slots]
        for ident, meeting in prepared.meetings.items():
            slots = [fixed[ident]] if ident in fixed else prepared.candidates[ident]
            if not slots:
                continue
            row = self.x[ident] = {s: model.new_bool_var("") for s in slots}
            if ident in fixed:
                model.add(row[fixed[ident]] == 1)
            elif len(row) > 1:
                model.add_at_most_one(row.values())
            for s, var in row.items():
                seats[meeting.a, s].append(var)
                seats[meeting.b, s].append(var)
                per_slot[s].append(var)
        for variables in seats.values():
            if len(variables) > 1:
                model.add_at_most_one(variables)
        for s, variables in enumerate(per_slot):
            if len(variables) > len(prepared.free_tables[s]):
                model.add(sum(variables) <= len(prepared.free_tables[s]))
        count: dict[str, list] = {}
        for person, idents in prepared.of.items():
            count[person] = [var for ident in idents for var in self.x.get(ident, {}).values()]
            if len({s for ident in idents for s in self.x.get(ident, {})}) > prepared.cap[person]:
                model.add(sum(count[person]) <= prepared.cap[person])
        self.reached = []
        for person, target in fairness_targets(prepared, fixed):
            if count[person]:
                reach = model.new_bool_var("")
                model.add(sum(count[person]) >= target).only_enforce_if(reach)
                self.reached.append((person, target, reach))
        self.unit = len(self.reached) + 1
        self.forced_unit = self.unit * (sum(prepared.meetings[ident].weight for ident in self.x) + 1)
        variables, coefficients = [], []
        for ident, row in self.x.items():
            meeting = prepared.meetings[ident]
            variables += row.values()
            coefficients += [self.unit * meeting.weight + (self.forced_unit if meeting.forced else 0)] * len(row)
        variables += [reach for _person, _target, reach in self.reached]
        coefficients += [1] * len(self.reached)
        model.maximize(cp_model.LinearExpr.weighted_sum(variables, coefficients))

    def hint(self, chosen: dict[str, int]) -> None:
        count: dict[str, int] = defaultdict(int)
        for ident, row in self.x.items():
            for s, var in row.items():
                self.model.add_hint(var, chosen.get(ident) == s)
        for ident in chosen:
            count[self.prepared.meetings[ident].a] += 1
            count[self.prepared.meetings[ident].b] += 1
        for person, target, reach in self.reached:
            self.model.add_hint(reach, count[person] >= target)

    def weight_bound(self, bound: float, forced: int) -> float:
        """A bound on the weight of schedules placing ``forced`` forced meetings, from one on the objective."""
        return math.floor((bound - self.forced_unit * forced) / self.unit + 1e-6)

    def solution(self, solver: cp_model.CpSolver) -> dict[str, int]:
        values = solver.response_proto.solution
        return {ident: s for ident, row in self.x.items() for s, var in row.items() if values[var.index]}


@dataclass
class Outcome:
    chosen: dict[str, int]  # meeting -> slot position
    bound: float
    optimal: bool
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent in each phase


@dataclass
class Run:
    """One optimisation: the instance read, what must stay, what was announced, the clock."""

    prepared: Prepared
    deadline: float
    workers: int = 2
    progress: Progress | None = None
    fixed: dict[str, int] = field(default_factory=dict)  # meeting -> slot position it must keep
    closed: frozenset[int] = frozenset()  # slot positions that take no new meeting
    previous: dict[str, int] = field(default_factory=dict)  # announced meeting -> its slot position
    unchanged: set[str] = field(default_factory=set)  # announced meetings that keep their table if not moved

    def __post_init__(self) -> None:
        self.started = time.monotonic()
        for ident, meeting in self.prepared.meetings.items():  # locked meetings are fixed too
            if meeting.locked is not None:
                self.fixed[ident] = self.prepared.index[meeting.locked.slot]
        self.last_report = 0.0

    def report(self, phase: str) -> None:
        if self.progress:
            total = max(self.deadline - self.started, 1e-3)
            self.last_report = time.monotonic()
            self.progress(phase, 1.0 if phase == "done" else min(0.99, (self.last_report - self.started) / total))

    def key(self, chosen: dict[str, int]) -> tuple:
        """Lexicographic worth: forced placed, weight, participants at the floor, announced kept, not moved
        (a slot change of an announced meeting that would keep its table first)."""
        meetings = self.prepared.meetings
        count: dict[str, int] = defaultdict(int)
        for ident in chosen:
            count[meetings[ident].a] += 1
            count[meetings[ident].b] += 1
        return (
            sum(1 for ident in chosen if meetings[ident].forced),
            weight_of(self.prepared, chosen),
            sum(1 for person, target in fairness_targets(self.prepared, self.fixed) if count[person] >= target),
            sum(1 for ident in chosen if ident in self.previous),
            -sum(cost for ident, (s, cost) in self._homes().items() if ident in chosen and chosen[ident] != s),
        )

    def optimise(self) -> Outcome:
        prepared, phases = self.prepared, {}
        clock = time.monotonic()
        self.report("greedy")
        best = first_fit(prepared, self.previous, self.fixed)
        bound, optimal = float(placeable_weight(prepared)), False
        phases["greedy"], clock = time.monotonic() - clock, time.monotonic()
        self.report("weight")
        classes = slot_classes(prepared, self.closed)
        choice = choose(prepared, classes, self.fixed, (self.deadline - clock) * 0.4, frozenset(self.previous))
        if choice is not None:
            filled = first_fit(prepared, self._realise(choice), self.fixed)
            if self.key(filled) >= self.key(best):
                best = filled
            bound = float(choice.bound)
            optimal = choice.optimal and self.key(best)[:2] >= (choice.forced, choice.bound)
        phases["weight"], clock = time.monotonic() - clock, time.monotonic()
        size = sum(len(prepared.candidates[ident]) for ident in prepared.meetings)
        if not optimal and size <= POLISH_LIMIT and self.deadline - clock > 0.5:
            best, bound, optimal = self._polish(best, bound, optimal)
        phases["polish"], clock = time.monotonic() - clock, time.monotonic()
        self.report("gaps")
        # keep time to number the tables and build the schedule
        margin = 0.05 + 0.01 * (self.deadline - self.started) + 2e-5 * len(best)
        best = compact(
            prepared, best, frozenset(self.fixed), self.deadline - margin, homes=self._homes(), tick=self._tick
        )
        phases["gaps"] = time.monotonic() - clock
        self.report("done")
        return Outcome(best, max(bound, float(weight_of(prepared, best))), optimal, phases)

    def _homes(self) -> dict[str, tuple[int, int]]:
        """Each announced meeting's slot and the cost of leaving it: more than any number of the others
        moved for one that would otherwise keep its table, more than any idle gaps for one whose table is
        lost (it changes anyway, but rather its table than its time)."""
        gaps = sum(len(slots) for slots in self.prepared.available.values()) + 1
        table_lost = gaps
        moved = gaps * (len(self.previous) + 1)
        return {ident: (s, moved if ident in self.unchanged else table_lost) for ident, s in self.previous.items()}

    def _tick(self) -> None:
        if self.progress and time.monotonic() - self.last_report >= 0.5:
            self.report("gaps")

    def _realise(self, choice: Choice) -> dict[str, int]:
        """Slots for the chosen meetings, class by class (forced, then heavier, then in input order); a class
        that leaves meetings out is coloured again with those first, a few times, and its best kept."""
        meetings = self.prepared.meetings
        order = sorted(meetings, key=lambda i: (not meetings[i].forced, -meetings[i].weight))
        realised: dict[str, int] = {}
        for c, slots in enumerate(choice.classes):
            members = [(i, meetings[i].a, meetings[i].b) for i in order if choice.chosen.get(i) == c]
            if not members:
                continue
            capacity = {s: len(self.prepared.free_tables[s]) for s in slots}
            prefer = {i: s for i, s in self.previous.items() if s in capacity}
            fixed = {i: s for i, s in self.fixed.items() if s in capacity}
            allowed = {i: set(self.prepared.candidates[i]).intersection(slots) for i, _a, _b in members}
            best: dict[str, int] = {}
            for _attempt in range(RECOLOURINGS):
                found = colour_class(members, slots, capacity, fixed, prefer, allowed)
                if self.key(found) > self.key(best):
                    best = found
                left = [item for item in members if item[0] not in found]
                if not left or time.monotonic() > self.deadline - 1:
                    break
                members = left + [item for item in members if item[0] in found]
            realised.update(best)
        return realised

    def _polish(self, best: dict[str, int], bound: float, optimal: bool) -> tuple[dict[str, int], float, bool]:
        """CP-SAT on the slot model from ``best``, for half the time left."""
        self.report("weight")
        slot_model = SlotModel(self.prepared, self.fixed)
        slot_model.hint(best)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, (self.deadline - time.monotonic()) * 0.5)
        solver.parameters.num_workers = max(1, self.workers)
        solver.parameters.random_seed = 1
        status = solver.solve(slot_model.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = slot_model.solution(solver)
            if self.key(found)[:3] > self.key(best)[:3]:
                best = found
            forced = self.key(best)[0]
            bound = min(bound, slot_model.weight_bound(solver.best_objective_bound, forced))
            optimal = optimal or status == cp_model.OPTIMAL
        return best, max(bound, float(weight_of(self.prepared, best))), optimal


def schedule(
    instance: Instance,
    time_limit: float = 30,
    workers: int = 2,
    progress: Progress | None = None,
) -> Schedule:
    """The best schedule found within ``time_limit`` seconds (everything included) for a valid instance.

    ``progress(phase, share)`` is called as phases start ("greedy", "weight", "gaps", then "done" with 1.0)
    and now and then during the search (share of the time limit spent).
    """
    started = time.monotonic()
    prepared = prepare(instance)
    outcome = Run(prepared, started + time_limit, workers, progress).optimise()
    return Schedule(
        assignments=assign_tables(prepared, outcome.chosen),
        weight=weight_of(prepared, outcome.chosen),
        bound=outcome.bound,
        gaps=gaps_of(prepared, outcome.chosen),
        status="optimal" if outcome.optimal else "feasible",
        seconds=time.monotonic() - started,
    )
