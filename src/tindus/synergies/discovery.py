"""Synergies to discover before anyone declares anything: hypotheses drawn from the warehouse alone.

Facilitators (NISP, PNSI, ACT'IF…) start a workshop with a list of exchanges that *usually* happen
between the sectors in the room. This module writes that list for a territory from three kinds of
evidence, each proposal keeping the publication it comes from:

1. **Documented exchange patterns** (``data/patterns.csv``, see ``data/README.md``): provider sector
   (NAF prefix) → resource (EWC code or category) → receiver sector, each compiled from a published
   case (Kalundborg, NISP, PNSI, French EIT fiches, reviews…). A pattern whose two sectors are both
   present in the territory becomes a proposal naming the candidate establishments.
2. **Analogies** drawn from the documented patterns, with a lower weight: a pattern widened to the
   neighbouring activities of its NAF division (whey to pig farms → whey to other livestock farms),
   and, when sector A is documented as producing a by-product of some EWC family (or resource
   category) and sector B as using one of the same family, A → B. This is what lets the knowledge
   base say something about pairs nobody documented yet; pairs a documented pattern already links
   are left to it.
3. **Local supply potential** from the INSEE input-output table (TES A38, domestic production): for
   each A38 branch present, the products it buys most that are produced by branches present nearby
   become « achats locaux possibles », with the share and the table cell they come from.

Every proposal is a *hypothesis to confirm with the companies* (:data:`HYPOTHESIS`): sector codes say
what a firm usually does, not what this firm discards or buys. A confirmed proposal becomes a
declaration (:mod:`tindus.synergies.declarations`).

Scores combine the strength of the evidence (documented 1.0, analogy 0.3-0.6, input-output ≤ 0.6),
the distance of the closest candidate pair (road-distance proxy, decaying faster for heat and water,
which travel badly), the size of the firms (headcount band: bigger firms, bigger flows) and the
number of candidate pairs (more pairs, more chances that one works).

:func:`leave_one_out` measures how well the knowledge base generalises: each documented pattern is
removed in turn and looked for, among synthetic decoys, with what remains.

Plain Python and numpy, no Django import: reference files are read from the repository's
``referentials`` and ``warehouse`` data folders.
"""

from __future__ import annotations

import csv
import gzip
import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
PATTERNS_PATH = DATA_DIR / "patterns.csv"
_TINDUS = Path(__file__).resolve().parent.parent
NAF_SUBCLASSES_PATH = _TINDUS / "referentials" / "data" / "naf_rev2_sous_classes.csv.gz"
NAF_LEVELS_PATH = _TINDUS / "referentials" / "data" / "naf_rev2_tous_niveaux.csv.gz"
A38_LABELS_PATH = _TINDUS / "referentials" / "data" / "a38_libelles.csv.gz"
EWC_PATH = _TINDUS / "referentials" / "data" / "liste_dechets_fr.csv.gz"
TES_PATH = _TINDUS / "warehouse" / "data" / "tes_domestique_a38_2010_2019_long.csv.gz"

HYPOTHESIS = "hypothèse à confirmer auprès des entreprises"

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

# Evidence weights of the three kinds of proposal.
DOCUMENTED = 1.0
SAME_DIVISION = 0.6  # a documented pattern with one of its two sectors widened to its NAF division
SAME_SUBCHAPTER = 0.5  # analogy through the same EWC sub-chapter (4 digits)
SAME_CHAPTER = 0.3  # analogy through the same EWC chapter, or the same category for non-waste resources
IO_WEIGHT = 0.6  # times the square root of the share of the buyer's intermediate consumption

ROAD_FACTOR = 1.3  # straight line → road distance, the usual French rural-periurban detour ratio
EARTH_RADIUS_KM = 6371.0088
# Distance (km) over which the proximity factor falls to 1/e: heat and water travel badly.
DISTANCE_SCALE_KM = {"energie": 8.0, "eau": 8.0, "locaux": 10.0, "equipements": 15.0, "matieres": 40.0}
DEFAULT_SCALE_KM = 30.0
UNKNOWN_PROXIMITY = 0.5  # an establishment without coordinates
MAX_PAIRS_SHOWN = 10

# Midpoint headcount of each SIRENE band.
HEADCOUNT = {"NN": 0, "00": 0, "01": 1.5, "02": 4, "03": 7.5, "11": 15, "12": 35, "21": 75, "22": 150,
             "31": 225, "32": 375, "41": 750, "42": 1500, "51": 3500, "52": 7500, "53": 10000}  # fmt: skip

