"""Benchmark: matching every declaration of a large synthetic territory, indexed against naive (not a test).

Generates ``--companies`` companies (default 20 000) placed in the communes of Côte-d'Or and Doubs (shipped
outlines, drawn with a weight growing with population), each with ``--per-company`` declarations (6): all
synthetic. Half of the declarations are *planted* matches: an offer and a need of two companies at most
15 km apart (6 km for heat), with the same EWC code (about 15 % of them hazardous, the receiver then
authorised), ROME job, equipment class or subject, compatible quantities (the need 50-100 % of the offer,
sometimes in kg against t) and frequencies, related texts written differently (two key words of the code's
label and a detail such as « inox » or « chauffé », plurals and accents varied); 15 % of the needs give no
code, only their text. The other half are plausible *decoys*, each built on a planted pair: the same
declaration 30-90 km away, a sibling code or subject near the need (same detail), the same offer near the
need but 50-300 times bigger or smaller and one-off, a hazardous waste needed by a nearby company that is
not authorised, and random declarations.

Times the indexed :class:`~tindus.synergies.compute.matching.Matcher`: its arrays and text stems, its indexes, then
the top 10 of every declaration as ``Match`` objects (``all_candidates``). Then the naive all-pairs scorer
(:mod:`tindus.synergies.compute.naive`, the same scoring function) on a random sample of ``--naive-queries``
declarations against the whole set, EXTRAPOLATED linearly to every declaration (it is quadratic: one
query costs the same whichever it is, on average), and checks that both return the same top 10 for the
sample. Prints recall@10 and precision@10 against the planted matches over both sides of each pair
(a declaration has one planted partner, so precision@10 cannot exceed 0.1; precision@1 is printed too),
the hazardous proposals to receivers that are not authorised (must be 0), and the peak memory while
matching. Last line: ``match_s=… vs_naive=… recall_at_10=…``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import io
import json
import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from _common import ROOT, peak_rss_gb

from tindus.synergies.compute.declarations import Company, Declaration, ewc_reference
from tindus.synergies.compute.matching import Features, Matcher
from tindus.synergies.compute.naive import NaiveMatcher
from tindus.synergies.compute.text import plain, words

DATA = ROOT / "src" / "tindus" / "referentials" / "data"
KM_PER_DEG_LAT = 111.2
CATEGORY_SHARES = {
    "matieres": 0.34, "energie": 0.06, "eau": 0.04, "equipements": 0.08, "locaux": 0.04, "logistique": 0.07,
    "competences": 0.12, "formation": 0.08, "recrutement": 0.08, "achats": 0.045, "services": 0.045,
}  # fmt: skip
PLANTED_KM = {"energie": 6.0}  # straight-line distance between planted partners; 15 km otherwise
EWC_CHAPTERS = ("02", "03", "04", "07", "08", "10", "12", "15", "16", "17", "19", "20")
GENERIC = frozenset(
    """dechet dechets provenant autres autre non vises visees vise visee rubrique rubriques contenant substances
    dangereuses dangereux celles ceux ceux-ci specifies ailleurs ayant issus issues leurs cours partir lors""".split()  # noqa: SIM905
)
OFFER_PREFIX = ["", "disponible :", "excédent de", "gisement de", "nous cédons", "sous-produit :"]
NEED_PREFIX = ["", "recherche", "besoin de", "cherchons", "achat de", "approvisionnement en"]
# Categories without codes: specific subjects (shared words make the pairs related beyond 10 km)
SUBJECTS = {
    "energie": [("chaleur fatale de fours", "chaleur pour séchage", 60, 200), ("vapeur basse pression",
                "vapeur de process", 110, 180), ("eau chaude de refroidissement", "eau chaude sanitaire", 40, 80),
                ("froid industriel", "froid pour chambre froide", -25, 8), ("chaleur des compresseurs",
                "chauffage de locaux", 40, 70), ("chaleur fatale fonderie", "chaleur pour serres", 70, 250)],
    "eau": [("eaux de refroidissement", "eau de refroidissement"), ("eaux pluviales récupérées",
            "eau pluviale pour lavage"), ("eau déminéralisée", "eaux déminéralisées"), ("eaux de process traitées",
            "eau de process"), ("eau de forage", "eaux de forage")],
    "locaux": [("entrepôt de stockage", "entrepôts stockage"), ("atelier avec pont roulant", "ateliers pont roulant"),
               ("bureaux équipés", "bureau"), ("terrain constructible", "terrains"), ("quai de chargement",
               "quais chargement"), ("salle de formation", "salles de réunion formation"), ("zone de stockage "
               "extérieure", "stockage extérieur"), ("chambre froide", "chambres froides")],
    "logistique": [(f"tournée vers {c}", f"livraisons vers {c}") for c in
                   ("Lyon", "Paris", "Mulhouse", "Strasbourg", "Genève", "Lausanne", "Nancy", "Troyes",
                    "Chalon-sur-Saône", "Mâcon", "Belfort", "Montbéliard", "Pontarlier", "Auxerre", "Beaune")]
                  + [("camion frigorifique", "transport frigorifique"), ("retour à vide semi-remorque",
                     "semi-remorques"), ("conteneurs maritimes", "conteneur maritime"), ("messagerie palettes",
                     "palettes messagerie")],
    "achats": [(f"achat groupé {p}", f"groupement d'achat {p}") for p in
               ("gants nitrile", "électricité verte", "gaz naturel", "emballages carton", "films étirables",
                "équipements de protection", "fournitures de bureau", "huiles de coupe", "outillage coupant",
                "abrasifs", "produits d'entretien", "azote", "argon de soudage", "vêtements de travail")],
    "services": [(f"{s}", f"{s}") for s in
                 ("maintenance de compresseurs", "nettoyage industriel", "gardiennage de site", "restauration "
                  "collective", "comptabilité paie", "contrôle réglementaire levage", "dératisation",
                  "métrologie étalonnage", "traduction technique", "conseil qualité ISO", "collecte de "
                  "biodéchets", "blanchisserie de vêtements", "crèche interentreprises", "conciergerie")],
}  # fmt: skip
EQUIPMENT = [
    "presse plieuse", "centre d'usinage 5 axes", "chariot élévateur", "nacelle élévatrice", "étuve de séchage",
    "autoclave", "cabine de peinture", "imprimante 3D métal", "découpe laser", "tour à commande numérique",
    "banc d'essai moteur", "machine de mesure tridimensionnelle", "four de traitement thermique",
    "compresseur mobile", "groupe électrogène", "broyeur de déchets", "compacteur", "grue mobile",
    "robot de soudage", "cisaille guillotine", "rectifieuse plane", "machine d'électroérosion", "salle blanche",
    "presse à injecter", "thermoformeuse", "sableuse", "tunnel de lavage", "laboratoire d'analyses",
    "scanner 3D", "chambre climatique",
]  # fmt: skip
ROME_WORDS = {
    "competences": (["mise à disposition de", "prêt de personnel :", "temps partagé"], ["besoin ponctuel de",
                    "renfort de", "recherche"]),
    "formation": (["formation interne", "formateur", "tutorat"], ["besoin de formation", "former nos",
                  "formation"]),
    "recrutement": (["recrutement mutualisé", "campagne de recrutement", "job dating"], ["recrutement groupé",
                    "recrutons", "embauche"]),
}  # fmt: skip
ROME_DOMAINS = ("H", "I", "N", "M", "F")
# The details that make two declarations about the same thing: shared by the two sides of a planted pair
QUALIFIERS = {
    "matieres": "inox aluminium laiton cuivre zinc broyés concassés humides secs triés propres souillés compactés "
                "balles vrac big-bag fûts granulés poudre copeaux chutes rebuts déclassés mélangés calibrés lavés "
                "pressés séchés filtrés décantés conditionnés palettisés bruts usagés fins grossiers",
    "equipements": "électrique diesel hydraulique pneumatique numérique automatique manuelle mobile fixe précision "
                   "opérateur nuit week-end certifiée grande petite lourde légère rapide étanche",
    "locaux": "chauffé sécurisé climatisé douane isolé modulable plain-pied étage clôturé éclairé gardienné raccordé "
              "équipé meublé neuf rénové",
    "logistique": "bâché plateau citerne benne hayon express groupage complet partiel dédié",
    "eau": "filtrée tiède chaude froide traitée brute potable osmosée adoucie chargée claire",
    "energie": "continue saisonnière nocturne estivale hivernale récupérable excédentaire stable modulable",
    "services": "urgent certifié local régional écologique premium standard mutualisé",
    "achats": "local régional national écologique bio recyclé premium standard économique",
}  # fmt: skip


@dataclass
class Slotted:
    """The companies being generated: positions (km), free declaration slots, authorisations."""

    names: list[str]
    lat: list[float]
    lon: list[float]
    x: list[float]
    y: list[float]
    free: list[int]
    authorised: list[bool]
    grid: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    cell_km: float = 5.0

    def __post_init__(self) -> None:
        for i, (x, y) in enumerate(zip(self.x, self.y, strict=True)):
            self.grid[(int(x // self.cell_km), int(y // self.cell_km))].append(i)

    def near(self, rng: random.Random, i: int, radius: float, accept=lambda j: True) -> int | None:
        """A random company with a free slot within ``radius`` km of company ``i`` (not ``i``), chosen among the
        companies of the surrounding cells by rejection: denser places are more likely, as in reality."""
        cx, cy, reach = int(self.x[i] // self.cell_km), int(self.y[i] // self.cell_km), int(radius // self.cell_km) + 1
        cells = [cell for gx in range(cx - reach, cx + reach + 1) for gy in range(cy - reach, cy + reach + 1)
                 if (cell := self.grid.get((gx, gy)))]  # fmt: skip
        sizes = [len(cell) for cell in cells]
        for _ in range(60):
            j = rng.choice(rng.choices(cells, weights=sizes)[0])
            close = (self.x[j] - self.x[i]) ** 2 + (self.y[j] - self.y[i]) ** 2 <= radius**2
            if j != i and self.free[j] > 0 and close and accept(j):
                return j
        return None

    def far(self, rng: random.Random, i: int, low: float, high: float) -> int | None:
        for _ in range(200):
            j = rng.randrange(len(self.x))
            if self.free[j] > 0 and low**2 <= (self.x[j] - self.x[i]) ** 2 + (self.y[j] - self.y[i]) ** 2 <= high**2:
                return j
        return None


def communes() -> list[tuple[str, float, float, int]]:
    """(name, lat, lon, population) of the communes of départements 21 and 25, centroid of the outline."""
    with gzip.open(DATA / "communes_21_25_cog2026.geojson.gz", "rt", encoding="utf-8") as stream:
        features = json.load(stream)["features"]
    out = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        ring = max((polygon[0] for polygon in polygons), key=len)  # the outer ring of the largest part
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        out.append((feature["properties"]["nom"], lat, lon, int(feature["properties"].get("population") or 0)))
    return out


def rome_codes() -> dict[str, list[tuple[str, str]]]:
    """Industrial ROME codes and their labels, by grand domaine."""
    by_domain: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with gzip.open(DATA / "rome_v4_metiers.csv.gz", "rb") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
            if row["grand_domaine"] in ROME_DOMAINS:
                by_domain[row["grand_domaine"]].append((row["code_rome"], row["libelle"]))
    return by_domain


class Generator:
    def __init__(self, companies: int, per_company: int, seed: int):
        self.rng = rng = random.Random(seed)
        self.per_company = per_company
        places = communes()
        weights = [(pop + 50) ** 0.8 for *_rest, pop in places]
        lat0 = math.radians(47.2)
        names, lats, lons, xs, ys = [], [], [], [], []
        for name, lat, lon, population in rng.choices(places, weights=weights, k=companies):
            spread = 1.5 if population > 20_000 else 0.7  # km
            dy, dx = rng.gauss(0, spread), rng.gauss(0, spread)
            lat, lon = lat + dy / KM_PER_DEG_LAT, lon + dx / (KM_PER_DEG_LAT * math.cos(lat0))
            names.append(name)
            lats.append(lat)
            lons.append(lon)
            xs.append(lon * KM_PER_DEG_LAT * math.cos(lat0))
            ys.append(lat * KM_PER_DEG_LAT)
        self.c = Slotted(names, lats, lons, xs, ys, [per_company] * companies,
                         [rng.random() < 0.05 for _ in range(companies)])  # fmt: skip
        reference = ewc_reference()
        pool = [code for code in reference if code[:2] in EWC_CHAPTERS and self._label_words(reference[code][0])]
        hazardous = [code for code in pool if reference[code][1]]
        ordinary = [code for code in pool if not reference[code][1]]
        self.ewc_codes = rng.sample(ordinary, 128) + rng.sample(hazardous, 22)  # about 15 % hazardous
        rng.shuffle(self.ewc_codes)
        self.ewc_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(self.ewc_codes))]
        self.ewc = reference
        self.by_sub = defaultdict(list)
        for code in reference:
            self.by_sub[code[:4]].append(code)
        self.rome = rome_codes()
        self.declarations: list[Declaration] = []
        self.planted: list[tuple[str, str]] = []  # (offer id, need id)
        self.hazardous_pairs: list[int] = []  # indexes in planted_specs
        self.specs: list[dict] = []

    # -- texts and values -------------------------------------------------------------------------------

    @staticmethod
    def _label_words(label: str) -> list[str]:
        return [w for w in words(label) if plain(w) not in GENERIC and len(w) > 2]

    def _variant(self, label_words: list[str], prefixes: list[str], keep: int) -> str:
        """A text written from some words of a label: another subset, plurals toggled, accents dropped."""
        rng = self.rng
        chosen = sorted(rng.sample(range(len(label_words)), min(keep, len(label_words))))
        out = []
        for i in chosen:
            w = label_words[i]
            if rng.random() < 0.3:
                w = w[:-1] if w.endswith("s") else w + "s"
            if rng.random() < 0.2:
                w = plain(w)
            out.append(w)
        return " ".join([rng.choice(prefixes), *out]).strip()

    def _quantity(self, category: str, state: str = "") -> tuple[float, str]:
        rng = self.rng
        value = math.exp(rng.uniform(math.log(1), math.log(500)))
        unit = {
            "energie": "MWh", "eau": "m3", "equipements": "h", "locaux": "m2", "logistique": "palettes",
            "competences": "jours", "formation": "personnes", "recrutement": "personnes", "achats": "EUR",
            "services": "h",
        }.get(category, "m3" if state == "liquide" else "t")  # fmt: skip
        if category == "achats":
            value *= 200
        return value, unit

    def _express(self, value: float, unit: str) -> tuple[float, str]:
        """The same quantity, sometimes in the smaller unit of its family."""
        if self.rng.random() < 0.25:
            smaller = {"t": "kg", "m3": "l", "MWh": "kWh", "jours": "h"}
            if unit in smaller:
                return value * (7 if unit == "jours" else 1000), smaller[unit]
        return value, unit

    # -- one planted pair ---------------------------------------------------------------------------------

    def spec(self, category: str) -> dict:
        """What a planted offer and its need share: code, words, quantity, frequency."""
        rng = self.rng
        s: dict = {"category": category, "frequency": rng.choice(["mensuel", "annuel", "continu", "hebdomadaire"])}
        if category == "matieres":
            code = rng.choices(self.ewc_codes, weights=self.ewc_weights)[0]
            label, dangerous = self.ewc[code]
            label_words = self._label_words(label)
            core = sorted(rng.sample(range(len(label_words)), min(2, len(label_words))))  # what both sides say
            s.update(code=code, words=[label_words[i] for i in core], hazardous=dangerous, state=_state(label))
        elif category in ROME_WORDS:
            domain = rng.choice(ROME_DOMAINS)
            code, label = rng.choice(self.rome[domain])
            masculine, _slash, rest = label.partition(" / ")
            title = f"{masculine} {rest.partition(' ')[2]}" if rest else label  # « Conducteur de ligne … »
            title_words = self._label_words(title) or [label.split()[0].lower()]
            core = sorted(rng.sample(range(len(title_words)), min(2, len(title_words))))
            s.update(rome=code, words=[title_words[i] for i in core])
        elif category == "equipements":
            s.update(equipment=rng.choice(EQUIPMENT))
        else:
            s.update(subject=rng.choice(SUBJECTS[category]))
            if category == "energie":
                s["temperature"] = rng.uniform(s["subject"][2], s["subject"][3])
            if category == "achats":
                s["frequency"] = "annuel"
        if category in QUALIFIERS:
            s["qualifier"] = rng.choice(QUALIFIERS[category].split())
        s["quantity"], s["unit"] = self._quantity(category, s.get("state", ""))
        return s

    def declaration(
        self,
        s: dict,
        direction: str,
        company: int,
        quantity_factor: float = 1.0,
        *,
        code: str | None = None,
        frequency: str | None = None,
        drop_code: bool = False,
    ) -> Declaration:
        """A declaration written from spec ``s`` (an offer or a need) for ``company``; ``code`` replaces the
        spec's code or subject (a sibling decoy), ``drop_code`` leaves only the text."""
        rng = self.rng
        category = s["category"]
        offer = direction == "resource"
        kwargs: dict = {"frequency": frequency or s["frequency"]}
        if category == "matieres":
            code = code or s["code"]
            label, dangerous = self.ewc[code]
            label_words = self._label_words(label) if code != s["code"] else s["words"]
            text = self._variant(label_words, OFFER_PREFIX if offer else NEED_PREFIX, 2)
            kwargs.update(ewc="" if drop_code else code, hazardous=dangerous, state=s["state"])
        elif category in ROME_WORDS:
            prefixes = ROME_WORDS[category][0 if offer else 1]
            text = self._variant(s["words"], prefixes, 2)
            kwargs["rome"] = () if drop_code else (code or s["rome"],)
        elif category == "equipements":
            equipment = code or s["equipment"]
            text = ("location " if offer else "besoin ") + equipment
            kwargs["equipment"] = "" if drop_code else equipment
        else:
            subject = s["subject"]
            text = subject[0] if offer else subject[1]
            if code:
                text = code
            if category == "energie":
                t_offer, cold = s["temperature"], subject[3] < 20
                if offer:
                    kwargs["temperature_c"] = round(t_offer)
                elif cold:
                    kwargs["temperature_c"] = round(t_offer + rng.uniform(0, 8))
                else:
                    kwargs["temperature_c"] = round(max(25.0, t_offer - rng.uniform(0, 30)))
        if "qualifier" in s:
            text = f"{text} {self._variant([s['qualifier']], [''], 1)}"
        value, unit = self._express(s["quantity"] * quantity_factor, s["unit"])
        n = len(self.declarations)
        return Declaration(id=f"D{n:06d}", company=f"C{company:05d}", direction=direction, category=category,
                           text=text, quantity=round(value, 3), unit=unit, **kwargs)  # fmt: skip

    def add(self, d: Declaration) -> Declaration:
        company = int(d.company[1:])
        self.c.free[company] -= 1
        self.declarations.append(d)
        return d

    # -- the whole set ------------------------------------------------------------------------------------

    def generate(self) -> None:
        rng, c = self.rng, self.c
        total = len(c.x) * self.per_company
        categories, shares = list(CATEGORY_SHARES), list(CATEGORY_SHARES.values())
        pairs: list[tuple[dict, int, int]] = []  # spec, offer company, need company
        companies = list(range(len(c.x)))
        while len(self.declarations) < total // 2:
            s = self.spec(rng.choices(categories, weights=shares)[0])
            a = rng.choice(companies)
            if c.free[a] == 0:
                continue
            b = c.near(rng, a, PLANTED_KM.get(s["category"], 15.0))
            if b is None:
                continue
            if s.get("hazardous"):
                c.authorised[b] = True
            offer = self.add(self.declaration(s, "resource", a))
            need_factor = rng.uniform(0.5, 1.0)
            need = self.add(self.declaration(s, "need", b, need_factor, drop_code=rng.random() < 0.15))
            self.planted.append((offer.id, need.id))
            pairs.append((s, a, b))
        self._decoys(pairs, total)

    def _decoys(self, pairs: list[tuple[dict, int, int]], total: int) -> None:
        rng, c = self.rng, self.c
        hazardous = [p for p in pairs if p[0].get("hazardous")]
        kinds = ["far", "sibling", "quantity", "hazardous", "noise"]
        room = list(range(len(c.x)))  # companies that may still have a free slot
        rng.shuffle(room)
        while len(self.declarations) < total:
            kind = rng.choices(kinds, weights=[25, 25, 20, 10, 20])[0]
            s, a, b = rng.choice(hazardous if kind == "hazardous" and hazardous else pairs)
            made = None
            if kind == "far":  # the same thing, on the same side as one of the partners, but far away
                side, partner = rng.choice([("resource", b), ("need", a)])
                j = c.far(rng, partner, 30.0, 90.0)
                if j is not None:
                    made = self.declaration(s, side, j, rng.uniform(0.5, 1.0))
            elif kind == "sibling":  # a neighbouring code or subject, near the need
                j = c.near(rng, b, 15.0)
                sibling = self._sibling(s)
                if j is not None and sibling is not None:
                    made = self.declaration(s, "resource", j, rng.uniform(0.5, 1.0), code=sibling)
            elif kind == "quantity":  # the same offer nearby, in another order of magnitude, one-off
                j = c.near(rng, b, 15.0)
                if j is not None:
                    factor = rng.choice([rng.uniform(0.003, 0.02), rng.uniform(50, 300)])
                    made = self.declaration(s, "resource", j, factor, frequency="ponctuel")
            elif kind == "hazardous" and s.get("hazardous"):  # a nearby need the receiver may not take
                j = c.near(rng, a, 15.0, accept=lambda j: not c.authorised[j])
                if j is not None:
                    made = self.declaration(s, "need", j, rng.uniform(0.5, 1.0))
            if made is None:  # noise: anything, anywhere there is room
                j = rng.randrange(len(c.x))
                if c.free[j] == 0:
                    while c.free[room[-1]] == 0:
                        room.pop()
                    j = room[-1]
                noise = self.spec(rng.choices(list(CATEGORY_SHARES), weights=list(CATEGORY_SHARES.values()))[0])
                made = self.declaration(noise, rng.choice(["resource", "need"]), j, rng.uniform(0.2, 5))
            self.add(made)

    def _sibling(self, s: dict) -> str | None:
        rng = self.rng
        if s["category"] == "matieres":
            same_sub = [x for x in self.by_sub[s["code"][:4]] if x != s["code"]]
            return rng.choice(same_sub) if same_sub else None
        if "rome" in s:
            domain = [code for code, _ in self.rome[s["rome"][0]] if code[:3] == s["rome"][:3] and code != s["rome"]]
            return rng.choice(domain) if domain else None
        if "equipment" in s:
            return rng.choice([e for e in EQUIPMENT if e != s["equipment"]])
        return rng.choice([x[0] for x in SUBJECTS[s["category"]] if x != s["subject"]])

    def companies(self) -> list[Company]:
        c = self.c
        return [
            Company(f"C{i:05d}", f"Entreprise synthétique {i}", c.names[i], c.lat[i], c.lon[i],
                    authorised_hazardous=c.authorised[i]) for i in range(len(c.x))
        ]  # fmt: skip


