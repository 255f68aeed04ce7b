"""Ranking the complementary declarations of other companies, with the reasons, without comparing all pairs.

Plain Python and NumPy, no Django import: usable from a notebook, benchmarked alone (``bench/synergies.py``).

**Which pairs.** A *need* is compared with the *resources* of other companies and the reverse, in the same
category or an accepted neighbour (``Rules.accepts``: a training need may be met by skills offered, a
service need by staff time). A pair is **eligible** only if

- the companies differ, the road distance is at most ``max_km`` (50 km: exchanges are local), and a
  hazardous material (flag, or an EWC code marked « * ») only goes to a receiver (the side of the need)
  authorised for hazardous waste — otherwise the pair is excluded, not merely penalised;
- and the two declarations are *related*, in one of three ways:

  * by their codes: same EWC sub-chapter (« 12 01 »), a ROME domain in common (« H29 »), the same
    equipment class;
  * when at least one side gives no code, by a shared *distinctive* stem of their texts, one found in at
    most ``max_stem_share`` (2 %) of the declarations (« copeau » is, « recherche » is not);
  * when at least one side gives no code and they lie within ``near_km`` (10 km), by a shared stem found
    in at most ``near_stem_share`` (5 %) of the declarations (« chaleur » between two neighbours), or
    because one of them says too little to be related otherwise (no code, no such stem).

  Two declarations that both give a code are related by their codes only: two different codes are two
  different things, however close the firms and whatever words their texts share.

**Score** of an eligible pair, a weighted sum in [0, 1]:

=============  ======  =================================================================================
component      weight  value
=============  ======  =================================================================================
compatibility  0.35    when both sides give a code: EWC same code 1, same sub-chapter (4 digits) 0.6, same
                       chapter (2 digits) 0.3; ROME same code 1, same domain (« H29 ») 0.5; same equipment
                       class 1 (the best that applies, else 0). Otherwise, when both give a temperature (heat,
                       cold): 1 if the offer covers the need, minus 1/20 per missing degree. Otherwise the text
                       similarity stands in (a need written « copeaux d'acier » without its code is not
                       outranked by every coded offer)
text           0.20    cosine of IDF-weighted stem sets (:mod:`tindus.synergies.compute.text`), over the 8 rarest
                       stems of each text
distance       0.25    exp(−d / 30 km), d = great-circle (haversine) distance × 1.3, a road-distance proxy
quantity       0.12    min/max of the yearly quantities in the same unit family (t and kg meet); 0 for
                       families that cannot meet (t against m2); 0.5 when a side gives none
frequency      0.04    same 1, two recurring ones 0.7, one-off against recurring 0.3, unknown 0.5
state          0.04    same physical state 1, liquid/pasty 0.5, different 0, unknown 0.5
=============  ======  =================================================================================

Ties are broken by the order of the declarations given, so that results are reproducible.

**How, without all pairs.** Every relation above is an equality of integer keys: the EWC sub-chapter, each
ROME domain, the equipment class, each distinctive stem (with a bit for « gives a code », so that two coded
declarations never meet on words), tagged with the need's category (a resource's keys repeated once per
need category that accepts it) and with a hazard bit (a hazardous material and a receiver not authorised
never share a key). Each key also carries the declaration's cell on a grid of ``max_km / 2`` cells (a
second grid of ``near_km / 2`` cells for the proximity relations). Needs and resources are joined on equal
keys across the 5 × 5 neighbouring cells with sorted arrays and binary search; pairs farther than the reach
are dropped at once (a chord test on unit vectors), the rest deduplicated as integers ``need × n + resource``
and scored in vectorised chunks by :meth:`Features.score_pairs`, the very function the naive scorer of
:mod:`tindus.synergies.compute.naive` runs on every pair. The ``k`` best of each declaration, on both sides, come from
a score histogram per declaration (which drops every pair with at least ``k`` better ones) followed by ``k``
rounds of segmented maxima; no per-pair object, memory in flat arrays. Joins and scoring run on a few
threads (NumPy releases the GIL), which changes nothing in the result. The result is *exactly* the naive
ranking: both score the same eligible pairs with the same code.
"""

from __future__ import annotations

import gc
import itertools
import math
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .declarations import (
    BASE_UNITS,
    CATEGORIES,
    FREQUENCIES,
    NEED,
    RESOURCE,
    STATES,
    STOCK_FAMILIES,
    UNIT_FAMILIES,
    UNIT_LABELS,
    Company,
    Declaration,
    annual_quantity,
    dangerous_ewc_codes,
    ewc_label,
)
from .text import plain, stems, surface_words

EARTH_RADIUS_KM = 6371.0088
ACCEPTS = {  # need category -> the resource categories that can meet it
    "matieres": ("matieres",),
    "energie": ("energie",),
    "eau": ("eau",),
    "equipements": ("equipements",),
    "locaux": ("locaux",),
    "logistique": ("logistique",),
    "competences": ("competences",),
    "formation": ("formation", "competences"),
    "recrutement": ("recrutement",),
    "achats": ("achats",),
    "services": ("services", "competences"),
}
EWC_LEVELS = (1.0, 0.6, 0.3)  # same code, same sub-chapter, same chapter
ROME_LEVELS = (1.0, 0.5)  # same code, same domain
HEAT_THRESHOLD_C = 20.0  # a need below this temperature is for cold: the offer must be as cold or colder
DEGREES_TO_ZERO = 20.0
FAMILIES = tuple(dict.fromkeys(family for family, _factor in UNIT_FAMILIES.values()))
RECURRING = frozenset({"hebdomadaire", "mensuel", "annuel", "continu"})


