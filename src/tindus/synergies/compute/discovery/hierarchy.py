"""Generalising along the NAF hierarchy: what is documented for a sous-classe informs its classe and its groupe,
with a weight that decreases at each step up.

A pattern names an activity at some level (« 16.10A », « 16.10 », « 16.1 », « 16 »). An establishment whose APE
code falls under it matches fully; one that only shares a broader ancestor gets :data:`STEP_WEIGHTS` of the
number of levels climbed (a sawmill's by-products say something about other wood processing). Sharing only
the division says too little (livestock farming and market gardening are both division 01): no weight.
"""

from __future__ import annotations

from functools import lru_cache

from .nomenclatures import normalise_naf

# Normalised code length of each level: division « 16 », groupe « 161 », classe « 1610 », sous-classe « 1610A ».
LEVEL_LENGTHS = (2, 3, 4, 5)
# Weight after climbing 0, 1 or 2 levels from the named activity to the ancestor shared with the code, which
# must be a groupe at least (:data:`WIDEST`).
STEP_WEIGHTS = (1.0, 0.7, 0.45)
WIDEST = 3


@lru_cache(maxsize=200_000)
def naf_affinity(named: str, code: str) -> float:
    """How much an entry on activity ``named`` says about an establishment of APE ``code`` (0 to 1)."""
    named, code = normalise_naf(named), normalise_naf(code)
    if code.startswith(named):
        return 1.0
    shared = shared_level(named, code)
    if shared is None or shared < WIDEST:
        return 0.0
    return STEP_WEIGHTS[LEVEL_LENGTHS.index(len(named)) - LEVEL_LENGTHS.index(shared)]


def shared_level(a: str, b: str) -> int | None:
    """Length of the broadest-to-finest common ancestor of two normalised codes, None below the division."""
    best = None
    for length in LEVEL_LENGTHS:
        if len(a) >= length and len(b) >= length and a[:length] == b[:length]:
            best = length
    return best


def ancestor(code: str, length: int) -> str:
    """The ancestor of a normalised code at a level (``length`` from :data:`LEVEL_LENGTHS`)."""
    return normalise_naf(code)[:length]
