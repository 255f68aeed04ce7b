"""Pooling opportunities: three companies or more with the same need, proposed together as one opportunity.

Plain Python and NumPy, no Django import: usable from a notebook and from the views alike.

A pairwise match (:mod:`tindus.synergies.compute.matching`) links one need to one offer. Some needs are better met
*together*: three firms recruiting welders can share a recruitment campaign or a groupement d'employeurs,
five firms needing a forklift licence fill one training session, four firms producing metal scrap fill one
collection round. :func:`find_pools` finds these groups among the declarations.

**What is grouped** (needs only, except waste collection):

=========================  ==================================================================================
declarations               group key
=========================  ==================================================================================
recruitment, skills        each ROME code of the need (« rome:H2903 »): a firm recruiting and a firm asking for
                           staff time in the same job can share a groupement d'employeurs. Groups of several
                           codes gathering exactly the same companies are merged (« rome:H2903+H2913 »).
training, purchasing,      the stems of the text (:func:`tindus.synergies.compute.text.stems`) once the words saying
logistics, services, and   *what kind* of request it is (« formation », « achats », « besoin »,
recruitment, skills or     « mutualisé »…) are dropped: « formation cariste CACES » and « CACES cariste
equipment needs without    formations » both become {carist, cac}. A need joins the group whose founder (its
their code                 first declaration by id) is the most similar, if the set cosine reaches
                           :data:`TEXT_THRESHOLD`; otherwise it founds a group.
equipment                  the equipment class, normalised as the matcher does (lower case, no accent)
waste collection           *resources* of category « matières » with an EWC code, by 4-digit sub-chapter
                           (« 12 01 »), hazardous and non-hazardous apart (a hazardous waste needs an authorised
                           collector): a « collecte mutualisée » of what each firm has sent away on its own
=========================  ==================================================================================

A company counts once in a group whatever the number of its declarations. A group is then **split
geographically** by single linkage: two companies are in the same pool when a chain of members links
them with steps of at most ``max_km`` of road (great-circle distance × :data:`ROAD_FACTOR`, the proxy used
across the package). Pools of fewer than ``min_companies`` distinct companies are dropped. Declarations
whose company is unknown (no coordinates) are left out.

**Score**, in [0, 1]: ``0.7 × n / (n + 3) + 0.3 × exp(−mean distance / 40 km)`` with ``n`` the number of
companies and the mean road distance between members: more companies first, closer ones next (3 firms
side by side 0.65, 10 firms 30 km apart on average 0.68). Pools are sorted by score, then size, key and
company ids: the same input always gives the same list.

The total annual quantity is the sum of :func:`~tindus.synergies.compute.declarations.annual_quantity` over the
declarations that give one, when they all fall in one unit family (t and kg meet, t and m3 do not).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .declarations import (
    _EWC_FILE,
    BASE_UNITS,
    NEED,
    RESOURCE,
    Company,
    Declaration,
    annual_quantity,
    dangerous_ewc_codes,
    ewc_label,
)
from .text import WORD, plain, similarity, stem, stems

ROAD_FACTOR = 1.3  # great-circle → road distance, as in matching and discovery
EARTH_RADIUS_KM = 6371.0088
TEXT_THRESHOLD = 0.6  # set cosine between a need's stems and its group founder's
MAX_KEY_STEMS = 8  # a text key keeps at most this many stems (keys are stored in short fields)
W_SIZE, W_PROXIMITY = 0.7, 0.3
SIZE_HALF = 3  # n / (n + SIZE_HALF): half of the size weight at 3 companies
DISTANCE_DECAY_KM = 40.0

# Words that say what kind of request a need is, not what it is about (dropped from text keys).
GENERIC_WORDS = """
besoin besoins recherche recherchons rechercher cherche cherchons souhait souhaite souhaitons envisage
mutualiser mutualise mutualisee mutualises mutualisees mutualisation groupe groupee groupes groupees grouper
commun commune communs communes partage partagee partager partagees formation formations former achat achats
acheter service services prestation prestations
""".split()  # noqa: SIM905 - a word list reads better as text
GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_WORDS)

ROME_CATEGORIES = ("recrutement", "competences")
TEXT_CATEGORIES = ("formation", "achats", "logistique", "services", "recrutement", "competences", "equipements")
COLLECTION = "collecte"
TITLES = {
    "recrutement": "Recrutement mutualisé",
    "competences": "Compétences partagées",
    "formation": "Formation mutualisée",
    "achats": "Achats groupés",
    "logistique": "Logistique mutualisée",
    "services": "Service mutualisé",
    "equipements": "Équipement partagé",
    COLLECTION: "Collecte mutualisée",
}
NEED_WORDS = {
    "recrutement": "de recrutement",
    "competences": "de compétences",
    "formation": "de formation",
    "achats": "d'achats",
    "logistique": "de logistique",
    "services": "de services",
    "equipements": "d'équipement",
}


@dataclass(frozen=True)
class Pool:
    """Companies with the same need (or the same waste to collect), proposed as one opportunity."""

    key: str  # what they share, without spaces: « rome:H2903 », « formation:cac+carist », « collecte:1201* »
    category: str  # a key of declarations.CATEGORIES
    title: str
    companies: tuple[str, ...]  # Company.id, sorted
    declarations: tuple[str, ...]  # Declaration.id, sorted
    total_quantity: float | None  # yearly, in quantity_unit; None when unknown or not comparable
    quantity_unit: str
    quantified: int  # how many declarations the total adds up
    max_distance_km: float  # largest road distance between two members
    mean_distance_km: float
    score: float
    explanation: str

    @property
    def n_companies(self) -> int:
        return len(self.companies)

    @property
    def signature(self) -> str:
        """A short stable identity (key and members), so that the same pool is not followed twice."""
        digest = hashlib.sha1(" ".join(self.companies).encode()).hexdigest()[:12]
        return f"pool:{self.key}:{digest}"


@dataclass
class _Group:
    key: str
    category: str
    label: str  # what the title names: the code, the equipment, the words
    members: list[Declaration]
    founder_stems: frozenset[str] = frozenset()


# --- grouping ----------------------------------------------------------------------------------------------


def subject_stems(text: str) -> tuple[str, ...]:
    """The stems of a need's text without the words that only say it is a need (« formation », « achats »…)."""
    return tuple(s for s in stems(text) if s not in GENERIC_STEMS)