def _state(label: str) -> str:
    text = label.lower()
    if "boue" in text or "pâte" in text:
        return "pâteux"
    if any(w in text for w in ("huile", "solvant", "liquide", "eau", "acide", "émulsion", "bain")):
        return "liquide"
    if "gaz" in text:
        return "gazeux"
    return "solide"


def rss_gb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def reset_peak_rss() -> None:
    """Start the peak resident memory (VmHWM) afresh, where Linux allows it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def quality(results: dict[str, list], planted: list[tuple[str, str]], k: int) -> tuple[float, float, float]:
    """(recall@k, precision@k, precision@1) over both sides of the planted pairs."""
    hits = first = 0
    queries = 0
    for offer, need in planted:
        for query, partner in ((offer, need), (need, offer)):
            queries += 1
            found = [m.other.id for m in results.get(query, [])[:k]]
            hits += partner in found
            first += bool(found) and found[0] == partner
    return hits / queries, hits / (queries * k), first / queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--per-company", type=int, default=6)
    parser.add_argument("--naive-queries", type=int, default=300,
                        help="queries the naive scorer runs (0: every one, measured, not extrapolated)")  # fmt: skip
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.monotonic()
    generator = Generator(args.companies, args.per_company, args.seed)
    generator.generate()
    companies, declarations = generator.companies(), generator.declarations
    print(f"synthetic territory: {len(companies)} companies, {len(declarations)} declarations, "
          f"{len(generator.planted)} planted pairs, generated in {time.monotonic() - started:.1f} s")  # fmt: skip
    del generator.c.grid
    before_gb = rss_gb()
    reset_peak_rss()

    started = time.monotonic()
    features = Features(companies, declarations)
    features_s = time.monotonic() - started
    matcher = Matcher(companies, declarations, features=features)
    index_s = time.monotonic() - started - features_s
    results = matcher.all_candidates(args.k)
    match_s = time.monotonic() - started
    matching_peak_gb = peak_rss_gb()
    proposals = sum(len(v) for v in results.values())
    print(f"indexed matcher: {match_s:.2f} s for the top {args.k} of all {len(declarations)} declarations "
          f"(arrays and texts {features_s:.2f} s, indexes {index_s:.2f} s, joins, scoring and top {args.k} "
          f"{match_s - features_s - index_s:.2f} s on {matcher.workers} threads), {proposals} proposals; "
          f"peak memory while matching "
          f"{matching_peak_gb:.2f} GB ({before_gb:.2f} GB before: the synthetic set itself)")  # fmt: skip

    f = matcher.features
    violations = 0
    for matches in results.values():
        for m in matches:
            need, offer = (m.declaration, m.other) if m.declaration.direction == "need" else (m.other, m.declaration)
            risky = f.haz[f.position[need.id]] or f.haz[f.position[offer.id]]
            violations += bool(risky and not f.companies[f.comp[f.position[need.id]]].authorised_hazardous)
    recall, precision, precision_1 = quality(results, generator.planted, args.k)
    example = next(m for m in results[generator.planted[0][1]])
    print(f"example: {example.declaration.text!r} → {example.other.text!r} ({example.score:.2f}): "
          + "; ".join(example.reasons))  # fmt: skip

    rng = random.Random(args.seed + 1)
    wanted = len(declarations) if args.naive_queries <= 0 else min(args.naive_queries, len(declarations))
    sample = rng.sample([d.id for d in declarations], wanted)
    started = time.monotonic()
    naive = NaiveMatcher(companies, declarations, features=f)  # the same arrays: built in features_s above
    naive_index_s = time.monotonic() - started
    started = time.monotonic()
    naive_results = {q: naive.candidates(q, args.k) for q in sample}
    naive_sample_s = time.monotonic() - started
    naive_total_s = features_s + naive_index_s + naive_sample_s / len(sample) * len(declarations)
    same = sum([m.other.id for m in naive_results[q]] == [m.other.id for m in results[q]] for q in sample)
    overlap = sum(
        len({m.other.id for m in naive_results[q]} & {m.other.id for m in results[q]}) / len(naive_results[q])
        if naive_results[q] else float(not results[q]) for q in sample
    ) / len(sample)  # fmt: skip
    how = ("MEASURED on every query" if len(sample) == len(declarations)
           else f"EXTRAPOLATED linearly to all {len(declarations)} queries")  # fmt: skip
    print(f"naive all-pairs scorer (one thread): {naive_sample_s:.2f} s for {len(sample)} random queries against all "
          f"{len(declarations)} declarations, {naive_sample_s / len(sample) * 1000:.1f} ms per query; "
          f"{how} (+ the same arrays, {features_s:.2f} s): {naive_total_s:.0f} s")  # fmt: skip
    print(f"cross-check on the {len(sample)} sampled queries: identical top {args.k} for {same}, "
          f"mean overlap {overlap:.3f}")  # fmt: skip
    print(f"quality against the {len(generator.planted)} planted pairs (both sides): recall@{args.k}={recall:.3f} "
          f"precision@{args.k}={precision:.3f} (at most 0.1: one planted partner per declaration) "
          f"precision@1={precision_1:.3f}; hazardous proposals to non-authorised receivers: {violations}")  # fmt: skip
    print(
        f"peak memory of the whole process since the matching started (matcher, naive sample): {peak_rss_gb():.2f} GB"
    )
    print(f"match_s={match_s:.2f} vs_naive={naive_total_s / match_s:.1f} recall_at_{args.k}={recall:.3f}")


if __name__ == "__main__":
    main()
