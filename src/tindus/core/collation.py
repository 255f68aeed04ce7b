"""Sort names the way a French reader expects: « Étalante » between « Avallon » and « Vitteaux ».

Python compares code points, so « É » (U+00C9) comes after every unaccented letter, and SQLite
cannot collate French either. Lists of names shown to people are therefore sorted in Python with
:func:`french_key`, an approximation of the French collation of the Unicode Collation Algorithm
(CLDR): letters compare without their accents and case first, then the accents, then the case;
ligatures compare as their letters (« œ » as « oe »). PyICU would do the full algorithm, but it is
not a dependency and this is enough for names of places, people and organisations.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "ʼ": "'"})


def _base(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def french_key(text: str) -> tuple[str, str, str, str]:
    """A sort key: letters without accents or case, then with their accents, then lower case before
    upper case (« cote » < « Cote » < « coté » < « côte »), then the text itself."""
    text = text or ""
    return _base(text).casefold(), text.translate(_LIGATURES).casefold(), text.swapcase(), text


def sorted_by_name(items: Iterable[T], name: Callable[[T], str] = lambda item: item.name) -> list[T]:
    """``items`` in the French order of their name (``item.name`` unless told otherwise)."""
    return sorted(items, key=lambda item: french_key(name(item)))
