"""Calibration of the synthetic generator: national structure of establishments, sizes and trends.

Figures are rounded national orders of magnitude, documented here so that anyone can check or
change them:

- Share of active establishments by NAF section: INSEE, Répertoire des entreprises et des
  établissements (REE/SIRENE), order of magnitude of the 2020s (agriculture and real-estate
  holdings included, as in SIRENE). Within manufacturing (section C) and other multi-A38 sections,
  the split between A38 branches follows their 2019 domestic production in the INSEE input-output
  table (TES A38, ``data/tes_domestique_a38_2010_2019_long.csv.gz``); within an A38 branch,
  sous-classes share equally.
- About 0.175 active establishment per inhabitant (≈ 11.9 million for 68 million inhabitants) and
  two closed establishments for each active one, as in the SIRENE stock (≈ 35 million rows).
- Headcount bands by sector group: about one active establishment in five employs staff, about
  8 employees per employer on average (≈ 0.3 private salaried job per inhabitant, the URSSAF national
  ratio); industry has the largest units. Closed establishments had their sector's sizes while open.
- Employers are older (mean age 25 years) than non-employers (8 years). Closed establishments
  closed evenly since 1985 after a lifetime of 15 years (employers) or 6 (others), so that the
  number of employers stays roughly stable over the URSSAF period.
- Salaried employment per establishment drifts by year (URSSAF series shape): industry -1.2 %
  (planted clusters -3 %), construction -0.3 %, other private services +0.5 %: an industrial job loss
  and a growth of services since 2006, as in the national series.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

ACTIVE_PER_INHABITANT = 0.175
CLOSED_PER_ACTIVE = 2.0

SECTION_SHARES = {
    "A": 7.0, "B": 0.05, "C": 5.0, "D": 1.5, "E": 0.3, "F": 11.0, "G": 16.0, "H": 3.5, "I": 6.5, "J": 4.0,
    "K": 4.5, "L": 10.0, "M": 11.0, "N": 6.0, "O": 1.5, "P": 3.0, "Q": 7.0, "R": 2.5, "S": 5.5, "T": 0.1, "U": 0.01,
}  # fmt: skip

SIZE_GROUPS = {
    "industry": {"NN": 55, "00": 4, "01": 12, "02": 9, "03": 7, "11": 6.5, "12": 4.5, "21": 1.3, "22": 0.5,
                 "31": 0.15, "32": 0.15, "41": 0.05, "42": 0.02},
    "construction": {"NN": 68, "00": 3, "01": 14, "02": 7, "03": 4, "11": 2.5, "12": 1.2, "21": 0.25, "22": 0.05},
    "agriculture": {"NN": 85, "00": 3, "01": 8, "02": 2.5, "03": 1, "11": 0.4, "12": 0.1},
    "services": {"NN": 78, "00": 3, "01": 9, "02": 4.5, "03": 2.5, "11": 1.7, "12": 0.9, "21": 0.25, "22": 0.1,
                 "31": 0.02, "32": 0.02, "41": 0.01},
    # Firms of a planted industrial cluster: employers, larger than average.
    "cluster": {"01": 10, "02": 12, "03": 12, "11": 20, "12": 22, "21": 12, "22": 7, "31": 2, "32": 2, "41": 1},
    "public": {"NN": 55, "00": 3, "01": 10, "02": 8, "03": 7, "11": 7, "12": 6, "21": 2.5, "22": 1.2, "31": 0.3,
               "32": 0.4, "41": 0.2, "42": 0.1},
}  # fmt: skip

# Mean age (years) of active establishments: employers are older than one-person businesses.
MEAN_AGE_EMPLOYER = 25
MEAN_AGE_NON_EMPLOYER = 8
# Closed establishments: closures spread evenly since 1985, after a lifetime of this mean (years).
CLOSURES_SINCE = 1985
MEAN_LIFETIME_EMPLOYER = 15
MEAN_LIFETIME_NON_EMPLOYER = 6

YEARLY_TREND = {
    "cluster": -0.015,
    "industry": -0.012,
    "construction": 0.003,
    "agriculture": 0.0,
    "services": 0.010,
    "public": 0.005,
}


# Share of education (P) and health (Q) establishments in the private sector (URSSAF scope); the
# others are public bodies, outside the URSSAF series.
PRIVATE_SHARE_EDUCATION_HEALTH = 0.4


def size_group(section: str) -> str:
    """Size distribution of a section; energy (D) is mostly one-person solar producers in SIRENE."""
    if section in "BCE":
        return "industry"
    if section == "F":
        return "construction"
    if section == "A":
        return "agriculture"
    if section == "O":
        return "public"
    return "services"


def a38_production(year: int = 2019) -> dict[str, float]:
    """Domestic production by A38 branch (M€), from the INSEE input-output table shipped in ``data/``."""
    out: dict[str, float] = {}
    with gzip.open(DATA / "tes_domestique_a38_2010_2019_long.csv.gz", "rt", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if (
                row["annee"] == str(year)
                and row["tableau"] == "ressources_production"
                and row["colonne"] == "TOTAL_RESSOURCES_DOMESTIQUES"
                and row["produit"] != "TOTAL"
            ):
                out[row["produit"]] = float(row["valeur_meur"] or 0)
    return out


def subclass_weights(subclasses: list[tuple[str, str, str]]) -> dict[str, float]:
    """Weight of each NAF sous-classe ``(code, section, a38)`` among active establishments (sums to 1)."""
    production = a38_production()
    by_section: dict[str, dict[str, list[str]]] = {}
    for code, section, a38 in subclasses:
        by_section.setdefault(section, {}).setdefault(a38, []).append(code)
    weights: dict[str, float] = {}
    for section, branches in by_section.items():
        share = SECTION_SHARES.get(section, 0.0)
        branch_total = sum(production.get(a38, 0.0) for a38 in branches) or float(len(branches))
        for a38, codes in branches.items():
            branch = (production.get(a38, 0.0) if branch_total != len(branches) else 1.0) / branch_total
            for code in codes:
                weights[code] = share * branch / len(codes)
    total = sum(weights.values())
    return {code: w / total for code, w in weights.items() if w > 0}


# Planted clusters lost firms over the period: only this share of their establishments is still active.
PLANTED_ACTIVE_SHARE = 0.55
# Their firms are old (mean age 40 years) and those closed closed during the URSSAF period.
MEAN_AGE_CLUSTER = 40
CLUSTER_CLOSURES_SINCE = 2007

# Territorial specialisations planted on purpose, so that a diagnostic has something to find.
# (EPCI SIREN of COG 2026, NAF sous-classe, active establishments at scale 1, size group)
SPECIALISATIONS = [
    # Watchmaking and micromechanics of the Haut-Doubs (Morteau, Maîche, Le Russey)
    (("242504116", "200023075", "242504355"), "26.52Z", 140, "cluster"),
    (("242504116", "200023075", "242504355"), "25.62B", 60, "cluster"),
    (("242504116", "200023075", "242504355"), "25.62A", 40, "cluster"),
    (("242504116", "200023075"), "32.12Z", 15, "cluster"),
    # Metallurgy and tubes around Montbard
    (("242101491",), "24.20Z", 6, "cluster"),
    (("242101491",), "25.50A", 8, "cluster"),
    (("242101491", "242101459"), "25.62B", 12, "cluster"),
    # Leather goods around Saulieu
    (("242101442", "200071017"), "15.12Z", 8, "cluster"),
    (("242101442",), "15.11Z", 2, "cluster"),
]