@dataclass(frozen=True)
class Rules:
    """What is compared and how much each criterion weighs (see the module docstring)."""

    w_code: float = 0.35
    w_text: float = 0.20
    w_distance: float = 0.25
    w_quantity: float = 0.12
    w_frequency: float = 0.04
    w_state: float = 0.04
    decay_km: float = 30.0
    road_factor: float = 1.3
    max_km: float = 50.0
    near_km: float = 10.0
    max_stem_share: float = 0.02  # a stem in more declarations than this share does not make a pair related…
    near_stem_share: float = 0.05  # … except within near_km, up to this share (« chaleur » but not « recherche »)
    min_stem_cap: int = 50  # … but any stem found in at most this many declarations does
    max_stems: int = 8  # the most distinctive stems kept per text (declarations are short labels)
    accepts: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(ACCEPTS))
    dangerous_ewc: frozenset[str] | None = None  # None: the codes marked « * » in the shipped list


class Match:
    """``other`` proposed for ``declaration`` with its ``score`` and French ``reasons``.

    The reasons of a match built by a matcher are written when first read (a million matches, a few read).
    """

    __slots__ = ("declaration", "other", "score", "_reasons", "_features")

    def __init__(
        self,
        declaration: Declaration,
        other: Declaration,
        score: float,
        reasons: list[str] | None = None,
        features: Features | None = None,
    ) -> None:
        self.declaration, self.other, self.score = declaration, other, score
        self._reasons, self._features = reasons, features

    @property
    def reasons(self) -> list[str]:
        if self._reasons is None:
            f = self._features
            self._reasons = f.explain(f.position[self.declaration.id], f.position[self.other.id]) if f else []
        return self._reasons

    def __repr__(self) -> str:
        return f"Match({self.declaration.id} → {self.other.id}, {self.score:.3f})"


def _rome_int(code: str) -> int:
    """« H2903 » → 72903 (letter rank × 10 000 + digits), so that ``// 100`` gives the domain « H29 »; −1 if
    malformed."""
    if len(code) != 5 or not ("A" <= code[0].upper() <= "Z") or not code[1:].isdigit():
        return -1
    return (ord(code[0].upper()) - 65) * 10_000 + int(code[1:])


def _rome_str(value: int) -> str:
    return f"{chr(65 + value // 10_000)}{value % 10_000:04d}"


