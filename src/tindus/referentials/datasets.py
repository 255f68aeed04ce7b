"""The reference files Tindus ships, and how each row is parsed and checked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from . import readers as r

COG_VINTAGES = (2023, 2026)

# Labels of the INSEE aggregation levels that the NAF file gives as codes only (INSEE, NAF rév. 2
# "niveaux d'agrégation"); A38 labels come from the input-output file, A88 labels are the divisions'.
# The input-output table has no row for extra-territorial activities (no domestic production).
A38_EXTRA_LABELS = {"UZ": "ACTIVITÉS EXTRA-TERRITORIALES"}
A10_LABELS = {
    "AZ": "Agriculture, sylviculture et pêche",
    "BE": "Industrie manufacturière, industries extractives et autres",
    "FZ": "Construction",
    "GI": "Commerce de gros et de détail, transports, hébergement et restauration",
    "JZ": "Information et communication",
    "KZ": "Activités financières et d'assurance",
    "LZ": "Activités immobilières",
    "MN": "Activités spécialisées, scientifiques et techniques et activités de services administratifs et de soutien",
    "OQ": "Administration publique, enseignement, santé humaine et action sociale",
    "RU": "Autres activités de services",
}
A17_LABELS = {
    "AZ": "Agriculture, sylviculture et pêche",
    "C1": "Fabrication de denrées alimentaires, de boissons et de produits à base de tabac",
    "C2": "Cokéfaction et raffinage",
    "C3": "Fabrication d'équipements électriques, électroniques, informatiques ; fabrication de machines",
    "C4": "Fabrication de matériels de transport",
    "C5": "Fabrication d'autres produits industriels",
    "DE": "Industries extractives, énergie, eau, gestion des déchets et dépollution",
    "FZ": "Construction",
    "GZ": "Commerce ; réparation d'automobiles et de motocycles",
    "HZ": "Transports et entreposage",
    "IZ": "Hébergement et restauration",
    "JZ": "Information et communication",
    "KZ": "Activités financières et d'assurance",
    "LZ": "Activités immobilières",
    "MN": "Activités scientifiques et techniques ; services administratifs et de soutien",
    "OQ": "Administration publique, enseignement, santé humaine et action sociale",
    "RU": "Autres activités de services",
}


def parse_region(row: dict[str, str]) -> dict[str, Any]:
    return {"code": r.code(row["code"], r"\d{2,3}", _("région code")), "name": r.text(row["nom"], _("name"))}


def parse_departement(row: dict[str, str]) -> dict[str, Any]:
    return {
        "code": r.code(row["code"], r.DEPARTEMENT_CODE, _("département code")),
        "name": r.text(row["nom"], _("name")),
        "region_code": r.code(row["region"], r"\d{2,3}", _("région code")),
    }


def parse_epci(row: dict[str, str]) -> dict[str, Any]:
    return {
        "siren": r.code(row["epci_siren"], r.SIREN, _("SIREN")),
        "name": r.text(row["nom"], _("name")),
        "kind": r.code(row["type"], r"CC|CA|CU|METRO|MET69", _("EPCI type")),
        "financing": row["mode_financement"].strip(),
        "population": r.integer(row["population_municipale"], _("population")),
        "commune_count": r.integer(row["nb_communes"], _("number of communes")),
        "departement_codes": row["departements"].strip(),
    }


def parse_commune(row: dict[str, str]) -> dict[str, Any]:
    kinds = {"commune-actuelle", "commune-deleguee", "commune-associee", "arrondissement-municipal"}
    kind = row["type"].strip()
    if kind not in kinds:
        raise ValueError(_("unknown commune type %(value)r") % {"value": kind})
    population = row["population"].strip()
    return {
        "code": r.code(row["code_insee"], r.COMMUNE_CODE, _("commune code")),
        "name": r.text(row["nom"], _("name")),
        "kind": kind,
        "parent_code": r.optional_code(row["commune_parente"], r.COMMUNE_CODE, _("parent commune code")),
        "departement_code": r.code(row["departement"], r.DEPARTEMENT_CODE, _("département code")),
        "region_code": r.code(row["region"], r"\d{2,3}", _("région code")),
        "siren": r.optional_code(row["siren_commune"], r.SIREN, _("SIREN")),
        "epci_siren": r.optional_code(row["epci_siren"], r.SIREN, _("EPCI SIREN")),
        "population": r.integer(population, _("population")) if population else None,
        "postcodes": row["codes_postaux"].strip(),
        "former_codes": row["anciens_codes"].strip(),
        "zone": r.code(row["zone"], r"metro|drom|com", _("zone")),
    }


def parse_naf_level(row: dict[str, str]) -> dict[str, Any]:
    levels = {"section", "division", "groupe", "classe", "sous-classe"}
    level = row["niveau"].strip()
    if level not in levels:
        raise ValueError(_("unknown NAF level %(value)r") % {"value": level})
    return {
        "level": level,
        "code": r.code(row["code"], r"[A-U]|\d{2}(\.\d{1,2}[A-Z]?)?", _("NAF code")),
        "label": r.text(row["libelle"], _("label")),
        "parent_code": row["code_parent"].strip(),
    }


def parse_naf_subclass(row: dict[str, str]) -> dict[str, Any]:
    return {
        "code": r.code(row["sous_classe"], r"\d{2}\.\d{2}[A-Z]", _("NAF sous-classe")),
        "ape_code": r.code(row["code_ape"], r"\d{4}[A-Z]", _("APE code")),
        "division_label": r.text(row["libelle_division"], _("label")),
        "division": r.code(row["division"], r"\d{2}", _("NAF division")),
        "a10": r.code(row["a10"], r"[A-Z]{2}", "A10"),
        "a17": r.code(row["a17"], r"[A-Z][A-Z0-9]", "A17"),
        "a38": r.code(row["a38"], r"[A-Z]{2}", "A38"),
        "a64": r.code(row["a64_figaro"], r"[A-U](\d{2}((T|_)\d{2})?)?", "A64"),
        "a88": r.code(row["a88"], r"\d{2}", "A88"),
    }


def parse_a38_label(row: dict[str, str]) -> dict[str, Any]:
    return {"code": r.code(row["a38"], r"[A-Z]{2}", "A38"), "label": r.text(row["libelle"], _("label"))}


def parse_rome_domain(row: dict[str, str]) -> dict[str, Any]:
    return {
        "letter": r.code(row["grand_domaine"], r"[A-N]", _("ROME domain")),
        "label": r.text(row["libelle"], _("label")),
    }


def parse_rome_job(row: dict[str, str]) -> dict[str, Any]:
    return {
        "code": r.code(row["code_rome"], r"[A-N]\d{4}", _("ROME code")),
        "label": r.text(row["libelle"], _("label")),
        "domain": r.code(row["grand_domaine"], r"[A-N]", _("ROME domain")),
    }


def parse_naf_rome(row: dict[str, str]) -> dict[str, Any]:
    return {
        "naf_division": r.code(row["secteur_naf_division"], r"\d{2}", _("NAF division")),
        "rome": r.code(row["code_rome"], r"[A-N]\d{4}", _("ROME code")),
    }


def parse_waste(row: dict[str, str]) -> dict[str, Any]:
    level = r.integer(row["level"], _("level"))
    if level not in (1, 2, 3):
        raise ValueError(_("unknown waste level %(value)r") % {"value": level})
    code6 = r.code(row["code6"], r"\d{2}|\d{4}|\d{6}", _("waste code"))
    if len(code6) != 2 * level:
        raise ValueError(_("waste code %(code)s does not fit level %(level)d") % {"code": code6, "level": level})
    hazardous = row["dangerous"].strip()
    if hazardous not in ("0", "1"):
        raise ValueError(_("hazardous flag must be 0 or 1, not %(value)r") % {"value": hazardous})
    return {
        "code": code6,
        "display_code": r.text(row["code"], _("code")),
        "level": level,
        "parent_code": row["parent_code"].strip().replace(" ", ""),
        "hazardous": hazardous == "1",
        "label": r.text(row["libelle"], _("label")),
    }


def parse_ti_list(row: dict[str, str]) -> dict[str, Any]:
    return {
        "official_id": r.code(row["id_ti"], r"ti-\d{4}", _("territory id")),
        "name": r.text(row["lib_ti"], _("name")),
        "commune_count": r.integer(row["nb_communes_cog2023"], _("number of communes")),
    }


def parse_ti_groupement(row: dict[str, str]) -> dict[str, Any]:
    nature = row["nature_groupement"].strip()
    if nature not in ("EPCI", "EPT", "COM"):
        raise ValueError(_("unknown groupement nature %(value)r") % {"value": nature})
    return {
        "official_id": r.code(row["id_ti"], r"ti-\d{4}", _("territory id")),
        "siren": r.code(row["siren_groupement"], r.SIREN, _("SIREN")),
        "nature": nature,
        "name": r.text(row["lib_groupement"], _("name")),
    }


def parse_ti_commune(row: dict[str, str]) -> dict[str, Any]:
    return {
        "official_id": r.code(row["id_ti"], r"ti-\d{4}", _("territory id")),
        "commune": r.code(row["insee_com"], r.COMMUNE_CODE, _("commune code")),
        "siren": r.code(row["siren_groupement"], r.SIREN, _("SIREN")),
    }


TERRITORY_WAVES = {
    1: {"prefix": "ti_2019_vague1", "years": "2019-2022"},
    2: {"prefix": "ti_2023_vague2", "years": "2023-2027"},
}

# Outline layers: (layer, file, property holding the code, property holding the name, vintage)
OUTLINE_FILES = [
    ("region", "regions-version-simplifiee.geojson.gz", "code", "nom", 2018),
    ("departement", "departements-version-simplifiee.geojson.gz", "code", "nom", 2018),
    ("epci", "epci_21_25_cog2026.geojson.gz", "epci_siren", "nom", 2026),
    ("commune", "communes_21_25_cog2026.geojson.gz", "code_insee", "nom", 2026),
    ("ti-1", "ti_2019_vague1.geojson.gz", "id_ti", "lib_ti", 2023),
    ("ti-2", "ti_2023_vague2.geojson.gz", "id_ti", "lib_ti", 2023),
]
