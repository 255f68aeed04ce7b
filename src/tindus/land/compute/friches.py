"""Brownfields from a Cartofriches export in the CNIG « Friches » layout, its known quirks cleaned and reported.

Fixes (each reported as line, field, before → after):

- dates ``DD/MM/YYYY`` → ISO ``YYYY-MM-DD``;
- ``comm_insee`` that lost its leading zero (``3013``) → padded to five characters;
- ``site_type`` values outside the v1.0.6 list: ``mixte`` → ``mixte - autre`` (no dominant use known),
  ``agro-industrielle`` → ``friche agro-industrielle``, ``friche loisir tourisme hotellerie`` → with its
  accent, ``friche d’habitation`` → ``friche d'habitat``;
- ``source_producteur`` = ``lou dupont`` (a placeholder of the test export) → empty;
- ``proprio_nom`` = ``_X_`` (a natural person, whose name the standard does not carry) → empty, also inside a
  pipe list (positions kept: ``LES COPROPRIETAIRES|``); ``NULL`` in ``proprio_type`` lists → left out;
- ``urba_zaer`` (added to the standard after the export) absent → ``inconnu`` (one fix for the whole file).

``geompoint`` is WKT ``POINT (lon lat)`` in WGS84 (the schema's example puts latitude first: not trusted);
``NA`` is empty. What is left after cleaning is checked against the Friches Table Schema; any problem refuses
the selection (nothing imported). Owner-type codes missing from ``corres_catpro3.csv`` are reported as
notes, not refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from . import DATA
from .problems import Problem, gettext_noop, refuse
from .schema import load_schema, read_csv, validate_rows

EXPORT = DATA / "cartofriches_friches_standard_test.csv.gz"
CATPRO = DATA / "corres_catpro3.csv"
STATUSES = {
    "friche potentielle": "potential",
    "friche sans projet": "without project",
    "friche avec projet": "with project",
    "friche reconvertie": "reconverted",
}
SITE_TYPES = {
    "mixte": "mixte - autre",
    "agro-industrielle": "friche agro-industrielle",
    "friche loisir tourisme hotellerie": "friche loisir tourisme hôtellerie",
    "friche d’habitation": "friche d'habitat",
}
FR_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")
PLACEHOLDER_PRODUCER = "lou dupont"
NATURAL_PERSON = "_X_"


@dataclass(frozen=True)
class Fix:
    line: int
    field: str
    before: str
    after: str
    site_id: str = ""


@dataclass
class Brownfield:
    record: dict[str, object]
    point: shapely.Point  # longitude, latitude

    @property
    def site_id(self) -> str:
        return str(self.record["site_id"])

    @property
    def status(self) -> str | None:
        """``potential``, ``without project``, ``with project``, ``reconverted``; ``None`` otherwise."""
        return STATUSES.get(str(self.record.get("site_statut") or ""))

    @property
    def departement(self) -> str:
        return departement(self.site_id)


@dataclass
class Import:
    brownfields: list[Brownfield]
    fixes: list[Fix]
    notes: list[Problem] = field(default_factory=list)


def departement(site_id: str) -> str:
    """The département of a Cartofriches ``site_id`` (``<INSEE>_<n>``; ``97x`` overseas)."""
    return site_id[:3] if site_id.startswith("97") else site_id[:2]


def read_cartofriches(source: str | Path | bytes = EXPORT, *, departements: Collection[str] | None = None) -> Import:
    """The brownfields of a Cartofriches export (of some ``departements``, selected on the ``site_id``
    prefix), cleaned, or :class:`~.problems.LandDataError` naming every remaining problem."""
    header, rows = read_csv(source, "friches")
    schema = load_schema("friches")
    fixes: list[Fix] = []
    if "urba_zaer" not in header:
        fixes.append(Fix(0, "urba_zaer", "", "inconnu"))
    selected = []
    for line, row in rows:
        row = {k: ("" if v == "NA" else v) for k, v in row.items()}
        if departements is not None and departement(row.get("site_id", "")) not in departements:
            continue
        row.setdefault("urba_zaer", "inconnu")
        fixes += _clean(line, row, schema)
        selected.append((line, row))
    records, problems = validate_rows(schema, selected)
    brownfields = []
    for (line, row), record in zip(selected, records, strict=True):
        match = POINT.fullmatch(row.get("geompoint", "").strip())
        lon, lat = (float(match.group(1)), float(match.group(2))) if match else (None, None)
        if lon is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(
                Problem(
                    "friches",
                    gettext_noop("« %(value)s » is not a point « POINT (longitude latitude) »"),
                    line=line,
                    feature=row.get("site_id", ""),
                    field="geompoint",
                    params={"value": row.get("geompoint", "")},
                )
            )
            continue
        brownfields.append(Brownfield(record, shapely.Point(lon, lat)))
    refuse(problems)
    return Import(brownfields, fixes, _owner_notes(selected))


def _clean(line: int, row: dict[str, str], schema) -> list[Fix]:
    fixes = []
    site = row.get("site_id", "")

    def change(name: str, after: str) -> None:
        fixes.append(Fix(line, name, row[name], after, site))
        row[name] = after

    for f in schema.fields:
        if f.type == "date" and f.format == "%Y-%m-%d" and (m := FR_DATE.fullmatch(row.get(f.name, ""))):
            change(f.name, f"{m.group(3)}-{m.group(2)}-{m.group(1)}")
    insee = row.get("comm_insee", "")
    if insee.isdigit() and len(insee) < 5:
        change("comm_insee", insee.zfill(5))
    if row.get("site_type") in SITE_TYPES:
        change("site_type", SITE_TYPES[row["site_type"]])
    if row.get("source_producteur", "").strip().lower() == PLACEHOLDER_PRODUCER:
        change("source_producteur", "")
    if NATURAL_PERSON in row.get("proprio_nom", "").split("|"):
        change("proprio_nom", "|".join("" if p == NATURAL_PERSON else p for p in row["proprio_nom"].split("|")))
    if "NULL" in row.get("proprio_type", "").split("|"):
        change("proprio_type", "|".join(p for p in row["proprio_type"].split("|") if p != "NULL"))
    return fixes


def _owner_notes(rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    known = {line.split(";")[0] for line in CATPRO.read_text(encoding="utf-8").splitlines()[1:]}
    notes = []
    for line, row in rows:
        for code in row.get("proprio_type", "").split("|"):
            if code and code not in known:
                notes.append(
                    Problem(
                        "friches",
                        gettext_noop("owner type « %(value)s » unknown to the Fichiers fonciers list"),
                        line=line,
                        feature=row.get("site_id", ""),
                        field="proprio_type",
                        params={"value": code},
                    )
                )
    return notes
