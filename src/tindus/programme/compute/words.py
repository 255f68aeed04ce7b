"""Words of a free text as compared by the programme's matchers (funders, themes). Plain Python."""

from __future__ import annotations

import re
import unicodedata

SMALL_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux", "pour", "un",
                         "une", "sur", "par", "dans"})  # fmt: skip
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``: no accents, lower case, no punctuation, no small words (« de », « la »…)."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe").replace("&", " et "))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return tuple(w for w in _NOT_WORD.split(text) if w and w not in SMALL_WORDS)
