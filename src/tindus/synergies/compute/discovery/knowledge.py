"""The knowledge base: documented exchange patterns (``data/patterns.csv``, see ``data/README.md``) and
the publications they come from.

:func:`load_patterns` reads the file and checks every row (NAF prefixes, resource category, EWC code,
source), raising ``ValueError`` with the line of the first bad one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..tables import at_line, checked_rows
from .nomenclatures import ewc_codes, naf_labels

DATA_DIR = Path(__file__).resolve().parents[2] / "data"  # src/tindus/synergies/data
PATTERNS_PATH = DATA_DIR / "patterns.csv"

CATEGORIES = (
    "matieres",
    "energie",
    "eau",
    "equipements",
    "locaux",
    "logistique",
    "competences",
    "formation",
    "recrutement",
    "achats",
    "services",
)
COLUMNS = (
    "id",
    "provider_naf",
    "resource_category",
    "ewc",
    "resource_label",
    "receiver_naf",
    "receiver_use",
    "source_title",
    "source_publisher",
    "source_year",
    "source_url",
)
# Division "16", groupe "16.1", classe "16.10" or sous-classe "16.10A".
NAF_PREFIX = re.compile(r"\d{2}(\.\d(\d[A-Z]?)?)?")
EWC_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Source:
    """A publication a proposal rests on."""

    title: str
    publisher: str
    year: str = ""
    url: str = ""

    def citation(self) -> str:
        parts = [self.title, self.publisher] + ([self.year] if self.year else [])
        return ", ".join(parts) + (f" ({self.url})" if self.url else "")


@dataclass(frozen=True)
class Pattern:
    """One documented exchange type: provider sector → resource → receiver sector, with its source."""

    id: str
    provider_naf: str
    resource_category: str
    ewc: str
    resource_label: str
    receiver_naf: str
    receiver_use: str
    source_title: str
    source_publisher: str
    source_year: str = ""
    source_url: str = ""
    line: int = 0

    @property
    def source(self) -> Source:
        return Source(self.source_title, self.source_publisher, self.source_year, self.source_url)


def load_patterns(path: Path | str = PATTERNS_PATH) -> list[Pattern]:
    """Read and check the documented patterns; a bad row raises ``ValueError`` naming its line."""
    patterns: list[Pattern] = []
    for line, row in checked_rows(path, COLUMNS, "id"):
        reason = _row_problem(row)
        if reason:
            raise at_line(path, line, reason)
        patterns.append(Pattern(**{c: row[c] for c in COLUMNS}, line=line))
    return patterns


def _row_problem(row: Mapping[str, str]) -> str:
    if not row["id"]:
        return "id is empty"
    for column in ("provider_naf", "receiver_naf"):
        if not NAF_PREFIX.fullmatch(row[column]):
            return f"{column} {row[column]!r} is not a NAF prefix (division « 16 », groupe « 16.1 », classe « 16.10 »)"
        if row[column] not in naf_labels():
            return f"{column} {row[column]!r} is not a code of the NAF rév. 2 nomenclature"
    if row["resource_category"] not in CATEGORIES:
        return f"resource_category {row['resource_category']!r} is not one of {', '.join(CATEGORIES)}"
    if row["ewc"] and not EWC_CODE.fullmatch(row["ewc"]):
        return f"ewc {row['ewc']!r} is not a 6-digit EWC code without spaces (or empty)"
    if row["ewc"] and row["ewc"] not in ewc_codes():
        return f"ewc {row['ewc']!r} is not a code of the European list of waste"
    for column in ("resource_label", "receiver_use", "source_title", "source_publisher"):
        if not row[column]:
            return f"{column} is empty: every pattern names its resource, its use and its source"
    return source_problem(row)


def source_problem(row: Mapping[str, str]) -> str:
    """What is wrong with a row's ``source_year`` and ``source_url`` ("" when nothing)."""
    year = row["source_year"]
    if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
        return f"source_year {year!r} is not a year"
    if row["source_url"] and not row["source_url"].startswith(("http://", "https://")):
        return f"source_url {row['source_url']!r} is not an http(s) address"
    return ""