class Features:
    """The declarations as flat arrays (one value per declaration), shared by the indexed and the naive matchers.

    Floating-point values are single precision: enough for kilometres and scores, and half the memory traffic
    of the vectorised scoring, which both matchers run identically.
    """

    def __init__(self, companies: Iterable[Company], declarations: Iterable[Declaration], rules: Rules | None = None):
        self.rules = rules = rules or Rules()
        if rules.near_km > rules.max_km:
            raise ValueError("near_km cannot exceed max_km")
        self.companies = list(companies)
        self.declarations = decls = list(declarations)
        self.position = {d.id: i for i, d in enumerate(decls)}
        if len(self.position) != len(decls):
            raise ValueError("declaration ids must be unique")
        self.n = n = len(decls)
        self.category_names = list(CATEGORIES)
        company_index = {c.id: i for i, c in enumerate(self.companies)}
        category_index = {c: i for i, c in enumerate(self.category_names)}
        frequency_index = {f: i + 1 for i, f in enumerate(FREQUENCIES)}  # 0: unknown
        state_index = {s: i + 1 for i, s in enumerate(STATES)}
        family_index = {f: i for i, f in enumerate(FAMILIES)}
        dangerous = rules.dangerous_ewc if rules.dangerous_ewc is not None else dangerous_ewc_codes()
        equipment_index: dict[str, int] = {}
        rows = []
        try:
            for d in decls:
                annual = annual_quantity(d.quantity, d.unit, d.frequency) if d.quantity is not None else None
                equipment = d.equipment.strip()
                rows.append((
                    company_index[d.company], category_index[d.category], d.direction == RESOURCE,
                    int(d.ewc) if d.ewc.isdigit() else -1,
                    equipment_index.setdefault(plain(equipment.lower()), len(equipment_index)) if equipment else -1,
                    d.hazardous or d.ewc in dangerous,
                    family_index[annual[0]] if annual and annual[1] > 0 else -1,
                    annual[1] if annual and annual[1] > 0 else np.nan,
                    frequency_index.get(d.frequency, 0), state_index.get(d.state, 0),
                    np.nan if d.temperature_c is None else d.temperature_c,
                ))  # fmt: skip
        except KeyError as error:
            raise ValueError(f"unknown company or category: {error}") from None
        columns = list(zip(*rows, strict=True)) if rows else [()] * 11
        self.comp = np.array(columns[0], dtype=np.int32)
        self.cat = np.array(columns[1], dtype=np.int8)
        self.dirn = np.array(columns[2], dtype=np.int8)  # 0 need, 1 resource
        self.ewc = np.array(columns[3], dtype=np.int32)
        self.ewc_sub, self.ewc_chapter = self.ewc // 100, self.ewc // 10_000  # -1 stays -1
        self.equip = np.array(columns[4], dtype=np.int32)
        self.haz = np.array(columns[5], dtype=bool)
        self.fam = np.array(columns[6], dtype=np.int16)
        self.qty = np.array(columns[7], dtype=np.float32)
        self.freq = np.array(columns[8], dtype=np.int16)
        self.state = np.array(columns[9], dtype=np.int16)
        self.temp = np.array(columns[10], dtype=np.float32)
        width = max((len(d.rome) for d in decls), default=0) or 1
        rome = np.full((n, width), -1, dtype=np.int32)
        for i, d in enumerate(decls):
            if d.rome:
                codes = sorted({x for x in map(_rome_int, d.rome) if x >= 0})
                rome[i, : len(codes)] = codes
        self.rome_t = rome.T.copy()  # column by column: rome_t[j] is the j-th code of every declaration
        self.has_code = (self.ewc >= 0) | (self.rome_t[0] >= 0) | (self.equip >= 0)

        self.c_lat = np.radians(np.array([c.lat for c in self.companies], dtype=np.float64))
        self.c_lon = np.radians(np.array([c.lon for c in self.companies], dtype=np.float64))
        c_auth = np.array([c.authorised_hazardous for c in self.companies], dtype=bool)
        self.auth = c_auth[self.comp]
        # the companies' points as unit vectors: the chord between two of them gives the great-circle distance
        lat, lon = self.c_lat[self.comp], self.c_lon[self.comp]
        self.px = (np.cos(lat) * np.cos(lon)).astype(np.float32)
        self.py = (np.cos(lat) * np.sin(lon)).astype(np.float32)
        self.pz = np.sin(lat).astype(np.float32)
        self.frequency_pairs = _frequency_table().astype(np.float32).ravel()
        self.state_pairs = _state_table().astype(np.float32).ravel()
        self._text_arrays(decls)

    def _text_arrays(self, decls: list[Declaration]) -> None:
        """Stem ids and normalised IDF weights per declaration (its ``max_stems`` rarest stems).

        Stems are numbered from the rarest to the most common, so that « distinctive » (found in at most
        ``max_stem_share`` of the declarations) is ``id < n_distinct`` and « usable near » (at most
        ``near_stem_share``) is ``id < n_near``. Arrays are stored column by column: ``stem_t[j]`` holds the
        j-th stem of every declaration (−1 when it has fewer).
        """
        text_index: dict[str, int] = {}
        text_of = np.array([text_index.setdefault(d.text, len(text_index)) for d in decls], dtype=np.int64)
        per_text = [stems(text) for text in text_index]
        names = list(dict.fromkeys(x for doc in per_text for x in doc))
        name_index = {x: i for i, x in enumerate(names)}
        doc_ids = [[name_index[x] for x in doc] for doc in per_text]
        uses = np.bincount(text_of, minlength=len(per_text))  # declarations per distinct text
        df = np.zeros(len(names), dtype=np.int64)
        flat = np.fromiter((i for doc in doc_ids for i in doc), dtype=np.int64)
        np.add.at(df, flat, np.repeat(uses, [len(doc) for doc in doc_ids]))
        order = np.argsort(df, kind="stable")  # rarest first, then first seen
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        self.stem_names = [names[i] for i in order]
        df = df[order]
        rules = self.rules
        self.n_distinct = int(np.searchsorted(df, max(rules.min_stem_cap, rules.max_stem_share * self.n), "right"))
        self.n_near = int(np.searchsorted(df, max(rules.min_stem_cap, rules.near_stem_share * self.n), "right"))
        idf = np.log1p(self.n / np.maximum(df, 1))
        width = min(rules.max_stems, max((len(doc) for doc in doc_ids), default=0)) or 1
        stem_table = np.full((len(per_text), width), -1, dtype=np.int32)
        for t, doc in enumerate(doc_ids):
            kept = sorted(rank[doc].tolist())[:width]  # the rarest stems of the text
            stem_table[t, : len(kept)] = kept
        weights = np.where(stem_table >= 0, idf[np.maximum(stem_table, 0)], 0.0)
        norms = np.sqrt((weights**2).sum(axis=1, keepdims=True))
        weights = np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
        self.stem_t = stem_table[text_of].T.copy()
        self.weight_t = weights[text_of].T.astype(np.float32)
        self.vague = ~self.has_code & ~(((self.stem_t >= 0) & (self.stem_t < self.n_near)).any(axis=0))

    # -- scoring --------------------------------------------------------------------------------------

    def distance_km(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Road-distance proxy between the companies of declarations ``a`` and ``b``: great circle × road factor."""
        dx, dy, dz = self.px[a] - self.px[b], self.py[a] - self.py[b], self.pz[a] - self.pz[b]
        half_chord = np.sqrt(dx * dx + dy * dy + dz * dz) * np.float32(0.5)
        return np.float32(2 * EARTH_RADIUS_KM * self.rules.road_factor) * np.arcsin(np.minimum(half_chord, 1))

    def score_pairs(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(score, eligible) of each pair ``(a[i], b[i])`` of complementary declarations, in either order.

        The one scoring function of both matchers: same inputs, same floating-point operations.
        """
        r, f32 = self.rules, np.float32
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        a_needs = self.dirn[a] == 0
        need, offer = np.where(a_needs, a, b), np.where(a_needs, b, a)
        d = self.distance_km(a, b)

        # codes: EWC, ROME, equipment class
        ea, eb = self.ewc[a], self.ewc[b]
        both = (ea >= 0) & (eb >= 0)
        same_sub = both & (self.ewc_sub[a] == self.ewc_sub[b])
        code = np.where(same_sub, f32(EWC_LEVELS[1]), np.where(both & (self.ewc_chapter[a] == self.ewc_chapter[b]),
                                                                 f32(EWC_LEVELS[2]), f32(0)))  # fmt: skip
        code[both & (ea == eb)] = EWC_LEVELS[0]
        related = same_sub
        b_codes = [column[b] for column in self.rome_t]
        for column in self.rome_t:
            x = column[a]
            if not (x >= 0).any():
                break
            for y in b_codes:
                domain = (x >= 0) & (x // 100 == y // 100)
                related = related | domain
                level = np.where(x == y, f32(ROME_LEVELS[0]), f32(ROME_LEVELS[1]))
                np.maximum(code, np.where(domain, level, f32(0)), out=code)
        qa = self.equip[a]
        same_equipment = (qa >= 0) & (qa == self.equip[b])
        related |= same_equipment
        code[same_equipment] = 1.0
        both_coded = self.has_code[a] & self.has_code[b]

        # text: Σ over a's stems of w_a × (w_b of the same stem in b, or 0); a stem appears once per text and
        # stems are numbered rarest first, so the smallest shared id tells how distinctive the sharing is
        text = np.zeros(len(a), dtype=np.float32)
        rarest = np.full(len(a), np.iinfo(np.int32).max, dtype=np.int32)
        found = np.empty(len(a), dtype=np.float32)
        b_stems = [column[b] for column in self.stem_t]
        b_weights = [column[b] for column in self.weight_t]
        for i in range(len(self.stem_t)):
            x = self.stem_t[i][a]
            if i and not (x >= 0).any():
                break
            found.fill(0)
            for y, w in zip(b_stems, b_weights, strict=True):
                np.copyto(found, w, where=x == y)
            text += self.weight_t[i][a] * found
            np.minimum(rarest, np.where(found > 0, x, rarest), out=rarest)

        # without a code on both sides, the temperature fit or else the text stands in for the codes
        t_need, t_offer = self.temp[need], self.temp[offer]
        missing = np.where(t_need >= HEAT_THRESHOLD_C, t_need - t_offer, t_offer - t_need)
        both_temperatures = ~np.isnan(missing)
        heat = np.clip(1 - np.maximum(np.nan_to_num(missing), 0) / f32(DEGREES_TO_ZERO), 0, 1)
        code = np.where(both_coded, code, np.where(both_temperatures, heat, text))

        fa, fb = self.fam[a], self.fam[b]
        qa, qb = self.qty[a], self.qty[b]
        ratio = np.minimum(qa, qb) / np.maximum(qa, qb)  # NaN when a side gives no quantity
        quantity = np.where(fa == fb, ratio, f32(0))
        quantity[(fa < 0) | (fb < 0)] = 0.5
        size = len(FREQUENCIES) + 1
        frequency = self.frequency_pairs[self.freq[a] * size + self.freq[b]]
        size = len(STATES) + 1
        state = self.state_pairs[self.state[a] * size + self.state[b]]

        score = (
            f32(r.w_code) * code
            + f32(r.w_text) * text
            + f32(r.w_distance) * np.exp(d / f32(-r.decay_km))
            + f32(r.w_quantity) * quantity
            + f32(r.w_frequency) * frequency
            + f32(r.w_state) * state
        )
        excluded = (self.comp[a] == self.comp[b]) | ((self.haz[a] | self.haz[b]) & ~self.auth[need])
        near = (d <= r.near_km) & ~both_coded & ((rarest < self.n_near) | self.vague[a] | self.vague[b])
        text_related = (rarest < self.n_distinct) & ~both_coded
        eligible = ~excluded & (d <= r.max_km) & (related | text_related | near)
        return score, eligible

    # -- explanations -----------------------------------------------------------------------------

    def explain(self, a: int, b: int) -> list[str]:
        """Short French reasons why declaration ``b`` is proposed for declaration ``a``."""
        da, db = self.declarations[a], self.declarations[b]
        need, offer = (da, db) if da.direction == NEED else (db, da)
        reasons: list[str] = []
        if da.category != db.category:
            reasons.append(
                f"catégories voisines : besoin en {CATEGORIES[need.category]}, offre en {CATEGORIES[offer.category]}"
            )
        reasons += _code_reasons(self, a, b, need, offer)
        other_stems = set(self.stem_t[:, b].tolist())
        # the words that count: not those nearly every declaration uses (« recherche », « disponible »)
        shared = [s for s in self.stem_t[:, a].tolist() if 0 <= s < self.n_near and s in other_stems]
        if shared:
            shown = surface_words(da.text)
            names = [shown.get(self.stem_names[s], self.stem_names[s]) for s in shared[:4]]
            reasons.append("textes proches : " + ", ".join(names))
        distance = float(self.distance_km(np.array([a]), np.array([b]))[0])
        reasons.append(f"à {_number(distance)} km (distance routière estimée)")
        reasons += _quantity_reasons(need, offer)
        if need.frequency and offer.frequency:
            if need.frequency == offer.frequency:
                reasons.append(f"même fréquence : {need.frequency}")
            else:
                kind = "compatibles" if {need.frequency, offer.frequency} <= RECURRING else "différentes"
                reasons.append(f"fréquences {kind} : {offer.frequency} offert, {need.frequency} cherché")
        if need.state and need.state == offer.state:
            reasons.append(f"même état physique : {need.state}")
        if self.haz[a] or self.haz[b]:
            reasons.append("déchet dangereux : le receveur est autorisé")
        return reasons


def _code_reasons(t: Features, a: int, b: int, need: Declaration, offer: Declaration) -> list[str]:
    reasons = []
    ea, eb = int(t.ewc[a]), int(t.ewc[b])
    if ea >= 0 and eb >= 0:
        if ea == eb:
            reasons.append(f"même code déchet {ewc_label(f'{ea:06d}')}")
        elif ea // 100 == eb // 100:
            reasons.append(f"même sous-chapitre de déchets {ewc_label(f'{ea:06d}'[:4])}")
        elif ea // 10_000 == eb // 10_000:
            reasons.append(f"même chapitre de déchets {ewc_label(f'{ea:06d}'[:2])}")
    codes_a, codes_b = [int(x) for x in t.rome_t[:, a] if x >= 0], [int(x) for x in t.rome_t[:, b] if x >= 0]
    same = sorted(set(codes_a) & set(codes_b))
    if same:
        reasons.append("métier ROME identique " + ", ".join(_rome_str(x) for x in same))
    else:
        domains = sorted({x // 100 for x in codes_a} & {x // 100 for x in codes_b})
        if domains:
            reasons.append("même domaine de métiers ROME " + ", ".join(_rome_str(x * 100)[:3] for x in domains))
    if t.equip[a] >= 0 and t.equip[a] == t.equip[b]:
        reasons.append(f"même type d'équipement : {need.equipment or offer.equipment}")
    if t.has_code[a] != t.has_code[b]:
        reasons.append("code donné d'un seul côté : les textes en tiennent lieu")
    if need.temperature_c is not None and offer.temperature_c is not None:
        cold = need.temperature_c < HEAT_THRESHOLD_C
        covered = offer.temperature_c <= need.temperature_c if cold else offer.temperature_c >= need.temperature_c
        kind = "froid à {} °C offert" if cold else "chaleur à {} °C offerte"
        verdict = "suffisante" if covered else "insuffisante"
        reasons.append(
            f"{kind.format(_number(offer.temperature_c))} pour {_number(need.temperature_c)} °C cherchés "
            f"(température {verdict})"
        )
    return reasons


def _quantity_reasons(need: Declaration, offer: Declaration) -> list[str]:
    qn = annual_quantity(need.quantity, need.unit, need.frequency)
    qo = annual_quantity(offer.quantity, offer.unit, offer.frequency)
    if qn is None or qo is None:
        return []
    if qn[0] != qo[0]:
        return [f"quantités non comparables : {offer.unit} offerts, {need.unit} cherchés"]
    ratio = min(qn[1], qo[1]) / max(qn[1], qo[1])
    kind = "compatibles" if ratio >= 0.5 else "d'ordres différents"
    return [f"quantités {kind} : {_amount(qo, offer)} offertes, {_amount(qn, need)} cherchées"]


def _amount(annual: tuple[str, float], d: Declaration) -> str:
    family, value = annual
    per_year = family not in STOCK_FAMILIES and d.frequency in RECURRING
    unit = UNIT_LABELS.get(BASE_UNITS[family], BASE_UNITS[family])
    return f"{_number(value)} {unit}{'/an' if per_year else ''}"


def _number(x: float) -> str:
    """French number: « 1 200 », « 12 », « 3,5 »."""
    if abs(x) >= 100:
        return f"{x:,.0f}".replace(",", "\u202f")
    if abs(x) >= 10:
        return f"{x:.0f}"
    return f"{x:.1f}".replace(".", ",").removesuffix(",0")


def _frequency_table() -> np.ndarray:
    size = len(FREQUENCIES) + 1  # 0 = unknown
    table = np.full((size, size), 0.5)
    for i, fi in enumerate(FREQUENCIES, start=1):
        for j, fj in enumerate(FREQUENCIES, start=1):
            table[i, j] = 1.0 if i == j else 0.7 if fi in RECURRING and fj in RECURRING else 0.3
    return table


def _state_table() -> np.ndarray:
    size = len(STATES) + 1
    table = np.full((size, size), 0.5)
    table[1:, 1:] = 0.0
    for i in range(1, size):
        table[i, i] = 1.0
    liquid, pasty = STATES.index("liquide") + 1, STATES.index("pâteux") + 1
    table[liquid, pasty] = table[pasty, liquid] = 0.5
    return table


# -- the indexed matcher --------------------------------------------------------------------------------

V_EWC, V_ROME, V_EQUIP, V_STEM = 0, 10_000, 400_000, 1_000_000  # disjoint ranges of key values
V_RANGE = 8_000_000  # above every value: keys are (group × V_RANGE + value) × cells + cell
VAGUE_NEED, VAGUE_MATCH = 0, 1  # near keys that let vague declarations meet any neighbour


class _Grid:
    """Cells of ``reach_km / SPLIT`` (straight line) and the cell shifts that cover every point within reach."""

    SPLIT = 2

    def __init__(self, features: Features, reach_km: float):
        f = features
        max_lat = float(np.max(np.abs(f.c_lat))) if len(f.c_lat) else 0.0
        y = EARTH_RADIUS_KM * f.c_lat
        x = EARTH_RADIUS_KM * f.c_lon * math.cos(max_lat)  # shrinks east-west spans: never misses a neighbour
        self.reach_km = reach_km
        size = (reach_km * 1.001 + 0.01) / self.SPLIT
        cx = np.floor((x - (x.min() if len(x) else 0)) / size).astype(np.int64) + self.SPLIT
        cy = np.floor((y - (y.min() if len(y) else 0)) / size).astype(np.int64) + self.SPLIT
        self.width = int(cx.max(initial=0)) + self.SPLIT + 1  # empty borders: shifted keys never wrap
        self.cells = self.width * (int(cy.max(initial=0)) + self.SPLIT + 1)
        self.cell = (cy * self.width + cx)[f.comp]  # per declaration
        span = range(-self.SPLIT, self.SPLIT + 1)
        self.shifts = [
            dy * self.width + dx for dy in span for dx in span
            if (max(abs(dx) - 1, 0) ** 2 + max(abs(dy) - 1, 0) ** 2) * size**2 <= (reach_km * 1.001 + 0.01) ** 2
        ]  # fmt: skip
        # straight-line reach as a squared chord of unit vectors, with a margin (the gate decides exactly)
        angle = min(reach_km * 1.001 + 0.01, math.pi * EARTH_RADIUS_KM) / EARTH_RADIUS_KM
        self.chord2 = (2 * math.sin(angle / 2)) ** 2

    def keys(self, group: np.ndarray, value: np.ndarray, decl: np.ndarray) -> np.ndarray:
        return (group * V_RANGE + value) * self.cells + self.cell[decl]


class _Side:
    """The keys of one side (needs or resources), sorted, with their declarations."""

    def __init__(self, keys: np.ndarray, decl: np.ndarray):
        order = np.argsort(keys, kind="stable")
        self.keys, self.decl = keys[order], decl[order].astype(np.int64)
        by_decl = np.argsort(self.decl, kind="stable")
        self.decl_sorted, self.key_by_decl = self.decl[by_decl], self.keys[by_decl]

    def keys_of(self, decls: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lo = np.searchsorted(self.decl_sorted, decls, "left")
        hi = np.searchsorted(self.decl_sorted, decls, "right")
        idx = np.concatenate([np.arange(x, y) for x, y in zip(lo.tolist(), hi.tolist(), strict=True)] or [[]])
        idx = idx.astype(np.int64)
        return self.key_by_decl[idx], self.decl_sorted[idx]


def _ramp(counts: np.ndarray) -> np.ndarray:
    """0, 1, …, c−1 for each count c, concatenated."""
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(int(counts.sum()), dtype=np.int64) - starts


class Matcher:
    """The complementary declarations of other companies, best first, for one or every declaration."""

    CHUNK = 500_000  # pairs handled at once: bounds the temporary arrays

    def __init__(
        self,
        companies: Iterable[Company],
        declarations: Iterable[Declaration],
        rules: Rules | None = None,
        features: Features | None = None,
        workers: int | None = None,
    ):
        """``workers``: threads joining and scoring chunks of pairs (NumPy releases the GIL; the result does not
        depend on it); by default the processors available, at most 4."""
        self.features = f = features or Features(companies, declarations, rules)
        self.rules = f.rules
        self.workers = workers or min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
        ids = np.arange(f.n, dtype=np.int64)
        # wide keys (within max_km): EWC sub-chapter, ROME domains, equipment class, distinctive stems
        decl, value = [ids[f.ewc >= 0]], [V_EWC + f.ewc[f.ewc >= 0].astype(np.int64) // 100]
        for column in f.rome_t:
            has = column >= 0
            decl.append(ids[has])
            value.append(V_ROME + column[has].astype(np.int64) // 100)
        decl.append(ids[f.equip >= 0])
        value.append(V_EQUIP + f.equip[f.equip >= 0].astype(np.int64))
        stem_decl, stem_value = self._stem_entries(f.n_distinct)
        wide = self._unique(np.concatenate([*decl, stem_decl]), np.concatenate([*value, stem_value]))
        # near keys (within near_km): stems up to near_stem_share; a vague need meets every resource
        # (VAGUE_NEED), a vague resource every need (VAGUE_MATCH on both sides)
        stem_decl, stem_value = self._stem_entries(f.n_near)
        is_need = f.dirn == 0
        vague_decl = np.concatenate([ids[is_need], ids[~is_need], ids[~is_need & f.vague]])
        vague_value = np.concatenate([
            np.where(f.vague[is_need], VAGUE_NEED, VAGUE_MATCH), np.full(int((~is_need).sum()), VAGUE_NEED),
            np.full(int((~is_need & f.vague).sum()), VAGUE_MATCH),
        ])  # fmt: skip
        near = (np.concatenate([stem_decl, vague_decl]), np.concatenate([stem_value, vague_value]).astype(np.int64))
        self._grids = {"wide": _Grid(f, self.rules.max_km / self.rules.road_factor),
                       "near": _Grid(f, self.rules.near_km / self.rules.road_factor)}  # fmt: skip
        self._sides = {}
        for name, (d, v) in (("wide", wide), ("near", near)):
            self._sides[name] = [self._side(self._grids[name], d, v, direction) for direction in (0, 1)]

    def _stem_entries(self, below: int) -> tuple[np.ndarray, np.ndarray]:
        """Keys of the stems numbered below ``below``, with a code bit: texts only relate two declarations
        when one of them gives no code (a coded need emits bit 0, a need without code bits 0 and 1, a coded
        resource bit 1, a resource without code bit 0)."""
        f = self.features
        ids = np.arange(f.n, dtype=np.int64)
        extra = (f.dirn == 0) & ~f.has_code
        bit = np.where(f.dirn == 0, 0, f.has_code).astype(np.int64)
        decl, value = [], []
        for column in f.stem_t:
            has = (column >= 0) & (column < below)
            stem_value = V_STEM + 2 * column.astype(np.int64)
            decl += [ids[has], ids[has & extra]]
            value += [stem_value[has] + bit[has], stem_value[has & extra] + 1]
        return np.concatenate(decl), np.concatenate(value)

    @staticmethod
    def _unique(decl: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Entries without repetition (two ROME codes of a declaration may share their domain)."""
        code = np.unique(decl * V_RANGE + value)
        return code // V_RANGE, code % V_RANGE

    def _side(self, grid: _Grid, decl: np.ndarray, value: np.ndarray, direction: int) -> _Side:
        """The keys of one side. A key's group is the need's category, so a resource's keys are repeated once
        per need category that accepts it; and a hazard bit keeps hazardous materials away from receivers not
        authorised (an authorised need takes both bits, another need bit 0 only, unless it is itself
        hazardous: then it can meet nothing; a resource takes bit 1 when hazardous)."""
        f = self.features
        mask = f.dirn[decl] == direction
        decl, value = decl[mask], value[mask]
        if direction == 0:
            auth, may_receive = f.auth[decl], ~f.haz[decl] | f.auth[decl]
            bit = np.r_[np.zeros(int(may_receive.sum()), np.int64), np.ones(int(auth.sum()), np.int64)]
            decl, value = np.r_[decl[may_receive], decl[auth]], np.r_[value[may_receive], value[auth]]
            return _Side(grid.keys(f.cat[decl].astype(np.int64) * 2 + bit, value, decl), decl)
        names = f.category_names
        keys, decls = [], []
        for g, need_category in enumerate(names):
            accepted = [names.index(c) for c in self.rules.accepts.get(need_category, ()) if c in names]
            m = np.isin(f.cat[decl], accepted)
            keys.append(grid.keys(g * 2 + f.haz[decl[m]].astype(np.int64), value[m], decl[m]))
            decls.append(decl[m])
        return _Side(np.concatenate(keys), np.concatenate(decls))

    def _join(self, name: str, left_direction: int, decls: np.ndarray | None) -> list[np.ndarray]:
        """Pairs ``left * n + right`` with equal keys in neighbouring cells, within the grid's reach."""
        f, grid = self.features, self._grids[name]
        left, right = self._sides[name][left_direction], self._sides[name][1 - left_direction]
        keys, ld = (left.keys, left.decl) if decls is None else left.keys_of(decls)
        if not len(keys) or not len(right.keys):
            return []
        order = np.argsort(keys, kind="stable")
        keys, ld = keys[order], ld[order]
        unique, first, counts = np.unique(keys, return_index=True, return_counts=True)

        def shifted(shift: int) -> list[np.ndarray]:
            lo = np.searchsorted(right.keys, unique + shift, "left")
            hits = np.searchsorted(right.keys, unique + shift, "right") - lo
            keep = hits > 0
            if not keep.any():
                return []
            # every left entry of a matching key, repeated once per right entry of that key
            k_count, k_hits = counts[keep], hits[keep]
            entry = np.repeat(first[keep], k_count) + _ramp(k_count)
            entry_hits = np.repeat(k_hits, k_count)
            right_pos = np.repeat(np.repeat(lo[keep], k_count), entry_hits) + _ramp(entry_hits)
            left_decl = np.repeat(ld[entry], entry_hits)
            out = []
            for start in range(0, len(left_decl), self.CHUNK):
                a, b = left_decl[start : start + self.CHUNK], right.decl[right_pos[start : start + self.CHUNK]]
                dx, dy, dz = f.px[a] - f.px[b], f.py[a] - f.py[b], f.pz[a] - f.pz[b]
                close = dx * dx + dy * dy + dz * dz <= grid.chord2
                out.append(a[close] * f.n + b[close])
            return out

        return [codes for part in self._map(shifted, grid.shifts) for codes in part]

    def _map(self, function, items: list) -> list:
        """``function`` over ``items`` on the worker threads, results in order."""
        if self.workers <= 1 or len(items) <= 1:
            return [function(item) for item in items]
        with ThreadPoolExecutor(self.workers) as pool:
            return list(pool.map(function, items))

    def _pairs(self, left_direction: int, decls: np.ndarray | None = None) -> np.ndarray:
        """Unique candidate pairs, coded ``left * n + right`` and sorted, for the given left declarations."""
        codes = [c for name in ("wide", "near") for c in self._join(name, left_direction, decls)]
        if not codes:
            return np.empty(0, np.int64)
        codes = np.sort(np.concatenate(codes))
        return codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes

    def _scored(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(left, right, score) of the eligible pairs among ``codes``, in the order of ``codes``."""
        n = self.features.n

        def scored(start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            chunk = codes[start : start + self.CHUNK]
            left, right = chunk // n, chunk % n
            score, eligible = self.features.score_pairs(left, right)
            return left[eligible], right[eligible], score[eligible]

        parts = self._map(scored, list(range(0, len(codes), self.CHUNK)))
        empty = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32))
        return tuple(np.concatenate([empty[i]] + [part[i] for part in parts]) for i in range(3))

    def _match(self, q: int, c: int, score: float) -> Match:
        f = self.features
        return Match(f.declarations[q], f.declarations[c], score, None, f)

    def candidates(self, declaration_id: str, k: int = 10) -> list[Match]:
        """The ``k`` best complementary declarations for one declaration."""
        f = self.features
        q = f.position[declaration_id]
        _left, right, score = self._scored(self._pairs(int(f.dirn[q]), np.array([q])))
        order = np.lexsort((right, -score))[:k]  # best first, ties by position
        return [self._match(q, int(right[i]), float(score[i])) for i in order]

    def top_indices(self, k: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(query, candidate, score) of every declaration's ``k`` best, grouped by query, best first."""
        n = self.features.n
        left, right, score = self._scored(self._pairs(0))  # left = needs, right = resources, sorted by (left, right)
        queries, others, scores = [], [], []
        for group, other in ((left, right), (right, left)):
            kept = _could_be_top(group, score, k, n)  # positions, in the order of the pairs
            if group is right:  # group the survivors by resource, in the order of the pairs within each
                kept = kept[np.argsort(right[kept] * len(score) + kept)]
            picked = kept[_top_per_group(group[kept], score[kept], k)]
            queries.append(group[picked])
            others.append(other[picked])
            scores.append(score[picked])
        return np.concatenate(queries), np.concatenate(others), np.concatenate(scores)

    def all_candidates(self, k: int = 10) -> dict[str, list[Match]]:
        """Every declaration's ``k`` best complementary declarations (an empty list when none is eligible)."""
        f = self.features
        q, c, s = self.top_indices(k)
        decls = f.declarations
        result: dict[str, list[Match]] = {d.id: [] for d in decls}
        bounds = np.flatnonzero(np.r_[True, q[1:] != q[:-1], True]).tolist() if len(q) else [0]
        queries, others, scores = q.tolist(), c.tolist(), s.tolist()
        collecting = gc.isenabled()
        gc.disable()  # a million small objects: collections would only slow their creation down
        try:
            for lo, hi in itertools.pairwise(bounds):
                qi = queries[lo]
                d = decls[qi]
                pairs = zip(others[lo:hi], scores[lo:hi], strict=True)
                result[d.id] = [Match(d, decls[ci], si, None, f) for ci, si in pairs]
        finally:
            if collecting:
                gc.enable()
        return result


BUCKETS = 32  # score buckets of the pre-selection


def _could_be_top(group: np.ndarray, score: np.ndarray, k: int, groups: int) -> np.ndarray:
    """Positions of the pairs that may be among the ``k`` best of their group: a score histogram per group
    (``BUCKETS`` buckets over [0, 1]) gives the highest bucket holding, with the buckets above it, at least
    ``k`` pairs; every pair below that bucket has a score strictly lower than ``k`` others and is dropped."""
    bucket = np.clip((score * BUCKETS).astype(np.int64), 0, BUCKETS - 1)  # monotone in the score
    counts = np.bincount(group * BUCKETS + bucket, minlength=groups * BUCKETS).reshape(groups, BUCKETS)
    at_least = np.cumsum(counts[:, ::-1], axis=1)  # column j: pairs in the top j + 1 buckets
    enough = at_least >= k
    threshold = np.where(enough.any(axis=1), BUCKETS - 1 - enough.argmax(axis=1), 0)
    return np.flatnonzero(bucket >= threshold[group])


def _top_per_group(group: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best scores of each run of equal ``group`` values, best first, ties to the earliest.

    ``k`` rounds of a segmented maximum: linear, no sort of the whole array.
    """
    if not len(group):
        return np.empty(0, np.int64)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    segment = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(group)]))
    work = score.copy()
    rounds = []
    for _ in range(k):
        best = np.maximum.reduceat(work, starts)
        at_best = np.flatnonzero((work == best[segment]) & (work > -np.inf))
        if not len(at_best):
            break
        first = at_best[np.r_[True, segment[at_best[1:]] != segment[at_best[:-1]]]]
        rounds.append(first)
        work[first] = -np.inf
    picked = np.concatenate(rounds)  # round by round: a stable sort by group keeps the best first
    return picked[np.argsort(segment[picked], kind="stable")]
