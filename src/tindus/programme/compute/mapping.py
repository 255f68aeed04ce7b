"""Classes of a choropleth map of the steering: which of (at most) five shades a territory or a région takes.

Shares use fixed fifths (0-20 %, …, 80-100 %) so that two maps read alike; amounts use five equal steps from 0
to the largest value shown; counts the same steps rounded up to whole numbers (fewer classes when the counts are
small). Plain Python, no Django import.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

CLASSES = 5
SHARE_LIMITS = (0.2, 0.4, 0.6, 0.8)


def limits(values: Iterable[float], share: bool, whole: bool = False) -> tuple[float, ...]:
    """The upper bounds of every class but the last (which takes the rest); () when every value is 0."""
    if share:
        return SHARE_LIMITS
    top = max(values, default=0)
    if top <= 0:
        return ()
    steps = [top * i / CLASSES for i in range(1, CLASSES)]
    if not whole:
        return tuple(steps)
    return tuple(sorted({math.ceil(s) for s in steps if math.ceil(s) < top}))


def shade(value: float, bounds: tuple[float, ...], share: bool) -> int:
    """1 to len(bounds) + 1: the class of ``value``. A share on a bound goes up (exactly 20 % is in the second
    fifth); an amount or a count on a bound stays down. Without bounds (every value is 0): 1."""
    for index, bound in enumerate(bounds, start=1):
        if (value < bound) if share else (value <= bound):
            return index
    return len(bounds) + 1
