"""Load (or reload) every reference file into the database, all or nothing.

All files are read and cross-checked in memory first; only then is the database written,
inside one transaction. A malformed file therefore stops the load with its name, line and
reason, before anything changes. Rows are upserted on their official keys, so a reload
keeps primary keys stable and every foreign key valid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from tindus.files import sha256
from tindus.geo.svg import bounds

from . import datasets as ds
from .models import (
    Commune,
    Departement,
    Epci,
    NafAggregate,
    NafDivisionRome,
    NafItem,
    Outline,
    ReferenceLoad,
    Region,
    RomeDomain,
    RomeJob,
    WasteCode,
)
from .readers import DATA_DIR, ReferenceFileError, read_csv, read_geojson_features

Progress = Callable[[str], None]

# Sent inside the load's transaction once the reference tables are written (arguments ``parsed``,
# ``counts`` and ``say``), so that an app built on them writes what it derives from the same files
# (the territories app: the official Territoires d'industrie), all or nothing with the rest. A
# receiver adds its own entries to ``counts``.
references_written = Signal()


@dataclass
class LoadReport:
    skipped: bool = False
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ParsedReferences:
    """Everything read from the files, validated and cross-checked, ready to write."""

    files: dict[str, Path] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    regions: list[dict] = field(default_factory=list)
    departements: list[dict] = field(default_factory=list)
    epcis: dict[int, list[dict]] = field(default_factory=dict)
    communes: dict[int, list[dict]] = field(default_factory=dict)
    naf_items: list[dict] = field(default_factory=list)
    naf_aggregates: list[dict] = field(default_factory=list)
    rome_domains: list[dict] = field(default_factory=list)
    rome_jobs: list[dict] = field(default_factory=list)
    naf_rome: list[dict] = field(default_factory=list)
    wastes: list[dict] = field(default_factory=list)
    outlines: list[dict] = field(default_factory=list)
    territories: dict[int, dict[str, Any]] = field(default_factory=dict)


def reference_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in data_dir.iterdir() if p.name.endswith((".csv.gz", ".geojson.gz")))


def is_up_to_date(data_dir: Path = DATA_DIR) -> bool:
    """True when every shipped file was already loaded with the same content."""
    loaded = dict(ReferenceLoad.objects.values_list("dataset", "sha256"))
    files = reference_files(data_dir)
    return bool(files) and all(loaded.get(p.name) == sha256(p) for p in files)


def _check(condition: bool, path: Path, line: int, reason: str) -> None:
    if not condition:
        raise ReferenceFileError(path, line, reason)


def parse_all(data_dir: Path = DATA_DIR, progress: Progress | None = None) -> ParsedReferences:
    """Read and cross-check every file; raise ReferenceFileError at the first problem."""
    say = progress or (lambda _message: None)
    out = ParsedReferences()

    def path(name: str) -> Path:
        p = data_dir / name
        out.files[name] = p
        return p

    def _rows(p: Path, columns: list[str], parse) -> list[tuple[int, dict]]:
        rows = list(read_csv(p, columns, parse))
        out.row_counts[p.name] = len(rows)
        return rows

    say(_("geography"))
    p = path("regions_2026.csv.gz")
    out.regions = [row for _line, row in _rows(p, ["code", "nom"], ds.parse_region)]
    region_codes = {row["code"] for row in out.regions}
    p = path("departements_2026.csv.gz")
    for line, row in _rows(p, ["code", "nom", "region"], ds.parse_departement):
        _check(row["region_code"] in region_codes, p, line, _("unknown région %s") % row["region_code"])
        out.departements.append(row)
    departement_codes = {row["code"] for row in out.departements}

    for vintage in ds.COG_VINTAGES:
        p = path(f"epci_{vintage}.csv.gz")
        columns = ["epci_siren", "nom", "type", "mode_financement", "population_municipale", "nb_communes"]
        out.epcis[vintage] = [row for _line, row in _rows(p, [*columns, "departements"], ds.parse_epci)]
        epci_sirens = {row["siren"] for row in out.epcis[vintage]}
        p = path(f"communes_{vintage}.csv.gz")
        columns = [
            "code_insee",
            "nom",
            "type",
            "commune_parente",
            "departement",
            "region",
            "siren_commune",
            "epci_siren",
            "population",
            "codes_postaux",
            "anciens_codes",
            "zone",
        ]
        communes = []
        for line, row in _rows(p, columns, ds.parse_commune):
            _check(
                row["departement_code"] in departement_codes,
                p,
                line,
                _("unknown département %s") % row["departement_code"],
            )
            _check(row["region_code"] in region_codes, p, line, _("unknown région %s") % row["region_code"])
            _check(
                not row["epci_siren"] or row["epci_siren"] in epci_sirens,
                p,
                line,
                _("EPCI %s is not in the EPCI list of the same vintage") % row["epci_siren"],
            )
            communes.append(row)
        out.communes[vintage] = communes

    say(_("activities (NAF)"))
    p = path("naf_rev2_tous_niveaux.csv.gz")
    items = {}
    for line, row in _rows(p, ["niveau", "code", "libelle", "code_parent"], ds.parse_naf_level):
        _check((row["level"], row["code"]) not in items, p, line, _("duplicate code %s") % row["code"])
        items[(row["level"], row["code"])] = row
    p = path("naf_rev2_sous_classes.csv.gz")
    columns = [
        "sous_classe",
        "code_ape",
        "division",
        "libelle_division",
        "a10",
        "a17",
        "a38",
        "a64_figaro",
        "a88",
    ]
    subclasses = _rows(p, columns, ds.parse_naf_subclass)
    p_labels = path("a38_libelles.csv.gz")
    a38_labels = {row["code"]: row["label"] for _line, row in _rows(p_labels, ["a38", "libelle"], ds.parse_a38_label)}
    a38_labels = {**ds.A38_EXTRA_LABELS, **a38_labels}
    aggregates: dict[tuple[str, str], str] = {}
    a64_divisions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line, row in subclasses:
        item = items.get(("sous-classe", row["code"]))
        _check(item is not None, p, line, _("sous-classe %s is not in the NAF hierarchy") % row["code"])
        item.update({k: row[k] for k in ("ape_code", "a10", "a17", "a38", "a64", "a88")})
        _check(row["a38"] in a38_labels, p, line, _("A38 %s has no label") % row["a38"])
        _check(row["a10"] in ds.A10_LABELS, p, line, _("unknown A10 code %s") % row["a10"])
        _check(row["a17"] in ds.A17_LABELS, p, line, _("unknown A17 code %s") % row["a17"])
        aggregates[("A10", row["a10"])] = ds.A10_LABELS[row["a10"]]
        aggregates[("A17", row["a17"])] = ds.A17_LABELS[row["a17"]]
        aggregates[("A38", row["a38"])] = a38_labels[row["a38"]]
        aggregates[("A88", row["a88"])] = row["division_label"]
        if (row["division"], row["division_label"]) not in a64_divisions[row["a64"]]:
            a64_divisions[row["a64"]].append((row["division"], row["division_label"]))
    for code, divisions in a64_divisions.items():
        aggregates[("A64", code)] = " ; ".join(label for _division, label in divisions)
    missing = [code for (level, code), item in items.items() if level == "sous-classe" and not item.get("a38")]
    _check(not missing, p, 0, _("sous-classes without aggregates: %s") % ", ".join(missing[:5]))
    out.naf_items = list(items.values())
    out.naf_aggregates = [{"level": lv, "code": c, "label": label} for (lv, c), label in sorted(aggregates.items())]
    naf_divisions = {code for level, code in items if level == "division"}

    say(_("jobs (ROME) and wastes (EWC)"))
    p = path("rome_v4_grands_domaines.csv.gz")
    out.rome_domains = [row for _line, row in _rows(p, ["grand_domaine", "libelle"], ds.parse_rome_domain)]
    domains = {row["letter"] for row in out.rome_domains}
    p = path("rome_v4_metiers.csv.gz")
    for line, row in _rows(p, ["code_rome", "libelle", "grand_domaine"], ds.parse_rome_job):
        _check(row["domain"] in domains, p, line, _("unknown ROME domain %s") % row["domain"])
        out.rome_jobs.append(row)
    jobs = {row["code"] for row in out.rome_jobs}
    p = path("naf_division_x_rome_v4.csv.gz")
    seen = set()
    for line, row in _rows(p, ["secteur_naf_division", "code_rome"], ds.parse_naf_rome):
        _check(row["naf_division"] in naf_divisions, p, line, _("unknown NAF division %s") % row["naf_division"])
        _check(row["rome"] in jobs, p, line, _("unknown ROME code %s") % row["rome"])
        if (row["naf_division"], row["rome"]) not in seen:
            seen.add((row["naf_division"], row["rome"]))
            out.naf_rome.append(row)
    p = path("liste_dechets_fr.csv.gz")
    waste_codes: set[str] = set()
    for line, row in _rows(p, ["code", "code6", "level", "parent_code", "dangerous", "libelle"], ds.parse_waste):
        _check(row["code"] not in waste_codes, p, line, _("duplicate code %s") % row["code"])
        _check(
            not row["parent_code"] or row["parent_code"] in waste_codes,
            p,
            line,
            _("parent %s is not defined before its child") % row["parent_code"],
        )
        waste_codes.add(row["code"])
        out.wastes.append(row)

    say(_("Territoires d'industrie"))
    communes_2023 = {row["code"]: row for row in out.communes[2023] if row["kind"] == "commune-actuelle"}
    commune_sirens_2023 = {row["siren"] for row in communes_2023.values() if row["siren"]}
    epci_2023 = {row["siren"] for row in out.epcis[2023]}
    for wave, spec in ds.TERRITORY_WAVES.items():
        prefix = spec["prefix"]
        p = path(f"{prefix}_liste.csv.gz")
        territories: dict[str, dict[str, Any]] = {}
        for line, row in _rows(p, ["id_ti", "lib_ti", "nb_communes_cog2023"], ds.parse_ti_list):
            _check(row["official_id"] not in territories, p, line, _("duplicate id %s") % row["official_id"])
            territories[row["official_id"]] = {**row, "groupements": {}, "communes": []}
        p = path(f"{prefix}_groupements.csv.gz")
        for line, row in _rows(
            p, ["id_ti", "siren_groupement", "nature_groupement", "lib_groupement"], ds.parse_ti_groupement
        ):
            territory = territories.get(row["official_id"])
            _check(territory is not None, p, line, _("unknown territory %s") % row["official_id"])
            if row["nature"] == "EPCI":
                _check(row["siren"] in epci_2023, p, line, _("EPCI %s does not exist in COG 2023") % row["siren"])
            elif row["nature"] == "COM":
                _check(
                    row["siren"] in commune_sirens_2023,
                    p,
                    line,
                    _("commune SIREN %s does not exist in COG 2023") % row["siren"],
                )
            territory["groupements"][row["siren"]] = row
        p = path(f"{prefix}_communes_cog2023.csv.gz")
        for line, row in _rows(p, ["id_ti", "insee_com", "siren_groupement"], ds.parse_ti_commune):
            territory = territories.get(row["official_id"])
            _check(territory is not None, p, line, _("unknown territory %s") % row["official_id"])
            _check(
                row["commune"] in communes_2023, p, line, _("commune %s does not exist in COG 2023") % row["commune"]
            )
            _check(
                row["siren"] in territory["groupements"],
                p,
                line,
                _("groupement %s is not listed for %s") % (row["siren"], row["official_id"]),
            )
            territory["communes"].append(row)
        for official_id, territory in territories.items():
            _check(
                len(territory["communes"]) == territory["commune_count"],
                data_dir / f"{prefix}_liste.csv.gz",
                0,
                _("%(id)s announces %(announced)d communes but %(found)d are listed")
                % {"id": official_id, "announced": territory["commune_count"], "found": len(territory["communes"])},
            )
        out.territories[wave] = territories

    say(_("outlines"))
    for layer, name, key, name_key, vintage in ds.OUTLINE_FILES:
        p = path(name)
        features = list(read_geojson_features(p, key))
        out.row_counts[p.name] = len(features)
        for feature in features:
            west, south, east, north = bounds([feature["geometry"]]) or (0.0, 0.0, 0.0, 0.0)
            out.outlines.append(
                {
                    "layer": layer,
                    "code": feature["code"],
                    "vintage": vintage,
                    "name": str(feature["properties"].get(name_key, "")),
                    "geometry": feature["geometry"],
                    "west": west,
                    "south": south,
                    "east": east,
                    "north": north,
                }
            )
    return out


def _upsert(
    model: type[models.Model], rows: Iterable[dict], unique: list[str], scope: dict[str, Any] | None = None
) -> int:
    """Insert or update ``rows`` on ``unique`` and delete the rows of ``scope`` absent from them."""
    objects = [model(**row) for row in rows]
    if not objects:
        return 0
    fields = [f for f in objects[0].__dict__ if not f.startswith("_") and f != "id"]
    update = [f for f in fields if f not in unique and f.removesuffix("_id") not in unique]
    if update:
        model.objects.bulk_create(
            objects, batch_size=1000, update_conflicts=True, unique_fields=unique, update_fields=update
        )
    else:
        model.objects.bulk_create(objects, batch_size=1000, ignore_conflicts=True)
    attnames = [model._meta.get_field(f).attname for f in unique]
    keep = {tuple(getattr(o, f) for f in attnames) for o in objects}
    existing = model.objects.filter(**(scope or {})).values_list("pk", *attnames)
    stale = [pk for pk, *key in existing if tuple(key) not in keep]
    for start in range(0, len(stale), 500):
        model.objects.filter(pk__in=stale[start : start + 500]).delete()
    return len(objects)


def write_all(parsed: ParsedReferences, progress: Progress | None = None) -> dict[str, int]:
    """Write everything parsed; call inside a transaction."""
    say = progress or (lambda _message: None)
    counts: dict[str, int] = {}
    say(_("writing geography"))
    counts["regions"] = _upsert(Region, parsed.regions, ["code"])
    region_ids = dict(Region.objects.values_list("code", "id"))
    counts["departements"] = _upsert(
        Departement,
        (
            {"code": d["code"], "name": d["name"], "region_id": region_ids[d["region_code"]]}
            for d in parsed.departements
        ),
        ["code"],
    )
    departement_ids = dict(Departement.objects.values_list("code", "id"))
    for vintage in ds.COG_VINTAGES:
        counts[f"epci_{vintage}"] = _upsert(
            Epci,
            ({**row, "vintage": vintage} for row in parsed.epcis[vintage]),
            ["vintage", "siren"],
            {"vintage": vintage},
        )
        epci_ids = dict(Epci.objects.filter(vintage=vintage).values_list("siren", "id"))
        counts[f"communes_{vintage}"] = _upsert(
            Commune,
            (
                {
                    "vintage": vintage,
                    "code": row["code"],
                    "name": row["name"],
                    "kind": row["kind"],
                    "parent_code": row["parent_code"],
                    "departement_id": departement_ids[row["departement_code"]],
                    "region_id": region_ids[row["region_code"]],
                    "siren": row["siren"],
                    "epci_id": epci_ids.get(row["epci_siren"]),
                    "population": row["population"],
                    "postcodes": row["postcodes"],
                    "former_codes": row["former_codes"],
                    "zone": row["zone"],
                }
                for row in parsed.communes[vintage]
            ),
            ["vintage", "code", "kind"],
            {"vintage": vintage},
        )
    say(_("writing activities, jobs and wastes"))
    counts["naf"] = _upsert(NafItem, parsed.naf_items, ["level", "code"])
    counts["naf_aggregates"] = _upsert(NafAggregate, parsed.naf_aggregates, ["level", "code"])
    counts["rome_domains"] = _upsert(RomeDomain, parsed.rome_domains, ["letter"])
    domain_ids = dict(RomeDomain.objects.values_list("letter", "id"))
    counts["rome_jobs"] = _upsert(
        RomeJob,
        ({"code": j["code"], "label": j["label"], "domain_id": domain_ids[j["domain"]]} for j in parsed.rome_jobs),
        ["code"],
    )
    job_ids = dict(RomeJob.objects.values_list("code", "id"))
    counts["naf_rome"] = _upsert(
        NafDivisionRome,
        ({"naf_division": r["naf_division"], "job_id": job_ids[r["rome"]]} for r in parsed.naf_rome),
        ["naf_division", "job"],
    )
    counts["wastes"] = _upsert(WasteCode, parsed.wastes, ["code"])
    say(_("writing outlines"))
    counts["outlines"] = _upsert(Outline, parsed.outlines, ["layer", "code"])
    references_written.send(sender=ParsedReferences, parsed=parsed, counts=counts, say=say)
    return counts


def record_provenance(parsed: ParsedReferences, counts: dict[str, int]) -> None:
    for name, p in parsed.files.items():
        ReferenceLoad.objects.update_or_create(
            dataset=name, defaults={"filename": p.name, "sha256": sha256(p), "rows": parsed.row_counts[name]}
        )


def load_all(data_dir: Path = DATA_DIR, *, if_changed: bool = False, progress: Progress | None = None) -> LoadReport:
    """Load every reference file in one transaction (or do nothing if unchanged and ``if_changed``)."""
    if if_changed and is_up_to_date(data_dir):
        return LoadReport(skipped=True)
    parsed = parse_all(data_dir, progress)
    with transaction.atomic():
        counts = write_all(parsed, progress)
        record_provenance(parsed, counts)
    return LoadReport(counts=counts)