def _normalise_equipment(equipment: str) -> str:
    return " ".join(plain(equipment.lower()).split())


_WORD_ANY_CASE = re.compile(WORD.pattern, re.IGNORECASE)


def _surface(text: str, wanted: Iterable[str], *, span: bool = False) -> str:
    """The words of ``text`` (as written, first occurrence) whose stems are ``wanted``, in text order; with
    ``span``, the text from the first such word to the last (« achats de gants de protection » → « gants de
    protection »)."""
    wanted = set(wanted)
    found = [m for m in _WORD_ANY_CASE.finditer(text) if stem(m.group().lower()) in wanted]
    if not found:
        return ""
    if span:
        return text[found[0].start() : found[-1].end()]
    shown: dict[str, str] = {}
    for m in found:
        shown.setdefault(stem(m.group().lower()), m.group())
    return ", ".join(shown.values())


def _text_groups(category: str, needs: Sequence[Declaration], threshold: float) -> list[_Group]:
    groups: list[_Group] = []
    for d in needs:
        tokens = frozenset(subject_stems(d.text))
        if not tokens:
            continue
        best, best_sim = None, threshold
        for g in groups:
            sim = similarity(tokens, g.founder_stems)
            if sim >= best_sim and (best is None or sim > best_sim):
                best, best_sim = g, sim
        if best is None:
            key_stems = sorted(tokens)[:MAX_KEY_STEMS]
            label = _surface(d.text, tokens, span=True) or d.text.strip()
            groups.append(_Group(f"{category}:{'+'.join(key_stems)}", category, label, [d], tokens))
        else:
            best.members.append(d)
    return groups


def _collect_groups(
    declarations: Sequence[Declaration], dangerous: frozenset[str] | set[str]
) -> tuple[list[_Group], dict[str, int]]:
    groups: dict[str, _Group] = {}
    takers: dict[str, int] = {}  # sub-chapter (with hazard mark) → needs declared for it
    for d in declarations:
        if d.category != "matieres" or len(d.ewc) != 6 or not d.ewc.isdigit():
            continue
        sub = d.ewc[:4] + ("*" if d.hazardous or d.ewc in dangerous else "")
        if d.direction == RESOURCE:
            groups.setdefault(sub, _Group(f"{COLLECTION}:{sub}", "matieres", sub, [])).members.append(d)
        elif d.direction == NEED:
            takers[sub] = takers.get(sub, 0) + 1
    return list(groups.values()), takers


def _groups(declarations: Sequence[Declaration], threshold: float, dangerous) -> tuple[list[_Group], dict]:
    groups, takers = _collect_groups(declarations, dangerous)
    needs = [d for d in declarations if d.direction == NEED]
    rome: dict[str, _Group] = {}
    equipment: dict[str, _Group] = {}
    by_text: dict[str, list[Declaration]] = {}
    for d in needs:
        if d.category in ROME_CATEGORIES and d.rome:
            for code in dict.fromkeys(c.strip().upper() for c in d.rome if c.strip()):
                rome.setdefault(code, _Group(f"rome:{code}", "recrutement", code, [])).members.append(d)
        elif d.category == "equipements" and d.equipment.strip():
            name = _normalise_equipment(d.equipment)
            key = f"equipement:{name.replace(' ', '_')}"
            equipment.setdefault(name, _Group(key, "equipements", d.equipment.strip(), [])).members.append(d)
        elif d.category in TEXT_CATEGORIES:
            by_text.setdefault(d.category, []).append(d)
    for g in rome.values():  # all-skills groups are titled as skills
        if all(d.category == "competences" for d in g.members):
            g.category = "competences"
    groups += list(rome.values()) + list(equipment.values())
    for category in TEXT_CATEGORIES:
        groups += _text_groups(category, by_text.get(category, []), threshold)
    return groups, takers


