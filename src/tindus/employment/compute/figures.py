"""A count that remembers its masked parts.

France Travail masks small or unreliable BMO cells with ``*`` (the smallest published value is 5). A
masked cell is *missing*: never 0, never 1. A :class:`Figure` is the sum of the published parts
(``value``) and the number of masked parts it includes (``masked``): a total with a masked part is a
lower bound, shown « at least N »; a total made only of masked parts is shown « masked ». Adding two
figures adds both; apportioning a figure (a share of a basin) scales the value and keeps the masked
parts, which stay masked whatever their weight.

A share (difficult projects among projects) is computed only from exact figures (:func:`share`); over
many rows, :mod:`.basins` computes it on the rows where both parts are published and says on how
many projects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .problems import Translate, untranslated

SMALLEST_PUBLISHED = 5


def french_number(value: float) -> str:
    """``12345.4`` → « 12 345 » (rounded, narrow no-break space between thousands)."""
    return f"{round(value):,}".replace(",", "\u202f")


@dataclass(frozen=True)
class Figure:
    value: float = 0
    masked: int = 0

    @classmethod
    def cell(cls, count: int | None) -> Figure:
        """One BMO cell: a published count, or ``None`` for ``*``."""
        return cls(0, 1) if count is None else cls(count, 0)

    @classmethod
    def total(cls, figures: Iterable[Figure]) -> Figure:
        value, masked = 0.0, 0
        for f in figures:
            value += f.value
            masked += f.masked
        return cls(value, masked)

    def __add__(self, other: Figure) -> Figure:
        if not isinstance(other, Figure):
            return NotImplemented
        return Figure(self.value + other.value, self.masked + other.masked)

    def scaled(self, share: float) -> Figure:
        """This figure apportioned: the published value times ``share``; masked parts stay masked."""
        return Figure(self.value * share, self.masked)

    @property
    def exact(self) -> bool:
        return self.masked == 0

    @property
    def unknown(self) -> bool:
        """Only masked parts: nothing is known but that the figure is small or unreliable."""
        return self.masked > 0 and self.value == 0

    def render(self, _: Translate = untranslated, number: Callable[[float], str] = french_number) -> str:
        """« 1 234 », « at least 1 234 » or « masked »."""
        if self.unknown:
            return _("masked")
        if self.masked:
            return _("at least %(number)s") % {"number": number(self.value)}
        return number(self.value)

    def __str__(self) -> str:
        return self.render()


def share(part: Figure, whole: Figure) -> float | None:
    """``part / whole`` when both are exact and ``whole`` is positive; ``None`` otherwise (never a guess)."""
    if not part.exact or not whole.exact or whole.value <= 0:
        return None
    return part.value / whole.value
