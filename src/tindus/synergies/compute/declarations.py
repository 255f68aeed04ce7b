"""What a company offers (a *resource*) or looks for (a *need*), and the checks made before saving it.

Plain Python, no Django import: the web forms, the consultation hand-over and a notebook all build
:class:`Declaration` objects and call :func:`validate`, which returns a French message per faulty
field (an empty dict means the declaration can be saved). Nothing is saved when a message is returned.

Quantities are declared per occurrence of their frequency (« 2 t par mois » is ``quantity=2, unit="t",
frequency="mensuel"``); « continu » and « annuel » quantities are yearly flows. :func:`annual_quantity`
brings them to a yearly amount in the base unit of their family (t, m3, MWh, h…) so that an offer and
a need can be compared whatever unit each side chose.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RESOURCE, NEED = "resource", "need"
DIRECTIONS = {RESOURCE: "ressource", NEED: "besoin"}

CATEGORIES = {
    "matieres": "matières, coproduits et déchets",
    "energie": "énergie (chaleur, vapeur, froid)",
    "eau": "eau",
    "equipements": "équipements et capacité machine",
    "locaux": "locaux et terrains",
    "logistique": "logistique et transport",
    "competences": "compétences et temps de personnel",
    "formation": "formation",
    "recrutement": "recrutement mutualisé",
    "achats": "achats groupés",
    "services": "services",
}

UNITS = {
    "matieres": ("t", "kg", "m3", "l"),
    "energie": ("MWh", "kWh", "kW"),
    "eau": ("m3",),
    "equipements": ("h", "jours"),
    "locaux": ("m2",),
    "logistique": ("palettes", "km", "t"),
    "competences": ("personnes", "jours", "h"),
    "formation": ("personnes", "jours", "h"),
    "recrutement": ("personnes", "jours", "h"),
    "achats": ("EUR",),
    "services": ("h", "jours"),
}

# unit -> (family, factor to the family's base unit); a working day counts 7 hours.
UNIT_FAMILIES = {
    "t": ("masse", 1.0),
    "kg": ("masse", 0.001),
    "m3": ("volume", 1.0),
    "l": ("volume", 0.001),
    "MWh": ("énergie", 1.0),
    "kWh": ("énergie", 0.001),
    "kW": ("puissance", 1.0),
    "h": ("temps", 1.0),
    "jours": ("temps", 7.0),
    "m2": ("surface", 1.0),
    "palettes": ("palettes", 1.0),
    "km": ("distance", 1.0),
    "personnes": ("personnes", 1.0),
    "EUR": ("euros", 1.0),
}
# How a unit is written for people (the keys are what is stored).
UNIT_LABELS = {"m3": "m³", "m2": "m²", "EUR": "€"}
BASE_UNITS = {
    "masse": "t",
    "volume": "m3",
    "énergie": "MWh",
    "puissance": "kW",
    "temps": "h",
    "surface": "m2",
    "palettes": "palettes",
    "distance": "km",
    "personnes": "personnes",
    "euros": "EUR",
}
# Stocks (an area, a power) are not flows: they are compared as declared, never multiplied by a frequency.
STOCK_FAMILIES = frozenset({"surface", "puissance"})

FREQUENCIES = ("ponctuel", "hebdomadaire", "mensuel", "annuel", "continu")
PER_YEAR = {"hebdomadaire": 52.0, "mensuel": 12.0, "annuel": 1.0, "continu": 1.0}
STATES = ("solide", "liquide", "gazeux", "pâteux")
CONFIDENTIALITY = {
    "territory": "visible des entreprises du territoire",
    "facilitators": "visible des animateurs seulement",
    "anonymous": "anonyme (entreprise révélée si les deux parties l'acceptent)",
}
ROME_LENGTH = 5  # one letter and four digits, e.g. H2903


@dataclass(frozen=True, slots=True)
class Company:
    id: str
    name: str
    commune: str
    lat: float
    lon: float
    naf: str = ""
    authorised_hazardous: bool = False  # may receive hazardous waste (ICPE authorisation)


@dataclass(frozen=True, slots=True)
class Declaration:
    """A resource offered or a need, with what is known to compare it with others."""

    id: str
    company: str  # Company.id
    direction: str  # RESOURCE or NEED
    category: str  # a key of CATEGORIES
    text: str = ""
    ewc: str = ""  # 6-digit EWC code without spaces, e.g. "120101"
    rome: tuple[str, ...] = ()  # ROME v4 codes, e.g. ("H2903",)
    equipment: str = ""  # equipment class, e.g. "presse plieuse"
    quantity: float | None = None
    unit: str = ""
    frequency: str = ""  # one of FREQUENCIES
    hazardous: bool = False
    state: str = ""  # one of STATES
    temperature_c: float | None = None  # for heat, steam and cold
    confidentiality: str = "territory"  # a key of CONFIDENTIALITY


def ewc_label(code: str) -> str:
    """« 120101 » → « 12 01 01 » (« 1201 » → « 12 01 »), as codes are written in the regulation."""
    return " ".join(code[i : i + 2] for i in range(0, len(code), 2))


_EWC_TYPED = re.compile(r"(\d{2})[\s.\-]*(\d{2})[\s.\-]*(\d{2})\s*(\*?)")


def parse_ewc(typed: str) -> tuple[str, bool] | None:
    """A waste code as people write it → (the stored 6-digit code, whether a hazardous star was typed).

    « 12 01 03 », « 120103 », « 12.01.03 », « 12 01 03* » and « 12 01 03 * » are all read; spaces may be
    non-breaking ones. None when the text is not a waste code at all.
    """
    found = _EWC_TYPED.fullmatch(" ".join((typed or "").split()))
    if found is None:
        return None
    return found.group(1) + found.group(2) + found.group(3), found.group(4) == "*"


def ewc_display(code: str, hazardous: bool = False) -> str:
    """« 160601 » → « 16 06 01* » for a hazardous waste: the code as the list writes it."""
    return ewc_label(code) + ("*" if code and hazardous else "")


def annual_quantity(quantity: float | None, unit: str, frequency: str) -> tuple[str, float] | None:
    """(unit family, yearly amount in the family's base unit), or None when it cannot be known.

    A one-off (« ponctuel ») or undated quantity is kept as declared; stocks are never annualised.
    """
    if quantity is None or unit not in UNIT_FAMILIES or not math.isfinite(quantity):
        return None
    family, factor = UNIT_FAMILIES[unit]
    per_year = 1.0 if family in STOCK_FAMILIES else PER_YEAR.get(frequency, 1.0)
    return family, quantity * factor * per_year


_EWC_FILE = Path(__file__).resolve().parents[2] / "referentials" / "data" / "liste_dechets_fr.csv.gz"


@lru_cache(maxsize=1)
def ewc_reference() -> dict[str, tuple[str, bool]]:
    """The shipped European List of Waste: 6-digit code → (official French label, hazardous)."""
    with gzip.open(_EWC_FILE, "rb") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return {r["code6"]: (r["libelle"], r["dangerous"] == "1") for r in rows if r["level"] == "3"}


def dangerous_ewc_codes() -> frozenset[str]:
    return frozenset(code for code, (_label, dangerous) in ewc_reference().items() if dangerous)


def validate(
    declaration: Declaration,
    known_ewc: set[str] | frozenset[str],
    territory_companies: set[str] | frozenset[str],
    dangerous_ewc: set[str] | frozenset[str] | None = None,
) -> dict[str, str]:
    """French messages per faulty field; empty when the declaration can be saved.

    ``known_ewc`` are the valid 6-digit codes, ``territory_companies`` the ids of the companies of the
    territory, ``dangerous_ewc`` (optional) the codes marked « * » in the list: a waste under such a
    code is hazardous whatever the declarant ticked, and a hazardous flag on a code known not to be
    dangerous is a mistake too.
    """
    d = declaration
    errors: dict[str, str] = {}
    if d.company not in territory_companies:
        errors["company"] = "Cette entreprise n'est pas dans le périmètre du territoire : déclaration impossible ici."
    if d.direction not in DIRECTIONS:
        errors["direction"] = "Indiquer s'il s'agit d'une ressource offerte ou d'un besoin."
    if d.category not in CATEGORIES:
        errors["category"] = "Catégorie inconnue : choisir parmi " + ", ".join(CATEGORIES.values()) + "."
    if not d.text.strip() and not d.ewc and not d.rome and not d.equipment:
        errors["text"] = "Décrire la ressource ou le besoin en quelques mots."
    _check_ewc(d, known_ewc, dangerous_ewc, errors)
    for code in d.rome:
        if len(code) != ROME_LENGTH or not code[0].isalpha() or not code[0].isupper() or not code[1:].isdigit():
            errors["rome"] = f"Code ROME « {code} » mal formé : une lettre majuscule et quatre chiffres (ex. H2903)."
            break
    _check_quantity(d, errors)
    if d.frequency and d.frequency not in FREQUENCIES:
        errors["frequency"] = "Fréquence inconnue : choisir parmi " + ", ".join(FREQUENCIES) + "."
    if d.state and d.state not in STATES:
        errors["state"] = "État physique inconnu : choisir parmi " + ", ".join(STATES) + "."
    if d.temperature_c is not None and (not math.isfinite(d.temperature_c) or d.temperature_c < -273.15):
        errors["temperature_c"] = "Température impossible : indiquer des degrés Celsius (au-dessus de −273 °C)."
    if d.confidentiality not in CONFIDENTIALITY:
        errors["confidentiality"] = "Niveau de confidentialité inconnu : territoire, animateurs ou anonyme."
    return errors


def _check_ewc(d: Declaration, known: set[str] | frozenset[str], dangerous, errors: dict[str, str]) -> None:
    if not d.ewc:
        return
    if len(d.ewc) != 6 or not d.ewc.isdigit():
        errors["ewc"] = f"Code déchet « {d.ewc} » mal formé : six chiffres sans espace (ex. 120101 pour 12 01 01)."
        return
    if d.ewc not in known:
        errors["ewc"] = f"Code déchet {ewc_label(d.ewc)} inconnu de la liste européenne des déchets."
        return
    if d.category in CATEGORIES and d.category != "matieres":
        errors["ewc"] = "Un code déchet ne s'emploie que pour les matières, coproduits et déchets."
        return
    if dangerous is None:
        return
    if d.ewc in dangerous and not d.hazardous:
        errors["hazardous"] = f"Le code {ewc_label(d.ewc)}* désigne un déchet dangereux : cocher « déchet dangereux »."
    elif d.hazardous and d.ewc not in dangerous:
        errors["hazardous"] = (
            f"Le code {ewc_label(d.ewc)} n'est pas un déchet dangereux : choisir le code « * » correspondant "
            "ou décocher « déchet dangereux »."
        )


def _check_quantity(d: Declaration, errors: dict[str, str]) -> None:
    if d.quantity is not None:
        if not math.isfinite(d.quantity):
            errors["quantity"] = "Quantité illisible : indiquer un nombre."
        elif d.quantity < 0:
            errors["quantity"] = "La quantité ne peut pas être négative."
        elif d.quantity == 0:
            errors["quantity"] = "Une quantité nulle n'a pas de sens : laisser vide si elle n'est pas connue."
        if not d.unit:
            errors["unit"] = "Préciser l'unité de la quantité."
    if d.unit and d.category in UNITS and d.unit not in UNITS[d.category]:
        errors["unit"] = (
            f"L'unité « {d.unit} » ne convient pas à la catégorie « {CATEGORIES[d.category]} » : "
            f"choisir parmi {', '.join(UNITS[d.category])}."
        )