# --- geography ---------------------------------------------------------------------------------------------


def _unit_vectors(points: Sequence[Company]) -> np.ndarray:
    lat = np.radians([c.lat for c in points])
    lon = np.radians([c.lon for c in points])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _road_km(vectors: np.ndarray, i: int, others: np.ndarray | slice) -> np.ndarray:
    """Road distance (km) from member ``i`` to ``others``: great-circle angle × radius × road factor."""
    chord = np.linalg.norm(vectors[others] - vectors[i], axis=-1)
    return 2 * np.arcsin(np.clip(chord / 2, 0, 1)) * EARTH_RADIUS_KM * ROAD_FACTOR


def _clusters(vectors: np.ndarray, max_km: float) -> list[list[int]]:
    """Single linkage: connected components of « at most ``max_km`` apart », each sorted, in first-index order."""
    n = len(vectors)
    unseen = np.ones(n, dtype=bool)
    clusters: list[list[int]] = []
    for start in range(n):
        if not unseen[start]:
            continue
        unseen[start] = False
        cluster, stack = [start], [start]
        while stack:
            i = stack.pop()
            candidates = np.flatnonzero(unseen)
            if not len(candidates):
                break
            near = candidates[_road_km(vectors, i, candidates) <= max_km]
            unseen[near] = False
            cluster += near.tolist()
            stack += near.tolist()
        clusters.append(sorted(cluster))
    return clusters


def _spread(vectors: np.ndarray) -> tuple[float, float]:
    """(largest, mean) road distance between two members."""
    n = len(vectors)
    largest = total = 0.0
    for i in range(n - 1):
        d = _road_km(vectors, i, slice(i + 1, n))
        largest, total = max(largest, float(d.max())), total + float(d.sum())
    return largest, (total / (n * (n - 1) / 2) if n > 1 else 0.0)


# --- wording -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def ewc_subchapter_labels() -> dict[str, str]:
    """4-digit EWC sub-chapter → its official French label, from the shipped European List of Waste."""
    with gzip.open(_EWC_FILE, "rb") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return {r["code6"]: r["libelle"] for r in rows if r["level"] == "2"}


def _number(value: float) -> str:
    text = f"{value:,.0f}" if value >= 100 else f"{value:,.1f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def _distance_sentence(largest: float, n: int) -> str:
    if largest < 1:
        return f"Les {n} entreprises sont à moins d'un kilomètre les unes des autres."
    return (
        f"Les {n} entreprises sont au plus à {largest:.0f} km les unes des autres "
        f"(route estimée : distance à vol d'oiseau × {str(ROAD_FACTOR).replace('.', ',')})."
    )


def _quantity(members: Sequence[Declaration]) -> tuple[float | None, str, int]:
    flows = [q for d in members if (q := annual_quantity(d.quantity, d.unit, d.frequency)) is not None]
    families = {family for family, _amount in flows}
    if len(families) != 1:
        return None, "", 0
    family = families.pop()
    return sum(amount for _family, amount in flows), BASE_UNITS[family], len(flows)


def _why(group: _Group, n: int, takers: Mapping[str, int]) -> str:
    key = group.key
    if key.startswith(f"{COLLECTION}:"):
        sub = group.label.rstrip("*")
        label = ewc_subchapter_labels().get(sub, "")
        text = (
            f"{n} entreprises déclarent des déchets du sous-chapitre {ewc_label(sub)}"
            + (f" ({label})" if label else "")
            + " : une collecte mutualisée réduirait le nombre de passages et leur coût."
        )
        if group.label.endswith("*"):
            text += " Déchets dangereux : la collecte revient à un collecteur agréé."
        found = takers.get(group.label, 0)
        if found:
            text += f" {found} besoin{'s' if found > 1 else ''} du même sous-chapitre {'sont' if found > 1 else 'est'}"
            text += " aussi déclaré" + ("s" if found > 1 else "") + " sur le territoire : à associer à la tournée."
        else:
            text += " Aucun besoin de ce sous-chapitre n'est déclaré sur le territoire."
        return text
    if key.startswith("rome:"):
        codes = group.label.split(", ")
        job = f"le même métier (ROME {group.label})" if len(codes) == 1 else f"les mêmes métiers (ROME {group.label})"
        return (
            f"{n} entreprises déclarent un besoin de recrutement ou de compétences pour {job} : un recrutement "
            "commun, un groupement d'employeurs ou une formation partagée peut y répondre."
        )
    if key.startswith("equipement:"):
        return (
            f"{n} entreprises recherchent le même type d'équipement (« {group.label} ») : un achat, une location "
            "ou un temps machine partagés peuvent y répondre."
        )
    common = frozenset.intersection(*(frozenset(subject_stems(d.text)) for d in group.members))
    shown = _surface(group.members[0].text, common) if common else group.label
    examples = ", ".join(f"« {d.text.strip()} »" for d in group.members[:3]) + (", …" if len(group.members) > 3 else "")
    return (
        f"{n} entreprises expriment un besoin {NEED_WORDS[group.category]} proche ({examples}) ; "
        f"mots en commun : {shown}."
    )


