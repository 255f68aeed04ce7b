"""The codes a picker question accepts (communes, NAF, ROME, EWC), with their names.

Plain Python. Respondents choose « name (code) » from a list, or type a code, or type an exact name;
the answer stored is always the code. One field gives one entry; an entry of several bare codes
separated by spaces or commas (« H2903 H2909 ») is still understood, as the form first asked for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

CHOSEN = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$")
SEPARATORS = re.compile(r"[\s,;]+")


class EntryError(ValueError):
    """An entry that names no code: ``reason`` is ``unknown`` or ``ambiguous``."""

    def __init__(self, entry: str, reason: str) -> None:
        super().__init__(entry)
        self.entry = entry
        self.reason = reason


def normalised(text: str) -> str:
    """A name as compared: no accents, no case, single spaces, the same apostrophe."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


class CodeList:
    """The valid codes of one referential, and the names respondents may choose them by.

    ``named`` are the (code, name) pairs offered in the picker; ``extra`` are codes accepted as well
    but not offered (a commune déléguée, a chapter of the waste list).
    """

    def __init__(self, named: Iterable[tuple[str, str]], extra: Iterable[str] = ()) -> None:
        self.names: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for code, name in named:
            self.names.setdefault(code, name)
            self._by_name.setdefault(normalised(name), []).append(code)
        self.codes = frozenset(self.names) | frozenset(extra)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def option(self, code: str) -> str:
        """What the picker shows and sends for ``code``: « name (code) », or the code alone."""
        name = self.names.get(code)
        return f"{name} ({code})" if name else code

    def options(self) -> list[str]:
        """Every named code as a picker option, sorted by name."""
        return [self.option(code) for code in sorted(self.names, key=lambda c: (normalised(self.names[c]), c))]

    def resolve(self, entry: str) -> list[str]:
        """The code(s) an entry stands for; raise :class:`EntryError` if it names none or several."""
        entry = " ".join(entry.split())
        chosen = CHOSEN.match(entry)
        if chosen:
            code = chosen["code"].strip().upper()
            if code in self.codes:
                return [code]
            raise EntryError(entry, "unknown")
        if entry.upper() in self.codes:
            return [entry.upper()]
        by_name = self._by_name.get(normalised(entry), [])
        if len(by_name) == 1:
            return by_name
        if len(by_name) > 1:
            raise EntryError(entry, "ambiguous")
        tokens = [t.upper() for t in SEPARATORS.split(entry) if t]
        if len(tokens) > 1 and all(t in self.codes for t in tokens):
            return tokens
        raise EntryError(entry, "unknown")
