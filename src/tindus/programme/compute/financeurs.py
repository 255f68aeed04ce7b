"""A referential of funders: the same funder written several ways in action plans, grouped under one name.

Plain Python (no Django). The file (``programme/data/financeurs.csv``, see ``data/SOURCES.md``) lists
organisations (the State, each Région, Bpifrance…) and the programmes they fund (FEDER, DETR…), each with
its funder kind (``plan.models.Financeur``) and other spellings. :func:`load` refuses a bad file with its
name, line and reason; :meth:`Referential.match` reads a funding's kind and free-text detail.

Matching rules, in order:

1. The text is normalised (:func:`normalise`): accents, case and punctuation dropped, small words (« de »,
   « la »…) dropped, « conseil régional » read as « région » and « conseil départemental » as
   « département ».
2. A programme named in the detail decides the funder: its organisation (« Région BFC – FEDER » is EU money
   managed by the Région: it counts as the Union européenne, programme FEDER).
3. Else an organisation named in the detail.
4. Else the default entry of the funding's kind (an entry whose key is the kind, such as ``state``), or a
   generic entry named by the kind's label.

Among several names found in one detail, one of the funding's kind wins, then the longest, then the first
in the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .words import words as _words

COLUMNS = ("key", "name", "kind", "programme_of", "aliases")
_REWRITES = (
    (("conseil", "regional"), ("region",)),
    (("conseil", "departemental"), ("departement",)),
    (("conseil", "general"), ("departement",)),
)


class ReferentialError(ValueError):
    """A bad referential file: which file, which line, why."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Entry:
    """A canonical funder. ``programme`` is the programme's name when the detail named one (else None).

    Two entries are equal when their key and programme are: group funding by ``.key``."""

    key: str
    name: str = field(compare=False)
    kind: str = field(compare=False)
    programme: str | None = None

    @property
    def organisation(self) -> Entry:
        """The funder without the programme."""
        return replace(self, programme=None) if self.programme else self


@dataclass(frozen=True)
class _Alias:
    words: tuple[str, ...]
    organisation: Entry
    programme: str | None
    order: int


def normalise(text: str) -> tuple[str, ...]:
    """The words of ``text`` as compared (:func:`.words.words`), « conseil régional » read as « région »."""
    words = list(_words(text))
    for old, new in _REWRITES:
        words = _rewrite(words, old, new)
    return tuple(words)


