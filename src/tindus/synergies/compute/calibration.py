"""How well the probabilities announced by discovery match what the team then found: a reliability check.

Each followed hypothesis keeps the probability shown when it was followed. Once it is decided — confirmed
by a company (it reached « proposée » or further) or dropped while still a hypothesis — it becomes one
observation ``(announced probability, confirmed)``. :func:`reliability` compares the mean announced
probability with the observed confirmation rate, overall and by band, with the Brier score (mean squared
gap, 0 is perfect; always announcing 50 % scores 0.25). Plain Python, no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BANDS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    n: int
    announced: float  # mean announced probability
    observed: float  # share confirmed


@dataclass(frozen=True)
class Reliability:
    n: int
    announced: float
    observed: float
    brier: float
    bands: tuple[Band, ...]


def reliability(observations: Iterable[tuple[float, bool]], bands: Sequence[float] = BANDS) -> Reliability | None:
    """The reliability of announced probabilities (clipped to [0, 1]); None without any decided hypothesis."""
    rows = [(min(1.0, max(0.0, p)), bool(ok)) for p, ok in observations]
    if not rows:
        return None
    found = []
    for low, high in zip(bands, bands[1:], strict=False):
        inside = [(p, ok) for p, ok in rows if low <= p < high or (high == bands[-1] and p == high)]
        if inside:
            found.append(Band(low, high, len(inside), sum(p for p, _ in inside) / len(inside),
                              sum(ok for _, ok in inside) / len(inside)))  # fmt: skip
    n = len(rows)
    return Reliability(
        n,
        sum(p for p, _ in rows) / n,
        sum(ok for _, ok in rows) / n,
        sum((p - ok) ** 2 for p, ok in rows) / n,
        tuple(found),
    )
