"""Slots for the meetings chosen in a class of slots: an edge colouring with capacities and allowed slots.

Giving the chosen meetings of a class their slots is colouring the edges of a graph (participants, meetings)
with the class's slots: no two meetings of a participant in one slot, at most ``capacity`` meetings per slot,
each meeting in a slot both sides can attend (``allowed``; in a class of interchangeable slots, all). Each
meeting takes a slot free for both sides; when there is none, a Kempe chain (the path of meetings alternately
in slots α and β from one side) is swapped to free one, as in Vizing's proof; a full slot is relieved by
swapping a path with one more meeting in it than in a slot with room. A swap is refused if it would move a
fixed meeting (locked, or past) or put a meeting in a slot it does not allow. Meetings that still find no
slot are left out (few: it takes an odd cycle among participants already at their maximum in the class, or
availability that does not fit together).
"""

from __future__ import annotations

from collections import defaultdict


class Colouring:
    def __init__(self, colours: list[int], capacity: dict[int, int]) -> None:
        self.colours = colours
        self.capacity = capacity
        self.at: dict[str, dict[int, str]] = defaultdict(dict)  # participant -> colour -> meeting
        self.colour: dict[str, int] = {}
        self.ends: dict[str, tuple[str, str]] = {}
        self.allowed: dict[str, set[int]] = {}
        self.count = dict.fromkeys(colours, 0)
        self.fixed: set[str] = set()

    def _set(self, ident: str, colour: int) -> None:
        a, b = self.ends[ident]
        self.at[a][colour] = self.at[b][colour] = ident
        self.colour[ident] = colour
        self.count[colour] += 1

    def _unset(self, ident: str) -> None:
        a, b = self.ends[ident]
        colour = self.colour.pop(ident)
        del self.at[a][colour], self.at[b][colour]
        self.count[colour] -= 1

    def fix(self, ident: str, a: str, b: str, colour: int) -> None:
        self.ends[ident] = (a, b)
        self.allowed[ident] = {colour}
        self.fixed.add(ident)
        self._set(ident, colour)

    def _chain(self, start: str, alpha: int, beta: int) -> tuple[list[str], str] | None:
        """The meetings of the alternating α/β path from ``start`` (which lacks β), and its other end; None
        if one of them is fixed or does not allow the other colour."""
        path, vertex, colour = [], start, alpha
        while colour in self.at[vertex]:
            ident = self.at[vertex][colour]
            if ident in self.fixed or (beta if colour == alpha else alpha) not in self.allowed[ident]:
                return None
            path.append(ident)
            a, b = self.ends[ident]
            vertex = b if vertex == a else a
            colour = beta if colour == alpha else alpha
        return path, vertex

    def _swap(self, path: list[str], alpha: int, beta: int) -> None:
        old = [(ident, self.colour[ident]) for ident in path]
        for ident in path:
            self._unset(ident)
        for ident, colour in old:
            self._set(ident, beta if colour == alpha else alpha)

    def _relieve(self, full: int, keep: tuple[str, str]) -> bool:
        """Move one meeting out of the full colour by swapping an odd path (full at both ends) with a colour
        that has room; the path cannot touch ``keep`` (both lack ``full``)."""
        for other in sorted(self.colours, key=lambda c: self.count[c]):
            if self.count[other] >= self.capacity[other]:
                break
            for vertex, colours in list(self.at.items()):
                if full in colours and other not in colours and vertex not in keep:
                    found = self._chain(vertex, full, other)
                    if found is None:
                        continue
                    path, _end = found
                    if len(path) % 2 == 1:
                        self._swap(path, full, other)
                        return True
        return False

    def add(self, ident: str, a: str, b: str, allowed: set[int], prefer: int | None = None) -> bool:
        """Give the meeting one of its ``allowed`` colours (``prefer`` if free for both with room, else the
        first such), recolouring others if need be; False if none was found."""
        self.ends[ident] = (a, b)
        self.allowed[ident] = allowed
        free_a = [c for c in self.colours if c in allowed and c not in self.at[a]]
        free_b = {c for c in self.colours if c in allowed and c not in self.at[b]}
        common = [c for c in free_a if c in free_b]
        if prefer in common:
            common.remove(prefer)
            common.insert(0, prefer)
        for colour in common:
            if self.count[colour] < self.capacity[colour]:
                self._set(ident, colour)
                return True
        for colour in common:
            if self._relieve(colour, (a, b)):
                self._set(ident, colour)
                return True
        for alpha in free_a:
            for beta in free_b:
                if alpha == beta:
                    continue
                # from b along alpha (b lacks beta): frees alpha at b; or from a along beta: frees beta at a
                for start, other, first, second in ((b, a, alpha, beta), (a, b, beta, alpha)):
                    found = self._chain(start, first, second)
                    if found is None or found[1] == other:
                        continue
                    path = found[0]
                    moved = sum(1 for i in path if self.colour[i] == first)
                    gained = len(path) - moved
                    if (
                        self.count[first] - moved + gained + 1 <= self.capacity[first]
                        and self.count[second] - gained + moved <= self.capacity[second]
                    ):
                        self._swap(path, first, second)
                        self._set(ident, first)
                        return True
        del self.ends[ident], self.allowed[ident]
        return False


def colour_class(
    meetings: list[tuple[str, str, str]],
    slots: list[int],
    capacity: dict[int, int],
    fixed: dict[str, int] | None = None,
    prefer: dict[str, int] | None = None,
    allowed: dict[str, set[int]] | None = None,
) -> dict[str, int]:
    """Slots for ``meetings`` ((id, a, b), most important first) among ``slots``; ``fixed`` meetings keep
    theirs, the others take one of their ``allowed`` slots (default: any), their ``prefer``red one when they
    can. Meetings left without a slot are absent from the result."""
    colouring = Colouring(slots, capacity)
    fixed, prefer, allowed = fixed or {}, prefer or {}, allowed or {}
    every = set(slots)
    for ident, a, b in meetings:
        if ident in fixed:
            colouring.fix(ident, a, b, fixed[ident])
    left = [(ident, a, b) for ident, a, b in meetings if ident not in fixed]
    left.sort(key=lambda item: item[0] not in prefer)  # a stable sort: preferred placements first
    for _attempt in range(2):
        left = [
            (ident, a, b)
            for ident, a, b in left
            if not colouring.add(ident, a, b, allowed.get(ident, every), prefer.get(ident))
        ]
        if not left:
            break
    return dict(colouring.colour)
