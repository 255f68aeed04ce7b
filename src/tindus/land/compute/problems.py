"""The problems of the land readers and checks: which layer, which feature, which field, and why.

Messages are English templates with ``%(name)s`` parameters, written inside :func:`gettext_noop` so that
``make messages`` extracts them; :meth:`Problem.describe` takes the Django layer's ``gettext`` so that the
user reads French, while a notebook keeps English (the convention of the employment cores).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Marks an English message for the catalogue; translated when shown."""
    return message


def untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Problem:
    """One problem: ``layer`` is a CNIG class (``SITE-ECO``…), ``friches`` or a file name; ``line`` is the
    1-based line of a CSV file (0: not a CSV line), ``feature`` the feature's identifier or GeoPackage fid."""

    layer: str
    reason: str
    line: int = 0
    feature: str = ""
    field: str = ""
    params: dict[str, object] = dataclasses.field(default_factory=dict)

    def explain(self, _: Translate = untranslated) -> str:
        return _(self.reason) % self.params if self.params else _(self.reason)

    def place(self, _: Translate = untranslated) -> str:
        parts = [self.layer]
        if self.line:
            parts.append(_("line %(line)d") % {"line": self.line})
        if self.feature:
            parts.append(_("feature « %(feature)s »") % {"feature": self.feature})
        if self.field:
            parts.append(_("field « %(field)s »") % {"field": self.field})
        return ", ".join(parts)

    def describe(self, _: Translate = untranslated) -> str:
        """``TERRAIN-ECO, line 3, feature « 80024_TERRAIN-ECO_00131 », field « terr_surf_brute »: …``."""
        return f"{self.place(_)}: {self.explain(_)}"


class LandDataError(ValueError):
    """Input refused as a whole (nothing of it is to be kept), with every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        shown = "; ".join(p.describe() for p in self.problems[:5])
        more = f" (+{len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(shown + more)


def refuse(problems: list[Problem]) -> None:
    """Raise :class:`LandDataError` when there is any problem."""
    if problems:
        raise LandDataError(problems)