def _rewrite(words: list[str], old: tuple[str, ...], new: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if tuple(words[i : i + len(old)]) == old:
            out.extend(new)
            i += len(old)
        else:
            out.append(words[i])
            i += 1
    return out


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


class Referential:
    """Organisations and programmes with their spellings; ``kinds`` maps each funder kind to its label."""

    def __init__(self, organisations: Iterable[Entry], aliases: Iterable[_Alias], kinds: Mapping[str, str]) -> None:
        self.organisations: tuple[Entry, ...] = tuple(organisations)
        self._aliases = tuple(aliases)
        self._by_first: dict[str, list[_Alias]] = {}
        for alias in self._aliases:
            self._by_first.setdefault(alias.words[0], []).append(alias)
        by_key = {e.key: e for e in self.organisations}
        self.generic: dict[str, Entry] = {
            kind: by_key.get(kind) or Entry(key=kind, name=label, kind=kind) for kind, label in kinds.items()
        }
        self._found: dict[tuple[str, str], Entry | None] = {}  # (kind, detail) → answer: few distinct spellings

    def find(self, kind: str, detail: str) -> Entry | None:
        """The funder the detail names (rules 1 to 3 of the module), or None."""
        key = (kind, detail or "")
        if key not in self._found:
            if len(self._found) > 100_000:
                self._found.clear()
            self._found[key] = self._find(kind, detail or "")
        return self._found[key]

    def _find(self, kind: str, detail: str) -> Entry | None:
        words = normalise(detail)
        found = [a for w in set(words) for a in self._by_first.get(w, ()) if _contains(words, a.words)]
        if not found:
            return None

        def best(aliases: list[_Alias]) -> _Alias | None:
            if not aliases:
                return None
            return min(aliases, key=lambda a: (a.organisation.kind != kind, -len(a.words), a.order))

        programme = best([a for a in found if a.programme])
        if programme is not None:
            return replace(programme.organisation, programme=programme.programme)
        return best(found).organisation  # type: ignore[union-attr]

    def match(self, kind: str, detail: str) -> Entry:
        """The funder of a funding of this kind and detail; a detail naming nothing gives the kind's entry."""
        entry = self.find(kind, detail)
        if entry is not None:
            return entry
        if kind not in self.generic:
            raise KeyError(f"unknown funder kind {kind!r}")
        return self.generic[kind]

    def merged(self, pairs: Iterable[tuple[str, str]]) -> dict[Entry, list[str]]:
        """For each funder (without programme), the distinct spellings of the details gathered under it, sorted;
        funders gathering no written detail are left out."""
        spellings: dict[Entry, set[str]] = {}
        for kind, detail in pairs:
            detail = " ".join((detail or "").split())
            if not detail:
                continue
            spellings.setdefault(self.match(kind, detail).organisation, set()).add(detail)
        return {
            entry: sorted(found, key=str.casefold)
            for entry, found in sorted(spellings.items(), key=lambda item: str(item[0].name).casefold())
        }


def load(path: Path, kinds: Mapping[str, str]) -> Referential:
    """Read the referential file; :class:`ReferentialError` names the file, line and reason of a bad row."""
    with open(path, encoding="utf-8", newline="") as handle:
        return parse(handle, kinds, source=str(path))


def parse(lines: Iterable[str], kinds: Mapping[str, str], source: str = "<text>") -> Referential:
    """Read referential rows (the CSV text, header first); see :func:`load`."""
    reader = csv.reader(lines, delimiter=";")
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise ReferentialError(source, 1, f"the header must be {';'.join(COLUMNS)}")
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise ReferentialError(source, reader.line_num, f"{len(row)} columns instead of {len(COLUMNS)}")
        rows.append((reader.line_num, dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))))

    organisations: dict[str, Entry] = {}
    programmes: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        _check_row(source, line, row, kinds)
        if row["key"] in organisations or row["key"] in programmes:
            raise ReferentialError(source, line, f"the key {row['key']!r} is used twice")
        if row["programme_of"]:
            programmes[row["key"]] = (line, row)
        else:
            organisations[row["key"]] = Entry(key=row["key"], name=row["name"], kind=row["kind"])

    aliases: list[_Alias] = []
    seen: dict[tuple[str, ...], tuple[str, str]] = {}  # words → (entry key, spelling)
    for order, (line, row) in enumerate(rows):
        if row["programme_of"]:
            owner = organisations.get(row["programme_of"])
            if owner is None:
                raise ReferentialError(source, line, f"the programme's funder {row['programme_of']!r} is not listed")
            if owner.kind != row["kind"]:
                raise ReferentialError(
                    source, line, f"the programme's kind {row['kind']!r} differs from its funder's ({owner.kind!r})"
                )
            programme: str | None = row["name"]
        else:
            owner, programme = organisations[row["key"]], None
        for spelling in [row["name"], *row["aliases"].split("|")]:
            spelling = spelling.strip()
            words = normalise(spelling)
            if not spelling:
                continue
            if not words:
                raise ReferentialError(source, line, f"the spelling {spelling!r} has no word to match")
            previous = seen.get(words)
            if previous is not None and previous[0] != row["key"]:
                raise ReferentialError(
                    source, line, f"the spelling {spelling!r} also names {previous[0]!r} (as {previous[1]!r})"
                )
            if previous is None:
                seen[words] = (row["key"], spelling)
                aliases.append(_Alias(words, owner, programme, order))
    return Referential(organisations.values(), aliases, kinds)


def _check_row(source: str, line: int, row: dict[str, str], kinds: Mapping[str, str]) -> None:
    if not row["key"]:
        raise ReferentialError(source, line, "the key is empty")
    if not row["name"]:
        raise ReferentialError(source, line, "the name is empty")
    if row["kind"] not in kinds:
        raise ReferentialError(
            source, line, f"unknown kind {row['kind']!r} (expected one of {', '.join(sorted(kinds))})"
        )
    if row["key"] in kinds and row["key"] != row["kind"]:
        raise ReferentialError(
            source, line, f"the key {row['key']!r} is a funder kind but the row's kind is {row['kind']!r}"
        )
    if row["key"] in kinds and row["programme_of"]:
        raise ReferentialError(source, line, f"the key {row['key']!r} is a funder kind: it cannot be a programme")