# A38 products that local firms can supply to each other (agriculture, extraction, manufacturing,
# waste and water, construction). Electricity and gas come through networks; services are left out
# because every branch buys them and they would crowd the list.
GOODS_BRANCHES = frozenset(
    {"AZ", "BZ", "CA", "CB", "CC", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM", "EZ", "FZ"}
)

# Categories where firms share a service or a resource rather than hand over a flow.
POOLING = frozenset(
    {"equipements", "locaux", "logistique", "competences", "formation", "recrutement", "achats", "services"}
)

KIND_LABELS = {"pattern": "motif documenté", "analogy": "analogie", "io": "achats locaux possibles"}


# --- data ------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Establishment:
    """What the warehouse knows of an establishment: enough to propose, nothing confidential."""

    siret: str
    name: str
    naf: str
    commune: str = ""
    lat: float | None = None
    lon: float | None = None
    employees: str = ""  # SIRENE headcount band (« tranche d'effectifs »)


@dataclass(frozen=True)
class Pair:
    provider_siret: str
    receiver_siret: str
    distance_km: float | None  # road-distance proxy, None when a side has no coordinates
    score: float


@dataclass
class Proposal:
    """A hypothesis: these providers could supply this resource to these receivers."""

    kind: str  # "pattern", "analogy" or "io"
    title: str
    resource_category: str
    ewc: str
    resource_label: str
    receiver_use: str
    providers: tuple[Establishment, ...]
    receivers: tuple[Establishment, ...]
    pairs: tuple[Pair, ...]  # the best candidate pairs, at most MAX_PAIRS_SHOWN
    n_pairs: int
    min_distance_km: float | None
    score: float
    explanation: str
    sources: tuple[Source, ...]
    pattern_ids: tuple[str, ...] = ()
    io_share: float | None = None
    hazardous: bool = False
    hypothesis: bool = True
    status: str = HYPOTHESIS

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def involves(self, provider_siret: str, receiver_siret: str) -> bool:
        """Whether this proposal links this provider to this receiver."""
        return any(e.siret == provider_siret for e in self.providers) and any(
            e.siret == receiver_siret for e in self.receivers
        )


@dataclass(frozen=True)
class IOTable:
    """Domestic intermediate consumption shares: ``shares[buyer][product]`` (0-1) for one year."""

    year: int
    shares: Mapping[str, Mapping[str, float]]
    flows: Mapping[tuple[str, str], float]  # (product, buyer) → M€
    totals: Mapping[str, float]  # buyer → total domestic intermediate consumption, M€
    labels: Mapping[str, str] = field(default_factory=dict)

    def source(self, product: str, buyer: str) -> Source:
        base = "base 2010" if self.year <= 2013 else "base 2014"
        flow, total = self.flows.get((product, buyer), 0.0), self.totals.get(buyer, 0.0)
        return Source(
            f"Tableau des entrées-sorties de production domestique, niveau A38 ({base}) — entrées "
            f"intermédiaires, produit {product} × branche {buyer} : {_millions(flow)} sur {_millions(total)}",
            "INSEE, comptes nationaux annuels",
            str(self.year),
        )


def _millions(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") + " M€"


def _lower_first(text: str) -> str:
    """« Ration des bovins » → « ration des bovins », but « GEIQ industrie » stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


# --- reference files -------------------------------------------------------------------------------


def _read_gz_csv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@lru_cache(maxsize=1)
def _a38_by_division() -> dict[str, str]:
    return {row["division"]: row["a38"] for row in _read_gz_csv(NAF_SUBCLASSES_PATH)}


@lru_cache(maxsize=1)
def naf_subclasses() -> tuple[str, ...]:
    """Every NAF rév. 2 sous-classe (« 16.10A »)."""
    return tuple(row["sous_classe"] for row in _read_gz_csv(NAF_SUBCLASSES_PATH))


@lru_cache(maxsize=1)
def naf_labels() -> dict[str, str]:
    """French label of every NAF code at every level, keyed as written (« 16 », « 16.1 », « 16.10A »)."""
    return {row["code"]: row["libelle"] for row in _read_gz_csv(NAF_LEVELS_PATH)}


@lru_cache(maxsize=1)
def a38_labels() -> dict[str, str]:
    return {row["a38"]: row["libelle"].capitalize() for row in _read_gz_csv(A38_LABELS_PATH)}


@lru_cache(maxsize=1)
def _ewc_reference() -> dict[str, tuple[str, bool]]:
    return {row["code6"]: (row["libelle"], row["dangerous"] == "1") for row in _read_gz_csv(EWC_PATH)}


def normalise_naf(code: str) -> str:
    """« 16.10A », « 1610A », « 16.10 » → « 1610A », « 1610A », « 1610 »."""
    return code.strip().upper().replace(".", "").replace(" ", "")


def naf_to_a38(naf: str, mapping: Mapping[str, str] | None = None) -> str | None:
    """A38 branch of a NAF code of any level (from division down), or None when unknown.

    The A38 level groups whole NAF divisions, so the division decides. ``mapping`` (division → A38)
    replaces the nomenclature shipped in ``referentials/data``.
    """
    code = normalise_naf(naf)
    if len(code) < 2 or not code[:2].isdigit():
        return None
    return (mapping if mapping is not None else _a38_by_division()).get(code[:2])


def naf_label(code: str) -> str:
    return naf_labels().get(code, f"NAF {code}")


def _ewc_text(ewc: str) -> str:
    if not ewc:
        return ""
    label = _ewc_reference().get(ewc, ("", False))[0]
    spaced = f"{ewc[:2]} {ewc[2:4]} {ewc[4:]}"
    return f"code déchet {spaced}" + (f" « {label} »" if label else "")


def is_hazardous(ewc: str) -> bool:
    return bool(ewc) and _ewc_reference().get(ewc, ("", False))[1]


# --- the knowledge base ----------------------------------------------------------------------------


def load_patterns(path: Path | str = PATTERNS_PATH) -> list[Pattern]:
    """Read and check the documented patterns; a bad row raises ``ValueError`` naming its line."""
    path = Path(path)
    name = path.name
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{name}, line 1: the file is empty")
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise ValueError(f"{name}, line 1: missing columns: {', '.join(missing)}")
        patterns: list[Pattern] = []
        seen: dict[str, int] = {}
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise ValueError(f"{name}, line {line}: {len(fields)} fields where the header has {len(header)}")
            row = {k: v.strip() for k, v in zip(header, fields, strict=True)}
            reason = _row_problem(row)
            if reason:
                raise ValueError(f"{name}, line {line}: {reason}")
            if row["id"] in seen:
                raise ValueError(f"{name}, line {line}: id {row['id']!r} already used on line {seen[row['id']]}")
            seen[row["id"]] = line
            patterns.append(Pattern(**{c: row[c] for c in COLUMNS}, line=line))
    return patterns


def _row_problem(row: Mapping[str, str]) -> str:
    if not row["id"]:
        return "id is empty"
    for column in ("provider_naf", "receiver_naf"):
        if not NAF_PREFIX.fullmatch(row[column]):
            return f"{column} {row[column]!r} is not a NAF prefix (division « 16 », groupe « 16.1 », classe « 16.10 »)"
    if row["resource_category"] not in CATEGORIES:
        return f"resource_category {row['resource_category']!r} is not one of {', '.join(CATEGORIES)}"
    if row["ewc"] and not EWC_CODE.fullmatch(row["ewc"]):
        return f"ewc {row['ewc']!r} is not a 6-digit EWC code without spaces (or empty)"
    for column in ("resource_label", "receiver_use", "source_title", "source_publisher"):
        if not row[column]:
            return f"{column} is empty: every pattern names its resource, its use and its source"
    year = row["source_year"]
    if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
        return f"source_year {year!r} is not a year"
    if row["source_url"] and not row["source_url"].startswith(("http://", "https://")):
        return f"source_url {row['source_url']!r} is not an http(s) address"
    return ""


def load_io_table(year: int = 2019, path: Path | str = TES_PATH) -> IOTable:
    """Domestic intermediate consumption of each A38 branch by product, from the INSEE TES."""
    flows: dict[tuple[str, str], float] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["annee"] != str(year) or row["tableau"] != "entrees_intermediaires":
                continue
            product, buyer = row["produit"], row["colonne"]
            if product == "TOTAL" or buyer.startswith("TOTAL"):
                continue
            value = float(row["valeur_meur"] or 0)
            if value > 0:
                flows[(product, buyer)] = value
    if not flows:
        raise ValueError(f"no intermediate consumption for {year} in {Path(path).name}")
    totals: dict[str, float] = {}
    for (_product, buyer), value in flows.items():
        totals[buyer] = totals.get(buyer, 0.0) + value
    shares: dict[str, dict[str, float]] = {}
    for (product, buyer), value in flows.items():
        shares.setdefault(buyer, {})[product] = value / totals[buyer]
    return IOTable(year, shares, flows, totals, a38_labels())


# --- discovery -------------------------------------------------------------------------------------


def as_establishment(item: Establishment | Sequence | Mapping) -> Establishment:
    """Accept an :class:`Establishment`, a tuple ``(siret, name, naf, commune, lat, lon, employees)``
    (trailing fields optional) or a mapping with those keys."""
    if isinstance(item, Establishment):
        return item
    if isinstance(item, Mapping):
        values = {k: item[k] for k in Establishment.__dataclass_fields__ if k in item}
    else:
        values = dict(zip(Establishment.__dataclass_fields__, item, strict=False))
    for key in ("lat", "lon"):
        if values.get(key) in ("", None):
            values[key] = None
        else:
            values[key] = float(values[key])
    return Establishment(**{k: (v if k in ("lat", "lon") else str(v or "")) for k, v in values.items()})


class _PrefixIndex:
    """Establishments by every prefix of their normalised NAF code."""

    def __init__(self, establishments: Sequence[Establishment]):
        self.by_prefix: dict[str, list[Establishment]] = {}
        for e in establishments:
            code = normalise_naf(e.naf)
            for n in range(2, len(code) + 1):
                self.by_prefix.setdefault(code[:n], []).append(e)

    def match(self, prefix: str) -> list[Establishment]:
        return self.by_prefix.get(normalise_naf(prefix), [])


def _size_factor(employees: np.ndarray) -> np.ndarray:
    return 0.5 + 0.5 * np.minimum(1.0, np.log1p(employees) / math.log1p(250))


def _pairs(
    providers: Sequence[Establishment],
    receivers: Sequence[Establishment],
    category: str,
    max_km: float,
    exclude: np.ndarray | None = None,
) -> tuple[list[Pair], int, float, float | None]:
    """Candidate pairs (best first, capped), their number, the best pair score and the shortest distance."""
    if not providers or not receivers:
        return [], 0, 0.0, None

    def coords(side: Sequence[Establishment]) -> np.ndarray:
        return np.radians(
            np.array([[e.lat if e.lat is not None else np.nan, e.lon if e.lon is not None else np.nan] for e in side])
        )

    p, r = coords(providers), coords(receivers)
    dlat = r[None, :, 0] - p[:, None, 0]
    dlon = r[None, :, 1] - p[:, None, 1]
    h = np.sin(dlat / 2) ** 2 + np.cos(p[:, None, 0]) * np.cos(r[None, :, 0]) * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))) * ROAD_FACTOR
    known = ~np.isnan(distance)
    scale = DISTANCE_SCALE_KM.get(category, DEFAULT_SCALE_KM)
    proximity = np.where(known, np.exp(-np.nan_to_num(distance) / scale), UNKNOWN_PROXIMITY)
    size_p = _size_factor(np.array([HEADCOUNT.get(e.employees, 0) for e in providers], dtype=float))
    size_r = _size_factor(np.array([HEADCOUNT.get(e.employees, 0) for e in receivers], dtype=float))
    score = proximity * np.sqrt(size_p[:, None] * size_r[None, :])
    valid = ~(known & (distance > max_km))
    p_sirets = np.array([e.siret for e in providers], dtype=object)
    r_sirets = np.array([e.siret for e in receivers], dtype=object)
    valid &= p_sirets[:, None] != r_sirets[None, :]
    if exclude is not None:
        valid &= ~exclude
    n = int(valid.sum())
    if not n:
        return [], 0, 0.0, None
    masked = np.where(valid, score, -1.0)
    flat = np.argsort(-masked, axis=None, kind="stable")[: min(n, MAX_PAIRS_SHOWN)]
    pairs = []
    for index in flat:
        i, j = divmod(int(index), len(receivers))
        d = float(distance[i, j]) if known[i, j] else None
        pairs.append(Pair(providers[i].siret, receivers[j].siret, d, float(score[i, j])))
    distances = distance[valid & known]
    shortest = float(distances.min()) if distances.size else None
    return pairs, n, float(masked.max()), shortest


def _candidates(
    providers: Sequence[Establishment],
    receivers: Sequence[Establishment],
    category: str,
    max_km: float,
    exclude: np.ndarray | None = None,
) -> tuple[tuple[Establishment, ...], tuple[Establishment, ...], list[Pair], int, float, float | None] | None:
    pairs, n, best, shortest = _pairs(providers, receivers, category, max_km, exclude)
    if not n:
        return None
    # Establishments in the order of their best pair; the others that have a pair follow.
    order_p = list(dict.fromkeys([p.provider_siret for p in pairs]))
    order_r = list(dict.fromkeys([p.receiver_siret for p in pairs]))
    by_siret = {e.siret: e for e in (*providers, *receivers)}
    others_p = [e.siret for e in providers if e.siret not in order_p]
    others_r = [e.siret for e in receivers if e.siret not in order_r]
    ps = tuple(by_siret[s] for s in dict.fromkeys(order_p + others_p))
    rs = tuple(by_siret[s] for s in dict.fromkeys(order_r + others_r))
    return ps, rs, pairs, n, best, shortest


def _score(prior: float, best_pair: float, n_pairs: int) -> float:
    return round(prior * best_pair * (1 + 0.1 * math.log(n_pairs)), 6)


def _closest_sentence(pairs: Sequence[Pair], people: Mapping[str, Establishment], n: int) -> str:
    best = pairs[0]
    provider, receiver = people[best.provider_siret], people[best.receiver_siret]
    where = f", environ {best.distance_km:.0f} km par la route" if best.distance_km is not None else ""
    return (
        f"{n} paire{'s' if n > 1 else ''} d'établissements candidate{'s' if n > 1 else ''} sur le territoire ; "
        f"la mieux placée : {provider.name} → {receiver.name}{where}."
    )


def _hazard_note(ewc: str) -> str:
    if is_hazardous(ewc):
        return " Déchet dangereux : seul un receveur autorisé à le traiter peut le recevoir."
    return ""


def discover(
    establishments: Iterable[Establishment | Sequence | Mapping],
    patterns: Sequence[Pattern],
    io_table: IOTable | None = None,
    k: int | None = 10,
    *,
    max_km: float = 60.0,
    analogies: bool = True,
    io_products: int = 3,
    io_min_share: float = 0.03,
    io_supply_branches: frozenset[str] = GOODS_BRANCHES,
) -> list[Proposal]:
    """Ranked synergy hypotheses between the establishments of one territory (best first, ``k`` at most).

    ``patterns`` is the knowledge base (:func:`load_patterns`); ``io_table`` (:func:`load_io_table`)
    adds the local-supply step, skipped when None. Pairs farther apart than ``max_km`` by road are
    ignored. ``k=None`` returns every proposal.
    """
    people = [as_establishment(e) for e in establishments]
    by_siret = {e.siret: e for e in people}
    index = _PrefixIndex(people)
    proposals: list[Proposal] = []

    for pattern in patterns:
        found = _candidates(
            index.match(pattern.provider_naf), index.match(pattern.receiver_naf), pattern.resource_category, max_km
        )
        if found is None:
            continue
        ps, rs, pairs, n, best, shortest = found
        ewc = _ewc_text(pattern.ewc)
        provider_sector = f"« {naf_label(pattern.provider_naf)} » ({pattern.provider_naf})"
        receiver_sector = f"« {naf_label(pattern.receiver_naf)} » ({pattern.receiver_naf})"
        if pattern.resource_category in POOLING:
            what = (
                f"Motif documenté de mutualisation : des établissements des secteurs {provider_sector} et "
                f"{receiver_sector} mettent en commun « {_lower_first(pattern.resource_label)} » : "
                f"{_lower_first(pattern.receiver_use)}."
            )
        else:
            what = (
                f"Motif documenté : des établissements du secteur {provider_sector} fournissent "
                f"« {pattern.resource_label} »{f' ({ewc})' if ewc else ''} à des établissements du secteur "
                f"{receiver_sector} : {_lower_first(pattern.receiver_use)}."
            )
        explanation = (
            f"{what} Source : {pattern.source.citation()}. {_closest_sentence(pairs, by_siret, n)}"
            f"{_hazard_note(pattern.ewc)} Le code d'activité dit ce qu'un établissement fait d'habitude, pas ce "
            f"qu'il produit, rejette ou achète : {HYPOTHESIS}."
        )
        proposals.append(
            Proposal(
                kind="pattern",
                title=f"{pattern.resource_label} → {pattern.receiver_use}",
                resource_category=pattern.resource_category,
                ewc=pattern.ewc,
                resource_label=pattern.resource_label,
                receiver_use=pattern.receiver_use,
                providers=ps,
                receivers=rs,
                pairs=tuple(pairs),
                n_pairs=n,
                min_distance_km=shortest,
                score=_score(DOCUMENTED, best, n),
                explanation=explanation,
                sources=(pattern.source,),
                pattern_ids=(pattern.id,),
                hazardous=is_hazardous(pattern.ewc),
            )
        )

    if analogies:
        proposals.extend(_analogy_proposals(patterns, index, by_siret, max_km))
    if io_table is not None:
        proposals.extend(
            _io_proposals(people, io_table, by_siret, max_km, io_products, io_min_share, io_supply_branches)
        )

    order = {"pattern": 0, "analogy": 1, "io": 2}
    proposals.sort(key=lambda p: (-p.score, order[p.kind], p.title))
    return proposals if k is None else proposals[:k]


def _resource_classes(pattern: Pattern) -> list[tuple[str, float, str]]:
    """The families a pattern's resource belongs to, with the weight of an analogy through each."""
    if pattern.ewc:
        return [
            (f"ewc:{pattern.ewc[:4]}", SAME_SUBCHAPTER, "subchapter"),
            (f"ewc:{pattern.ewc[:2]}", SAME_CHAPTER, "chapter"),
        ]
    return [(f"cat:{pattern.resource_category}", SAME_CHAPTER, "category")]


@dataclass
class _Analogy:
    provider_naf: str
    receiver_naf: str
    weight: float
    basis: str  # "division", "subchapter", "chapter" or "category"
    support: list[tuple[Pattern, Pattern]]  # (pattern giving the resource, pattern giving the use)


def _analogy_groups(patterns: Sequence[Pattern]) -> list[_Analogy]:
    """Sector pairs suggested by the documented patterns without being documented themselves, best first.

    Two ways: one of a pattern's two sectors widened to its NAF division (same resource, neighbouring
    activities, :data:`SAME_DIVISION`; widening both sides at once proposed reversed flows), and two
    patterns A ≠ B whose resources share an EWC family or a category (A's provider → B's receiver).
    Pairs of sectors that a documented pattern or a stronger analogy already covers (prefixes as broad
    or broader) are dropped.
    """
    groups: dict[tuple[str, str], _Analogy] = {}

    def add(provider: str, receiver: str, weight: float, basis: str, a: Pattern, b: Pattern) -> None:
        group = groups.get((provider, receiver))
        if group is None:
            groups[(provider, receiver)] = _Analogy(provider, receiver, weight, basis, [(a, b)])
            return
        if weight > group.weight:
            group.weight, group.basis = weight, basis
            group.support.insert(0, (a, b))
        else:
            group.support.append((a, b))

    for pattern in patterns:
        wide_p, wide_r = pattern.provider_naf[:2], pattern.receiver_naf[:2]
        if wide_r != pattern.receiver_naf:
            add(pattern.provider_naf, wide_r, SAME_DIVISION, "division", pattern, pattern)
        if wide_p != pattern.provider_naf:
            add(wide_p, pattern.receiver_naf, SAME_DIVISION, "division", pattern, pattern)

    by_class: dict[str, list[Pattern]] = {}
    for p in patterns:
        for cls, _weight, _basis in _resource_classes(p):
            by_class.setdefault(cls, []).append(p)
    for a in patterns:
        seen_b: set[str] = set()
        for cls, weight, basis in _resource_classes(a):  # sub-chapter first: the stronger weight wins
            for b in by_class[cls]:
                if b is a or b.id in seen_b:
                    continue
                seen_b.add(b.id)
                add(a.provider_naf, b.receiver_naf, weight, basis, a, b)

    kept: list[_Analogy] = []
    covering: dict[str, list[str]] = {}  # provider prefix → receiver prefixes already linked (normalised)
    for p in patterns:
        covering.setdefault(normalise_naf(p.provider_naf), []).append(normalise_naf(p.receiver_naf))
    for group in sorted(groups.values(), key=lambda g: (-g.weight, g.provider_naf, g.receiver_naf)):
        gp, gr = normalise_naf(group.provider_naf), normalise_naf(group.receiver_naf)
        if any(gr.startswith(cr) for n in range(2, len(gp) + 1) for cr in covering.get(gp[:n], ())):
            continue
        kept.append(group)
        covering.setdefault(gp, []).append(gr)
    return kept


def _documented_masks(
    patterns: Sequence[Pattern], index: _PrefixIndex
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], int]:
    """Per establishment, bit sets of the patterns it can provide for and receive from (uint64 words)."""
    words = max(1, (len(patterns) + 63) // 64)
    provides: dict[str, np.ndarray] = {}
    receives: dict[str, np.ndarray] = {}
    for i, pattern in enumerate(patterns):
        word, bit = divmod(i, 64)
        for side, prefix in ((provides, pattern.provider_naf), (receives, pattern.receiver_naf)):
            for e in index.match(prefix):
                mask = side.setdefault(e.siret, np.zeros(words, dtype=np.uint64))
                mask[word] |= np.uint64(1 << bit)
    return provides, receives, words


def _documented_pairs(
    providers: Sequence[Establishment],
    receivers: Sequence[Establishment],
    masks: tuple[dict[str, np.ndarray], dict[str, np.ndarray], int],
) -> np.ndarray:
    """Boolean matrix: the pair is already linked by a documented pattern."""
    provides, receives, words = masks
    zero = np.zeros(words, dtype=np.uint64)
    pm = np.array([provides.get(e.siret, zero) for e in providers]).reshape(len(providers), words)
    rm = np.array([receives.get(e.siret, zero) for e in receivers]).reshape(len(receivers), words)
    covered = np.zeros((len(providers), len(receivers)), dtype=bool)
    for w in range(words):
        covered |= (pm[:, None, w] & rm[None, :, w]) != 0
    return covered


def _analogy_proposals(
    patterns: Sequence[Pattern], index: _PrefixIndex, by_siret: Mapping[str, Establishment], max_km: float
) -> list[Proposal]:
    proposals = []
    masks = _documented_masks(patterns, index)
    for group in _analogy_groups(patterns):
        providers, receivers = index.match(group.provider_naf), index.match(group.receiver_naf)
        if not providers or not receivers:
            continue
        a, b = group.support[0]
        exclude = _documented_pairs(providers, receivers, masks)
        found = _candidates(providers, receivers, a.resource_category, max_km, exclude)
        if found is None:
            continue
        ps, rs, pairs, n, best, shortest = found
        provider_naf, receiver_naf = group.provider_naf, group.receiver_naf
        if group.basis == "division":
            reason = (
                f"le motif documenté « {a.resource_label} » → « {_lower_first(a.receiver_use)} » relie les secteurs "
                f"{a.provider_naf} et {a.receiver_naf} (source : {a.source.citation()}) ; il est étendu ici aux "
                f"activités voisines de la même division NAF"
            )
        else:
            family = {
                "subchapter": f"du même sous-chapitre de la liste des déchets ({a.ewc[:2]} {a.ewc[2:4]})",
                "chapter": f"du même chapitre de la liste des déchets ({a.ewc[:2]})",
                "category": f"de la même catégorie de ressource ({a.resource_category})",
            }[group.basis]
            reason = (
                f"des établissements du secteur {provider_naf} produisent « {a.resource_label} » (source : "
                f"{a.source.citation()}) ; des établissements du secteur {receiver_naf} valorisent une ressource "
                f"{family} : « {b.resource_label} », {_lower_first(b.receiver_use)} (source : {b.source.citation()})"
            )
        explanation = (
            f"Analogie (échange non documenté tel quel) entre « {naf_label(provider_naf)} » ({provider_naf}) et "
            f"« {naf_label(receiver_naf)} » ({receiver_naf}) : {reason}. "
            f"{_closest_sentence(pairs, by_siret, n)}{_hazard_note(a.ewc)} Hypothèse plus fragile qu'un motif "
            f"documenté : {HYPOTHESIS}."
        )
        support = group.support[:3]
        sources = tuple(dict.fromkeys(s for ab in support for s in (ab[0].source, ab[1].source)))
        proposals.append(
            Proposal(
                kind="analogy",
                title=f"{a.resource_label} → {b.receiver_use} (analogie)",
                resource_category=a.resource_category,
                ewc=a.ewc,
                resource_label=a.resource_label,
                receiver_use=b.receiver_use,
                providers=ps,
                receivers=rs,
                pairs=tuple(pairs),
                n_pairs=n,
                min_distance_km=shortest,
                score=_score(group.weight, best, n),
                explanation=explanation,
                sources=sources,
                pattern_ids=tuple(dict.fromkeys(p.id for ab in support for p in ab)),
                hazardous=is_hazardous(a.ewc),
            )
        )
    return proposals


def _io_proposals(
    people: Sequence[Establishment],
    io: IOTable,
    by_siret: Mapping[str, Establishment],
    max_km: float,
    io_products: int,
    io_min_share: float,
    supply: frozenset[str],
) -> list[Proposal]:
    branches: dict[str, list[Establishment]] = {}
    for e in people:
        a38 = naf_to_a38(e.naf)
        if a38:
            branches.setdefault(a38, []).append(e)
    proposals = []
    for buyer, buyers in sorted(branches.items()):
        shares = io.shares.get(buyer, {})
        nearby = sorted(
            ((product, share) for product, share in shares.items() if product in supply and product in branches),
            key=lambda ps: -ps[1],
        )
        for product, share in [(p, s) for p, s in nearby if s >= io_min_share][:io_products]:
            found = _candidates(branches[product], buyers, "achats", max_km)
            if found is None:
                continue
            ps, rs, pairs, n, best, shortest = found
            source = io.source(product, buyer)
            product_label = io.labels.get(product, product)
            buyer_label = io.labels.get(buyer, buyer)
            explanation = (
                f"Achats locaux possibles : en France, la branche « {buyer_label} » ({buyer}) achète "
                f"{share:.0%} de ses consommations intermédiaires produites dans le pays à la branche "
                f"« {product_label} » ({product}) (INSEE, tableau des entrées-sorties A38, {io.year}). "
                f"{len(ps)} établissement{'s' if len(ps) > 1 else ''} de cette branche "
                f"{'sont' if len(ps) > 1 else 'est'} à portée de {len(rs)} acheteur{'s' if len(rs) > 1 else ''} "
                f"potentiel{'s' if len(rs) > 1 else ''}. {_closest_sentence(pairs, by_siret, n)} Moyenne "
                f"nationale, pas un achat constaté : {HYPOTHESIS}."
            ).replace("%", "\u202f%")
            proposals.append(
                Proposal(
                    kind="io",
                    title=f"Achats locaux possibles : {product_label} → {buyer_label}",
                    resource_category="achats",
                    ewc="",
                    resource_label=f"Produits de la branche {product} ({product_label})",
                    receiver_use=f"Consommations intermédiaires de la branche {buyer} ({buyer_label})",
                    providers=ps,
                    receivers=rs,
                    pairs=tuple(pairs),
                    n_pairs=n,
                    min_distance_km=shortest,
                    score=_score(IO_WEIGHT * math.sqrt(share), best, n),
                    explanation=explanation,
                    sources=(source,),
                    io_share=share,
                )
            )
    return proposals


# --- leave-one-out evaluation ----------------------------------------------------------------------

TERRITORY_CENTRE = (47.32, 5.04)  # Dijon: any French point would do
TERRITORY_RADIUS_KM = 25.0
EMPLOYER_BANDS = ("01", "02", "03", "11", "12", "21", "22")


@dataclass(frozen=True)
class HeldOut:
    """What became of one held-out pattern: its rank among the proposals (None: not proposed)."""

    pattern_id: str
    rank: int | None  # among all the territory's proposals
    provider_rank: int | None  # among the proposals naming the held-out provider: what its company sees
    kind: str | None  # kind of the first proposal linking the pair
    covered: bool  # another documented pattern links the two synthetic establishments' sectors
    n_proposals: int


def _point(rng: random.Random) -> tuple[float, float]:
    radius = TERRITORY_RADIUS_KM * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat = TERRITORY_CENTRE[0] + radius * math.cos(angle) / 111.2
    lon = TERRITORY_CENTRE[1] + radius * math.sin(angle) / (111.2 * math.cos(math.radians(TERRITORY_CENTRE[0])))
    return lat, lon


def synthetic_territory(pattern: Pattern, decoys: int = 200, seed: int = 0) -> list[Establishment]:
    """A provider of the pattern's provider sector, a receiver of its receiver sector and ``decoys``
    establishments of other sous-classes, scattered over a 25 km radius (seeded)."""
    rng = random.Random(f"{seed}:{pattern.id}")
    codes = naf_subclasses()
    p_prefix, r_prefix = normalise_naf(pattern.provider_naf), normalise_naf(pattern.receiver_naf)
    provider_codes = [c for c in codes if normalise_naf(c).startswith(p_prefix)]
    receiver_codes = [c for c in codes if normalise_naf(c).startswith(r_prefix)]
    if not provider_codes or not receiver_codes:
        raise ValueError(f"pattern {pattern.id} (line {pattern.line}): a sector matches no NAF sous-classe")
    others = [c for c in codes if not normalise_naf(c).startswith((p_prefix, r_prefix))]

    def make(siret: str, name: str, naf: str) -> Establishment:
        lat, lon = _point(rng)
        return Establishment(siret, name, naf, "", lat, lon, rng.choice(EMPLOYER_BANDS))

    people = [
        make("P", "Fournisseur retenu", rng.choice(provider_codes)),
        make("R", "Receveur retenu", rng.choice(receiver_codes)),
    ]
    people += [make(f"D{i:03d}", f"Leurre {i}", rng.choice(others)) for i in range(decoys)]
    return people


def leave_one_out(
    patterns: Sequence[Pattern],
    *,
    decoys: int = 200,
    seed: int = 0,
    io_table: IOTable | None = None,
    use_io: bool = True,
) -> list[HeldOut]:
    """Hold out each pattern in turn and look for its (provider, receiver) pair with the rest.

    The territory holds one provider of the held-out provider sector, one receiver of its receiver
    sector and ``decoys`` establishments of other sectors, which compete with their own proposals.
    Discovery runs with the remaining patterns, the analogies and (``use_io``) the input-output step.
    """
    if use_io and io_table is None:
        io_table = load_io_table()
    results = []
    for held in patterns:
        rest = [p for p in patterns if p is not held]
        people = synthetic_territory(held, decoys, seed)
        provider, receiver = people[0], people[1]
        covered = any(
            normalise_naf(provider.naf).startswith(normalise_naf(p.provider_naf))
            and normalise_naf(receiver.naf).startswith(normalise_naf(p.receiver_naf))
            for p in rest
        )
        proposals = discover(people, rest, io_table if use_io else None, k=None)
        rank = provider_rank = kind = None
        own = 0
        for position, proposal in enumerate(proposals, start=1):
            if any(e.siret == provider.siret for e in proposal.providers):
                own += 1
            if proposal.involves(provider.siret, receiver.siret):
                rank, provider_rank, kind = position, own, proposal.kind
                break
        results.append(HeldOut(held.id, rank, provider_rank, kind, covered, len(proposals)))
    return results


def recall_at(results: Sequence[HeldOut], k: int, *, view: str = "territory") -> float:
    """Share of held-out pairs found in the first ``k`` proposals of the territory (``view="territory"``)
    or of the held-out provider's own list (``view="provider"``)."""
    if not results:
        return 0.0
    ranks = [r.rank if view == "territory" else r.provider_rank for r in results]
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(results)


def evaluate_leave_one_out(patterns: Sequence[Pattern], k: int = 10, **options) -> float:
    """Leave-one-out recall@k of the discovery step on the documented patterns (see :func:`leave_one_out`)."""
    return recall_at(leave_one_out(patterns, **options), k)
