"""The shipped referential of funders (``data/financeurs.csv``), with the funder kinds of the action plan.

``referential().match(funding.financeur, funding.financeur_detail)`` gives the canonical funder of a funding
(:class:`~tindus.programme.compute.financeurs.Entry`: ``.key``, ``.name``, ``.kind``, ``.programme``); group by
``.key``. ``merged(pairs)`` lists, for each funder, the spellings gathered under it. Rules in
``compute/financeurs.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from tindus.plan.models import Financeur

from .compute.financeurs import Entry, Referential, load

PATH = Path(__file__).resolve().parent / "data" / "financeurs.csv"

__all__ = ["PATH", "Entry", "merged", "referential"]


@cache
def referential() -> Referential:
    """The shipped referential, read once per process (generic names are the kinds' lazy labels)."""
    return load(PATH, dict(Financeur.choices))


def merged(pairs: Iterable[tuple[str, str]]) -> dict[Entry, list[str]]:
    """(kind, detail) pairs → for each canonical funder, the distinct spellings it gathered."""
    return referential().merged(pairs)
