"""The official open-data file formats Tindus reads (and its synthetic generator writes).

Column names and order are INSEE's and URSSAF's, as published (see ``referentials/data/SOURCES.md``
and ``warehouse/README``-like notes in the project README, "Data sources" section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# INSEE, StockEtablissement, format v3 (2019-2023, unchanged by API Sirene 3.11): 48 columns in this order.
STOCK_ETABLISSEMENT = [
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement", "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement", "etablissementSiege", "nombrePeriodesEtablissement",
    "complementAdresseEtablissement", "numeroVoieEtablissement", "indiceRepetitionEtablissement",
    "typeVoieEtablissement", "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement", "distributionSpecialeEtablissement", "codeCommuneEtablissement",
    "codeCedexEtablissement", "libelleCedexEtablissement", "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement", "complementAdresse2Etablissement", "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement", "typeVoie2Etablissement", "libelleVoie2Etablissement",
    "codePostal2Etablissement", "libelleCommune2Etablissement", "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement", "codeCommune2Etablissement", "codeCedex2Etablissement",
    "libelleCedex2Etablissement", "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement",
    "dateDebut", "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement", "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement", "caractereEmployeurEtablissement",
]  # fmt: skip

# Etalab's geolocated SIRENE per département (geo_siret_<dep>.csv.gz): the stock columns, then geocoding.
GEO_COLUMNS = [
    "longitude",
    "latitude",
    "geo_score",
    "geo_type",
    "geo_adresse",
    "geo_id",
    "geo_ligne",
    "geo_l4",
    "geo_l5",
]
GEO_SIRET = STOCK_ETABLISSEMENT + GEO_COLUMNS

# INSEE, StockUniteLegale (format v3).
STOCK_UNITE_LEGALE = [
    "siren", "statutDiffusionUniteLegale", "unitePurgeeUniteLegale", "dateCreationUniteLegale", "sigleUniteLegale",
    "sexeUniteLegale", "prenom1UniteLegale", "prenom2UniteLegale", "prenom3UniteLegale", "prenom4UniteLegale",
    "prenomUsuelUniteLegale", "pseudonymeUniteLegale", "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale", "anneeEffectifsUniteLegale", "dateDernierTraitementUniteLegale",
    "nombrePeriodesUniteLegale", "categorieEntreprise", "anneeCategorieEntreprise", "dateDebut",
    "etatAdministratifUniteLegale", "nomUniteLegale", "nomUsageUniteLegale", "denominationUniteLegale",
    "denominationUsuelle1UniteLegale", "denominationUsuelle2UniteLegale", "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale", "activitePrincipaleUniteLegale", "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale", "economieSocialeSolidaireUniteLegale", "caractereEmployeurUniteLegale",
]  # fmt: skip

# URSSAF open data, private-sector employer establishments and salaried jobs by commune × APE (Opendatasoft
# export, ';'-separated, field identifiers as header), then one pair of columns per year since 2006.
URSSAF_COMMUNE_FIXED = [
    "region", "ancienne_region", "departement", "zone_d_emploi", "epci", "commune", "intitule_commune",
    "grand_secteur_d_activite", "secteur_na17", "secteur_na38", "secteur_na88", "ape", "code_region",
    "code_ancienne_region", "code_departement", "code_zone_d_emploi", "code_epci", "code_commune", "code_ape",
]  # fmt: skip
# The EPCI variant has the same structure without the commune columns.
URSSAF_EPCI_FIXED = [c for c in URSSAF_COMMUNE_FIXED if c not in ("commune", "intitule_commune", "code_commune")]
URSSAF_FIRST_YEAR = 2006
URSSAF_YEAR_COLUMN = re.compile(r"(nombre_d_etablissements|effectifs_salaries)_(\d{4})")

SIZE_BANDS = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53"]
# Bounds of each headcount band (INSEE); NN = no employee.
SIZE_BAND_BOUNDS = {
    "NN": (0, 0), "00": (0, 0), "01": (1, 2), "02": (3, 5), "03": (6, 9), "11": (10, 19), "12": (20, 49),
    "21": (50, 99), "22": (100, 199), "31": (200, 249), "32": (250, 499), "41": (500, 999), "42": (1000, 1999),
    "51": (2000, 4999), "52": (5000, 9999), "53": (10000, 20000),
}  # fmt: skip


def urssaf_years(header: list[str]) -> list[int]:
    return sorted({int(m.group(2)) for c in header if (m := URSSAF_YEAR_COLUMN.fullmatch(c))})


def urssaf_columns(years: list[int], epci: bool = False) -> list[str]:
    fixed = URSSAF_EPCI_FIXED if epci else URSSAF_COMMUNE_FIXED
    pairs = [f"{kind}_{year}" for year in years for kind in ("nombre_d_etablissements", "effectifs_salaries")]
    return fixed + pairs


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str
    columns: list[str]


DATASETS = {
    "sirene-etablissements": Dataset("sirene-etablissements", "SIRENE StockEtablissement", STOCK_ETABLISSEMENT),
    "sirene-geo": Dataset("sirene-geo", "SIRENE géolocalisé (Etalab)", GEO_SIRET),
    "sirene-unites-legales": Dataset("sirene-unites-legales", "SIRENE StockUniteLegale", STOCK_UNITE_LEGALE),
    "urssaf-commune-ape": Dataset("urssaf-commune-ape", "URSSAF établissements et effectifs, commune × APE", []),
    "urssaf-epci-ape": Dataset("urssaf-epci-ape", "URSSAF établissements et effectifs, EPCI × APE", []),
}
