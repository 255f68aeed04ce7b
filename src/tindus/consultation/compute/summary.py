"""What the committee's summary of a consultation may show besides the results of :mod:`.results`.

Plain Python. The rule of the results page holds in the document too: no figure describes fewer than
``K`` people.

- Response rates of invited establishments, by segment: a segment is shown on its own only when it has
  at least ``K`` invited establishments and no answer or at least ``K``; the others are added up in
  « autres ». When « autres » would itself hold a small cell (1 to ``K``-1 invited or answered), the
  segments with the fewest invited join it until it does not (or holds everything).
- Free-text themes: only a theme of at least ``K`` answers is named; smaller themes and the answers that
  fit no theme are counted together. No quote is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .results import OTHER, K


@dataclass(frozen=True)
class Rate:
    """Establishments invited and answered in one segment."""

    value: str
    invited: int
    answered: int

    @property
    def percent(self) -> float:
        return 100 * self.answered / self.invited if self.invited else 0.0


def _publishable(n: int, k: int) -> bool:
    return n == 0 or n >= k


def fold_rates(rows: Iterable[tuple[str, int, int]], k: int = K) -> list[Rate]:
    """(segment value, invited, answered) rows as they may be published, largest first, « autres » last."""
    rows = sorted(rows, key=lambda r: (-r[1], r[0]))
    shown = [r for r in rows if r[0] != OTHER and r[1] >= k and _publishable(r[2], k)]
    other = [r for r in rows if r not in shown]

    def other_small() -> bool:
        invited, answered = sum(r[1] for r in other), sum(r[2] for r in other)
        return not (_publishable(invited, k) and _publishable(answered, k))

    while other and shown and other_small():
        smallest = min(shown, key=lambda r: (r[1], r[0]))
        shown.remove(smallest)
        other.append(smallest)
    folded = [Rate(*r) for r in shown]
    if other:
        folded.append(Rate(OTHER, sum(r[1] for r in other), sum(r[2] for r in other)))
    return folded


def fold_themes(themes: Iterable[tuple[str, int]], answers: int, k: int = K) -> tuple[list[tuple[str, int]], int]:
    """The (label, count) of the themes of at least ``k`` answers, and how many of the ``answers`` are in
    none of them."""
    named = [(label, count) for label, count in themes if count >= k]
    return named, answers - sum(count for _label, count in named)