# --- entry point -------------------------------------------------------------------------------------------


def _score(n: int, mean_km: float) -> float:
    return W_SIZE * n / (n + SIZE_HALF) + W_PROXIMITY * math.exp(-mean_km / DISTANCE_DECAY_KM)


def _merge_same_members(pools: list[tuple[_Group, list[Declaration]]]) -> list[tuple[_Group, list[Declaration]]]:
    """ROME groups of exactly the same companies become one (« H2903, H2913 »): one opportunity, not two."""
    merged: dict[tuple[str, ...], tuple[_Group, list[Declaration]]] = {}
    out: list[tuple[_Group, list[Declaration]]] = []
    for group, members in pools:
        if not group.key.startswith("rome:"):
            out.append((group, members))
            continue
        companies = tuple(sorted({d.company for d in members}))
        if companies in merged:
            first, first_members = merged[companies]
            first.key += "+" + group.key.removeprefix("rome:")
            first.label += ", " + group.label
            if group.category == "recrutement":
                first.category = "recrutement"
            known = {d.id for d in first_members}
            first_members += [d for d in members if d.id not in known]
            first_members.sort(key=lambda d: d.id)
        else:
            copy = (_Group(group.key, group.category, group.label, list(members)), list(members))
            merged[companies] = copy
            out.append(copy)
    return out


def find_pools(
    companies: Iterable[Company],
    declarations: Iterable[Declaration],
    *,
    min_companies: int = 3,
    max_km: float = 40.0,
    text_threshold: float = TEXT_THRESHOLD,
    dangerous_ewc: frozenset[str] | set[str] | None = None,
) -> list[Pool]:
    """The pooling opportunities among ``declarations``, best first (see the module docstring).

    ``dangerous_ewc``: the EWC codes marked « * » (default: the shipped European List of Waste).
    """
    where = {c.id: c for c in companies}
    decls = sorted((d for d in declarations if d.company in where), key=lambda d: d.id)
    dangerous = dangerous_ewc_codes() if dangerous_ewc is None else dangerous_ewc
    groups, takers = _groups(decls, text_threshold, dangerous)

    parts: list[tuple[_Group, list[Declaration]]] = []
    for group in groups:
        ids = sorted({d.company for d in group.members})
        if len(ids) < min_companies:
            continue
        vectors = _unit_vectors([where[i] for i in ids])
        for cluster in _clusters(vectors, max_km):
            if len(cluster) < min_companies:
                continue
            inside = {ids[i] for i in cluster}
            parts.append((group, [d for d in group.members if d.company in inside]))

    pools: list[Pool] = []
    for group, members in _merge_same_members(parts):
        ids = tuple(sorted({d.company for d in members}))
        largest, mean = _spread(_unit_vectors([where[i] for i in ids]))
        total, unit, quantified = _quantity(members)
        n = len(ids)
        collection = group.key.startswith(f"{COLLECTION}:")
        label = group.label
        if collection:
            label = ewc_label(label.rstrip("*")) + (" (déchets dangereux)" if label.endswith("*") else "")
        explanation = _why(group, n, takers) + " " + _distance_sentence(largest, n)
        if total is not None:
            explanation += (
                f" Volume cumulé : {_number(total)} {unit} par an "
                f"({quantified} déclaration{'s' if quantified > 1 else ''} chiffrée{'s' if quantified > 1 else ''}"
                f" sur {len(members)})."
            )
        pools.append(
            Pool(
                key=group.key,
                category=group.category,
                title=f"{TITLES[COLLECTION if collection else group.category]} : {label} ({n} entreprises)",
                companies=ids,
                declarations=tuple(sorted(d.id for d in members)),
                total_quantity=total,
                quantity_unit=unit,
                quantified=quantified,
                max_distance_km=largest,
                mean_distance_km=mean,
                score=_score(n, mean),
                explanation=explanation,
            )
        )
    pools.sort(key=lambda p: (-p.score, -p.n_companies, p.key, p.companies))
    return pools
