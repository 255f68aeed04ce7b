"""The resource-level knowledge base: what an activity typically emits and consumes, each with its source.

Documented patterns (:mod:`.knowledge`) name a provider sector and a receiver sector together; most pairs of
sectors have no such case in the literature. This base describes each side alone, so that a provider and a
receiver can be linked *through a resource* even when nobody has published their pair:

- **resources** (``data/knowledge/*_resources.csv``): a key (``bois_dechets``), its category, a French
  label, the EWC codes it covers (chapters, sub-chapters or codes), the temperature of a heat resource,
  and the resources that can substitute for it;
- **flows** (``data/knowledge/*_flows.csv``): an activity (NAF prefix) *emits* or *uses* a resource, with a
  confidence in [0, 1] (how typical the flow is of the activity, not how big), the process or the use in
  French, an optional EWC code narrowing the resource, a temperature for heat (available when emitted,
  required when used), and the publication the entry rests on.

:func:`load_resource_base` reads every file of the folder and refuses the first bad row with its file, line
and reason: unknown NAF or EWC code, unknown resource, no source, confidence outside [0, 1]…
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..tables import at_line, checked_rows
from .knowledge import CATEGORIES, DATA_DIR, EWC_CODE, NAF_PREFIX, Source, source_problem
from .nomenclatures import ewc_codes, naf_labels

KNOWLEDGE_DIR = DATA_DIR / "knowledge"
RESOURCE_COLUMNS = ("key", "category", "label", "ewc", "temperature_c", "substitutes")
FLOW_COLUMNS = (
    "naf",
    "direction",
    "resource",
    "ewc",
    "temperature_c",
    "process_or_use",
    "confidence",
    "source_title",
    "source_publisher",
    "source_year",
    "source_url",
)
EMITS, USES = "emet", "utilise"
DIRECTIONS = (EMITS, USES)
EWC_PREFIX_LENGTHS = (2, 4, 6)


@dataclass(frozen=True)
class Resource:
    """A kind of resource: « sciures et copeaux de bois », « chaleur fatale à 60-90 °C »…"""

    key: str
    category: str
    label: str
    ewc: tuple[str, ...] = ()  # EWC chapters, sub-chapters or codes it covers
    temperature_c: float | None = None  # heat and steam: the temperature it is available at
    substitutes: tuple[str, ...] = ()  # resources a user of this one can take instead
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Flow:
    """An activity emits or uses a resource; ``confidence`` says how typical that is of the activity."""

    naf: str
    direction: str
    resource: str
    ewc: str
    temperature_c: float | None
    process_or_use: str
    confidence: float
    source: Source
    file: str = ""
    line: int = 0


@dataclass
class ResourceBase:
    """The resources and the flows of every activity, as read from the folder."""

    resources: dict[str, Resource]
    flows: list[Flow] = field(default_factory=list)

    def without_sources(self, titles: Iterable[str]) -> ResourceBase:
        """The same base minus every flow resting on one of these publications (for leave-one-source-out)."""
        dropped = set(titles)
        return ResourceBase(self.resources, [f for f in self.flows if f.source.title not in dropped])

    @property
    def sources(self) -> set[str]:
        return {f.source.title for f in self.flows}


def load_resource_base(folder: Path | str = KNOWLEDGE_DIR) -> ResourceBase:
    """Read and check every ``*_resources.csv`` then every ``*_flows.csv`` of ``folder``."""
    folder = Path(folder)
    resources: dict[str, Resource] = {}
    pending: list[tuple[Path, int, tuple[str, ...]]] = []
    for path in sorted(folder.glob("*_resources.csv")):
        for line, row in checked_rows(path, RESOURCE_COLUMNS, "key"):
            reason = _resource_problem(row, resources)
            if reason:
                raise at_line(path, line, reason)
            resource = Resource(
                row["key"], row["category"], row["label"], tuple(row["ewc"].split()), _number(row["temperature_c"]),
                tuple(row["substitutes"].split()), path.name, line,
            )  # fmt: skip
            resources[resource.key] = resource
            pending.append((path, line, resource.substitutes))
    if not resources:
        raise ValueError(f"{folder.name}: no *_resources.csv file")
    for path, line, substitutes in pending:
        unknown = [s for s in substitutes if s not in resources]
        if unknown:
            raise at_line(path, line, f"substitutes names unknown resources: {', '.join(unknown)}")
    flows: list[Flow] = []
    seen: dict[tuple[str, ...], str] = {}
    for path in sorted(folder.glob("*_flows.csv")):
        for line, row in _flow_rows(path, seen):
            reason = _flow_problem(row, resources)
            if reason:
                raise at_line(path, line, reason)
            flows.append(
                Flow(
                    row["naf"],
                    row["direction"],
                    row["resource"],
                    row["ewc"],
                    _number(row["temperature_c"]),
                    row["process_or_use"],
                    float(row["confidence"]),
                    Source(row["source_title"], row["source_publisher"], row["source_year"], row["source_url"]),
                    path.name,
                    line,
                )  # fmt: skip
            )
    return ResourceBase(resources, flows)


def _flow_rows(path: Path, seen: dict[tuple[str, ...], str]) -> Iterable[tuple[int, dict[str, str]]]:
    """Rows of a flows file; the same (activity, direction, resource, EWC code) twice, in any file, is refused."""
    for line, row in checked_rows(path, FLOW_COLUMNS, None):
        key = (row["naf"], row["direction"], row["resource"], row["ewc"])
        if key in seen:
            raise at_line(path, line, f"{' '.join(k for k in key if k)} is already described in {seen[key]}")
        seen[key] = f"{path.name}, line {line}"
        yield line, row


def _number(text: str) -> float | None:
    return float(text) if text else None


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def known_naf(code: str) -> bool:
    """Whether ``code`` is a NAF rév. 2 division, groupe, classe or sous-classe (« 16 », « 16.1 », « 16.10A »)."""
    return bool(NAF_PREFIX.fullmatch(code)) and code in naf_labels()


def known_ewc(code: str, lengths: Sequence[int] = (6,)) -> bool:
    """Whether ``code`` is in the European list of waste at one of these levels (2, 4 or 6 digits)."""
    return len(code) in lengths and code.isdigit() and code in ewc_codes()


def _resource_problem(row: Mapping[str, str], resources: Mapping[str, Resource]) -> str:
    key = row["key"]
    if not key or not key.replace("_", "").isalnum() or not key.islower():
        return f"key {key!r} must be lower-case letters, digits and « _ »"
    if key in resources:
        return f"key {key!r} is already defined in {resources[key].file}, line {resources[key].line}"
    if row["category"] not in CATEGORIES:
        return f"category {row['category']!r} is not one of {', '.join(CATEGORIES)}"
    if not row["label"]:
        return "label is empty"
    for code in row["ewc"].split():
        if not known_ewc(code, EWC_PREFIX_LENGTHS):
            return f"ewc {code!r} is not a chapter, sub-chapter or code of the European list of waste"
    if row["temperature_c"] and not _is_number(row["temperature_c"]):
        return f"temperature_c {row['temperature_c']!r} is not a number of degrees Celsius"
    return ""


def _flow_problem(row: Mapping[str, str], resources: Mapping[str, Resource]) -> str:
    if not known_naf(row["naf"]):
        return f"naf {row['naf']!r} is not a NAF rév. 2 code (division « 16 », groupe « 16.1 », classe « 16.10 »…)"
    if row["direction"] not in DIRECTIONS:
        return f"direction {row['direction']!r} is not « {EMITS} » or « {USES} »"
    if row["resource"] not in resources:
        return f"resource {row['resource']!r} is not defined in a *_resources.csv file"
    if row["ewc"] and not (EWC_CODE.fullmatch(row["ewc"]) and known_ewc(row["ewc"])):
        return f"ewc {row['ewc']!r} is not a 6-digit code of the European list of waste"
    if row["temperature_c"] and not _is_number(row["temperature_c"]):
        return f"temperature_c {row['temperature_c']!r} is not a number of degrees Celsius"
    if not _is_number(row["confidence"]) or not 0 <= float(row["confidence"]) <= 1:
        return f"confidence {row['confidence']!r} is not a number between 0 and 1"
    if not row["process_or_use"]:
        return "process_or_use is empty: say which process emits it or what the user does with it"
    if not row["source_title"] or not row["source_publisher"]:
        return "the source is missing: every entry names the publication it rests on (title and publisher)"
    return source_problem(row)
