"""Fewer idle gaps for a fixed set of placed meetings: simulated annealing on Kempe chains.

A move takes a meeting in slot ``s`` and a slot ``t`` it could take, gathers every meeting reachable from it
through participants busy in ``s`` or ``t`` (its Kempe chain), and swaps those meetings between ``s`` and
``t``. The swap keeps every participant in one meeting per slot; it is refused when a meeting of the chain
cannot take the other slot (availability, a closed slot), is fixed, or when a slot would exceed its free
tables. Each participant's slots are a bit mask, so a move's effect on the idle gaps costs a few integer
operations per participant of the chain. Worse moves are accepted with the usual probability
``exp(-delta / T)``, the temperature falling with the time left; the best state met is returned.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from tindus.events.compute.prepare import Prepared

CHAIN_LIMIT = 40  # meetings in a chain; longer chains are refused
MOVES_PER_MEETING = 3000  # enough for the search to settle (about 2 s for 150 meetings)


def _gaps(busy: int, available: int) -> int:
    if busy & (busy - 1) == 0:  # zero or one meeting
        return 0
    first = (busy & -busy).bit_length() - 1
    span = (1 << busy.bit_length()) - (1 << first)
    return (available & span).bit_count() - busy.bit_count()


def compact(
    prepared: Prepared,
    chosen: dict[str, int],
    fixed: frozenset[str],
    deadline: float,
    *,
    seed: int = 1,
    homes: dict[str, tuple[int, int]] | None = None,
    tick: Callable[[], None] | None = None,
) -> dict[str, int]:
    """A placement of the same meetings with fewer idle gaps, plus for each meeting of ``homes`` (meeting ->
    (slot, penalty)) its penalty when away from that slot, searched until ``deadline`` (``time.monotonic()``)
    or for ``MOVES_PER_MEETING`` moves per movable meeting, whichever comes first; ``tick()`` is called now
    and then."""
    homes = homes or {}
    meetings = prepared.meetings
    slot_of = dict(chosen)
    ends = {ident: (meetings[ident].a, meetings[ident].b) for ident in chosen}
    at: dict[str, dict[int, str]] = {}
    for ident, s in slot_of.items():
        for person in ends[ident]:
            at.setdefault(person, {})[s] = ident
    busy = {person: sum(1 << s for s in slots) for person, slots in at.items()}
    available = {person: sum(1 << s for s in slots) for person, slots in prepared.available.items()}
    allowed = {ident: set(prepared.candidates[ident]) for ident in chosen}
    capacity = [len(tables) for tables in prepared.free_tables]
    count = [0] * len(prepared.slots)
    for s in slot_of.values():
        count[s] += 1
    movable = [ident for ident in chosen if ident not in fixed and len(allowed[ident]) > 1]
    if not movable:
        return dict(chosen)
    options = {ident: sorted(allowed[ident]) for ident in movable}

    def cost_now() -> int:
        total = sum(_gaps(mask, available[person]) for person, mask in busy.items())
        return total + sum(cost for ident, (s, cost) in homes.items() if ident in slot_of and slot_of[ident] != s)

    rng = random.Random(seed)
    current = cost_now()
    best_cost, best = current, dict(slot_of)
    started = time.monotonic()
    total_time = max(deadline - started, 1e-3)
    total_moves = MOVES_PER_MEETING * len(movable)
    hot, cold = 1.5, 0.05
    temperature = hot
    moves = 0
    while True:
        moves += 1
        if moves % 256 == 0:
            if current < best_cost:
                best_cost, best = current, dict(slot_of)
            now = time.monotonic()
            if now >= deadline or moves >= total_moves or current == 0:
                break
            if tick is not None and moves % 16384 == 0:
                tick()
            share = max((now - started) / total_time, moves / total_moves)
            temperature = hot * (cold / hot) ** share
        ident = movable[rng.randrange(len(movable))]
        s = slot_of[ident]
        t = options[ident][rng.randrange(len(options[ident]))]
        if t == s:
            continue
        # the Kempe chain of ``ident`` in slots s and t
        chain = {ident}
        queue = list(ends[ident])
        seen = set(queue)
        feasible = True
        while queue and feasible:
            person = queue.pop()
            for slot in (s, t):
                other = at[person].get(slot) if person in at else None
                if other is None or other in chain:
                    continue
                target = t if slot == s else s
                if other in fixed or target not in allowed[other] or len(chain) >= CHAIN_LIMIT:
                    feasible = False
                    break
                chain.add(other)
                for side in ends[other]:
                    if side not in seen:
                        seen.add(side)
                        queue.append(side)
        if not feasible:
            continue
        in_s = sum(1 for member in chain if slot_of[member] == s)
        in_t = len(chain) - in_s
        if count[s] - in_s + in_t > capacity[s] or count[t] - in_t + in_s > capacity[t]:
            continue
        bits = (1 << s) | (1 << t)
        delta = 0
        changed = {}
        for person in seen:
            mask = busy.get(person, 0)
            if (mask & bits) in (0, bits):
                continue
            new = mask ^ bits
            changed[person] = new
            delta += _gaps(new, available[person]) - _gaps(mask, available[person])
        if homes:
            for member in chain:
                if member in homes:
                    home, cost = homes[member]
                    delta += cost * ((slot_of[member] == home) - ((t if slot_of[member] == s else s) == home))
        if delta > 0 and rng.random() >= math.exp(-delta / temperature):
            continue
        for member in chain:
            old = slot_of[member]
            for person in ends[member]:
                if at[person].get(old) == member:
                    del at[person][old]
        for member in chain:
            new_slot = t if slot_of[member] == s else s
            slot_of[member] = new_slot
            for person in ends[member]:
                at[person][new_slot] = member
        busy.update(changed)
        count[s] += in_t - in_s
        count[t] += in_s - in_t
        current += delta
    return dict(slot_of) if current <= best_cost else best
