"""Import SIRENE and URSSAF files into the warehouse: validate, report, then replace atomically.

Every row is checked (SIRET Luhn, NAF code, commune code); rejected rows are counted by reason with
example line numbers, and the import is refused when they pass the threshold. The new rows replace
the old ones in a single DuckDB transaction, in a new version of the warehouse that readers see only
once it is complete: a refused, failed or interrupted import leaves the current version as it was
and publishes nothing.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import formats as f
from .detect import DataFileError, DetectedFile, detect
from .store import ESTABLISHMENT_AGGREGATES, Warehouse, refresh_aggregates

MANIFEST_NAME = "tindus-synthetique.json"
EXAMPLES_PER_REASON = 5
Progress = Callable[[str], None]

REASON_LABELS = {
    "invalid_siret": gettext_noop("invalid SIRET (14 digits, Luhn key)"),
    "invalid_siren": gettext_noop("invalid SIREN (9 digits, Luhn key)"),
    "unknown_naf": gettext_noop("unknown NAF code"),
    "unknown_commune": gettext_noop("unknown commune"),
    "invalid_size_band": gettext_noop("unknown headcount band"),
    "invalid_number": gettext_noop("invalid number"),
    "invalid_coordinates": gettext_noop("invalid coordinates"),
}
SKIP_LABELS = {"abroad": gettext_noop("establishment abroad (skipped)")}


def reason_label(reason: str) -> str:
    return _(REASON_LABELS.get(reason) or SKIP_LABELS.get(reason) or reason)


@dataclass
class ImportReport:
    dataset: str
    file: str
    container: str
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0
    rejects: dict[str, dict] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    synthetic: bool = False
    vintage: str = ""
    scope: str = ""
    import_id: int | None = None
    seconds: float = 0.0
    version: int | None = None  # the warehouse version holding this import

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class ImportRefusedError(DataFileError):
    """Too many invalid rows: nothing was imported."""

    def __init__(self, path: Path, report: ImportReport, threshold: float) -> None:
        details = "; ".join(
            _("%(reason)s: %(count)d rows (lines %(lines)s)")
            % {"reason": reason_label(r), "count": d["count"], "lines": ", ".join(map(str, d["lines"]))}
            for r, d in report.rejects.items()
        )
        reason = _(
            "%(rejected)d of %(read)d rows are invalid (more than %(threshold)s %%): import refused, "
            "the warehouse is unchanged. %(details)s"
        ) % {
            "rejected": report.rows_rejected,
            "read": report.rows_read,
            "threshold": f"{threshold * 100:g}",
            "details": details,
        }
        super().__init__(path, 0, reason)
        self.report = report


def luhn_sql(column: str, length: int) -> str:
    """A SQL expression true when ``column`` (``length`` digits) passes the Luhn check."""
    terms = []
    for position in range(1, length + 1):
        digit = f"(ascii(substr({column}, {position}, 1)) - 48)"
        doubled = (length - position) % 2 == 1
        terms.append(f"({digit} * 2 - CASE WHEN {digit} >= 5 THEN 9 ELSE 0 END)" if doubled else digit)
    return "((" + " + ".join(terms) + ") % 10 = 0)"


def siret_ok_sql(column: str) -> str:
    digits_sum = " + ".join(f"(ascii(substr({column}, {p}, 1)) - 48)" for p in range(1, 15))
    return (
        f"(regexp_full_match(coalesce({column}, ''), '[0-9]{{14}}') AND "
        f"(CASE WHEN starts_with({column}, '356000000') THEN ({digits_sum}) % 5 = 0 ELSE {luhn_sql(column, 14)} END))"
    )


def _q(text: str) -> str:
    return str(text).replace("'", "''")


def _is_synthetic(path: Path) -> bool:
    manifest = path.parent / MANIFEST_NAME
    if not manifest.exists():
        return False
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
    except (ValueError, OSError):
        return False
    entry = entries.get(path.name)
    return bool(entry) and entry.get("size") == path.stat().st_size


class _Source:
    """A readable SQL relation for a detected file (extracting a zip member to a temporary file)."""

    def __init__(self, detected: DetectedFile, tmp_dir: Path) -> None:
        self.detected = detected
        self.tmp_dir = tmp_dir
        self._extracted: Path | None = None

    def __enter__(self) -> str:
        d = self.detected
        if d.container == "parquet":
            return f"read_parquet('{_q(d.path)}')"
        path = d.path
        if d.container == "zip":
            self.tmp_dir.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(suffix=".csv", dir=self.tmp_dir)
            self._extracted = Path(name)
            try:
                with zipfile.ZipFile(d.path) as archive, archive.open(d.member) as src, open(handle, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 22)
            except (zipfile.BadZipFile, EOFError, OSError) as error:
                self._cleanup()
                raise DataFileError(
                    d.path, 0, _("unreadable or truncated zip archive (%(error)s)") % {"error": error}
                ) from None
            path = self._extracted
        columns = "{" + ", ".join(f"'{_q(c)}': 'VARCHAR'" for c in d.header) + "}"
        compression = "gzip" if d.container == "gzip" else "none"
        return (
            f"read_csv('{_q(path)}', columns={columns}, header=true, delim='{d.delimiter}', quote='\"', "
            f"escape='\"', strict_mode=true, auto_detect=false, compression='{compression}', encoding='utf-8')"
        )

    def _cleanup(self) -> None:
        if self._extracted and self._extracted.exists():
            self._extracted.unlink()

    def __exit__(self, *exc) -> None:
        self._cleanup()


def _duckdb_error(path: Path, error: duckdb.Error) -> DataFileError:
    import re

    message = str(error)
    match = re.search(r"CSV Error on Line: (\d+)", message)
    line = int(match.group(1)) if match else 0
    if "Expected Number of Columns" in message:
        detail = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
        reason = _("%(found)s fields where the header has %(expected)s (shifted or broken row)") % {
            "found": detail.group(2),
            "expected": detail.group(1),
        }
    elif "unicode" in message.lower() or "utf-8" in message.lower():
        reason = _("not valid UTF-8 text (expected encoding: UTF-8)")
    elif "GZIP" in message or "gzip" in message:
        reason = _("unreadable or truncated compressed file (%(error)s)") % {"error": message.splitlines()[0]}
    else:
        reason = _("unreadable file (%(error)s)") % {"error": message.splitlines()[0]}
    return DataFileError(path, line, reason)


def first_invalid_utf8_line(detected: DetectedFile) -> int:
    """The 1-based number of the first line that is not valid UTF-8 (0 if none), reading the file once."""
    import gzip

    archive = zipfile.ZipFile(detected.path) if detected.container == "zip" else None  # noqa: SIM115
    if archive:
        stream = archive.open(detected.member)
    elif detected.container == "gzip":
        stream = gzip.open(detected.path, "rb")  # noqa: SIM115
    else:
        stream = open(detected.path, "rb")  # noqa: SIM115
    try:
        for number, line in enumerate(stream, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    finally:
        stream.close()
        if archive:
            archive.close()
    return 0


# --- per-dataset SQL: the staging query (with a 'reason' column) and the final insert ---

_KNOWN_COMMUNE = "(SELECT code FROM ref_commune)"
_KNOWN_NAF = "(SELECT naf FROM ref_naf)"
_SIZE_BANDS = "(" + ", ".join(f"'{b}'" for b in f.SIZE_BANDS) + ")"


ESTABLISHMENT_COLUMNS = [
    "siret", "siren", "nic", "codeCommuneEtablissement", "codePaysEtrangerEtablissement",
    "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement", "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement", "etatAdministratifEtablissement", "dateCreationEtablissement", "dateDebut",
    "denominationUsuelleEtablissement", "enseigne1Etablissement", "etablissementSiege",
    "caractereEmployeurEtablissement", "dateDernierTraitementEtablissement", "statutDiffusionEtablissement",
]  # fmt: skip


def _establishment_reason(geo: bool) -> str:
    coordinates_check = (
        "WHEN coalesce(longitude, '') <> '' AND (try_cast(longitude AS DOUBLE) IS NULL "
        "OR try_cast(latitude AS DOUBLE) IS NULL) THEN 'invalid_coordinates' "
        if geo
        else ""
    )
    return f"""CASE
        WHEN NOT {siret_ok_sql("siret")} OR siren IS DISTINCT FROM substr(siret, 1, 9) THEN 'invalid_siret'
        WHEN coalesce(codePaysEtrangerEtablissement, '') <> '' THEN 'abroad'
        WHEN coalesce(codeCommuneEtablissement, '') NOT IN {_KNOWN_COMMUNE} THEN 'unknown_commune'
        WHEN nomenclatureActivitePrincipaleEtablissement = 'NAFRev2'
             AND coalesce(activitePrincipaleEtablissement, '') NOT IN {_KNOWN_NAF} THEN 'unknown_naf'
        WHEN coalesce(trancheEffectifsEtablissement, '') <> ''
             AND trancheEffectifsEtablissement NOT IN {_SIZE_BANDS} THEN 'invalid_size_band'
        {coordinates_check}
        ELSE NULL END"""


ESTABLISHMENT_INSERT = """
    INSERT INTO establishment (siret, siren, nic, commune, naf, naf_raw, naf_nomenclature, size_band, size_year, active,
                               created, state_since, name, head_office, employer, import_id, public)
    SELECT siret, siren, nic, codeCommuneEtablissement,
           CASE WHEN nomenclatureActivitePrincipaleEtablissement = 'NAFRev2' THEN activitePrincipaleEtablissement END,
           activitePrincipaleEtablissement, nomenclatureActivitePrincipaleEtablissement,
           nullif(trancheEffectifsEtablissement, ''), try_cast(anneeEffectifsEtablissement AS SMALLINT),
           etatAdministratifEtablissement = 'A', try_cast(dateCreationEtablissement AS DATE),
           try_cast(dateDebut AS DATE),
           coalesce(nullif(denominationUsuelleEtablissement, ''), nullif(enseigne1Etablissement, '')),
           etablissementSiege = 'true', caractereEmployeurEtablissement, $import_id,
           coalesce(statutDiffusionEtablissement, 'O') <> 'P'
    FROM ok
"""

GEO_INSERT = """
    INSERT INTO geolocation
    SELECT s.siret, c.departement, try_cast(longitude AS DOUBLE), try_cast(latitude AS DOUBLE),
           try_cast(geo_score AS DOUBLE), geo_type, $import_id
    FROM ok s LEFT JOIN ref_commune c ON c.code = s.codeCommuneEtablissement
"""


UNITE_LEGALE_COLUMNS = [
    "siren", "denominationUniteLegale", "prenom1UniteLegale", "nomUniteLegale", "nomUsageUniteLegale",
    "categorieJuridiqueUniteLegale", "categorieEntreprise", "trancheEffectifsUniteLegale",
    "etatAdministratifUniteLegale", "dateCreationUniteLegale", "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale", "nicSiegeUniteLegale", "dateDernierTraitementUniteLegale",
]  # fmt: skip


def _unite_legale_reason() -> str:
    return f"""CASE
        WHEN NOT regexp_full_match(coalesce(siren, ''), '[0-9]{{9}}') OR NOT {luhn_sql("siren", 9)} THEN 'invalid_siren'
        WHEN nomenclatureActivitePrincipaleUniteLegale = 'NAFRev2'
             AND coalesce(activitePrincipaleUniteLegale, '') NOT IN {_KNOWN_NAF} THEN 'unknown_naf'
        WHEN coalesce(trancheEffectifsUniteLegale, '') <> '' AND trancheEffectifsUniteLegale NOT IN {_SIZE_BANDS}
             THEN 'invalid_size_band'
        ELSE NULL END"""


UNITE_LEGALE_INSERT = """
    INSERT INTO legal_unit
    SELECT siren,
           coalesce(nullif(denominationUniteLegale, ''), trim(concat_ws(' ', prenom1UniteLegale,
                    coalesce(nullif(nomUsageUniteLegale, ''), nomUniteLegale)))),
           categorieJuridiqueUniteLegale, nullif(categorieEntreprise, ''), nullif(trancheEffectifsUniteLegale, ''),
           etatAdministratifUniteLegale = 'A', try_cast(dateCreationUniteLegale AS DATE),
           CASE WHEN nomenclatureActivitePrincipaleUniteLegale = 'NAFRev2' THEN activitePrincipaleUniteLegale END,
           nicSiegeUniteLegale, $import_id
    FROM ok
"""


def _naf_from_ape(column: str) -> str:
    """URSSAF writes APE codes without the dot (2562A); NAF rév. 2 has it (25.62A)."""
    return (
        f"CASE WHEN regexp_full_match({column}, '[0-9]{{4}}[A-Z]') "
        f"THEN substr({column}, 1, 2) || '.' || substr({column}, 3) ELSE {column} END"
    )


def _urssaf_reason(years: list[int], epci: bool) -> str:
    numbers = [f"{kind}_{year}" for year in years for kind in ("nombre_d_etablissements", "effectifs_salaries")]
    bad_number = " OR ".join(f"(coalesce({c}, '') <> '' AND try_cast({c} AS DOUBLE) IS NULL)" for c in numbers)
    commune_check = "" if epci else f"WHEN coalesce(code_commune, '') NOT IN {_KNOWN_COMMUNE} THEN 'unknown_commune'"
    return f"""CASE
        {commune_check}
        WHEN {_naf_from_ape("coalesce(code_ape, '')")} NOT IN {_KNOWN_NAF} THEN 'unknown_naf'
        WHEN {bad_number} THEN 'invalid_number'
        ELSE NULL END"""


def _urssaf_insert(years: list[int], epci: bool) -> str:
    commune = "NULL" if epci else "code_commune"
    selects = [
        f"SELECT {commune}, code_epci, {_naf_from_ape('code_ape')}, {year} AS year,"
        f" round(try_cast(nombre_d_etablissements_{year} AS DOUBLE)),"
        f" round(try_cast(effectifs_salaries_{year} AS DOUBLE)) FROM ok"
        for year in years
    ]
    return (
        "INSERT INTO employment SELECT commune, epci, naf, year, n, jobs, $import_id FROM ("
        + " UNION ALL ".join(f"SELECT * FROM ({s}) AS t(commune, epci, naf, year, n, jobs)" for s in selects)
        + ")"
    )


def import_file(
    warehouse: Warehouse,
    path: Path | str,
    *,
    synthetic: bool | None = None,
    max_reject_rate: float = 0.01,
    progress: Progress | None = None,
    aggregates: bool = True,
) -> ImportReport:
    """Import one file (any supported dataset, CSV / csv.gz / zip / Parquet) into ``warehouse``: a new
    version, published once the rows and the aggregates are written (or, inside
    ``warehouse.new_version()``, a part of that version).

    Once the import is committed, the aggregate tables are rebuilt (``aggregates=False`` leaves them
    stale: readers then compute the same rows on the fly, slower but exact).
    """
    say = progress or (lambda _m: None)
    started = time.monotonic()
    path = Path(path)
    detected = detect(path)
    report = ImportReport(dataset=detected.dataset, file=path.name, container=detected.container)
    report.synthetic = _is_synthetic(path) if synthetic is None else synthetic
    say(_("reading %(file)s (%(dataset)s)") % {"file": path.name, "dataset": f.DATASETS[detected.dataset].label})
    # A new version of the warehouse (or the one this context is already building): readers keep the
    # current version until it is published, and an error anywhere below publishes nothing.
    with _version_of(warehouse, report) as con:
        if not con.execute("SELECT count(*) FROM ref_commune").fetchone()[0]:
            raise DataFileError(
                path, 0, _("the warehouse has no reference data: run 'tindus data import' through the CLI")
            )
        columns, reason = _plan(detected)
        with _Source(detected, warehouse.path.parent / "duckdb-tmp") as source:
            try:
                con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT {', '.join(columns)} FROM {source}")
            except duckdb.Error as error:
                failure = _duckdb_error(path, error)
                if failure.reason == _("not valid UTF-8 text (expected encoding: UTF-8)"):
                    # DuckDB's line for an encoding error is approximate with parallel reads: find the exact one.
                    failure.line = first_invalid_utf8_line(detected) or failure.line
                raise failure from None
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE issues AS SELECT rn, reason FROM "
                f"(SELECT rowid AS rn, {reason} AS reason FROM raw) WHERE reason IS NOT NULL"
            )
            con.execute("CREATE OR REPLACE TEMP VIEW ok AS SELECT r.* FROM raw r ANTI JOIN issues i ON r.rowid = i.rn")
            _fill_report(con, detected, report)
            report.rows_rejected = sum(d["count"] for d in report.rejects.values())
            if report.rows_read and report.rows_rejected / report.rows_read > max_reject_rate:
                raise ImportRefusedError(path, report, max_reject_rate)
            say(_("writing %(rows)d rows") % {"rows": report.rows_kept})
            _replace(con, detected, report, time.monotonic() - started)
        finally:
            con.execute("DROP VIEW IF EXISTS ok; DROP TABLE IF EXISTS issues; DROP TABLE IF EXISTS raw")
        if aggregates:
            # After the commit (copying the committed stock is much faster), in the same version.
            refresh_for(con, detected.dataset, report.import_id)
    report.seconds = round(time.monotonic() - started, 2)
    return report


@contextmanager
def _version_of(warehouse: Warehouse, report: ImportReport) -> Iterator[duckdb.DuckDBPyConnection]:
    """The connection to write with: the version this context builds, else a new one; the report
    records the version's number."""
    draft = warehouse.drafting()
    if draft is not None:
        report.version = draft.number
        yield draft.con
        return
    with warehouse.new_version() as draft:
        yield draft.con
    report.version = draft.published.number if draft.published else None


def _plan(detected: DetectedFile) -> tuple[list[str], str]:
    """The columns to read and the SQL expression giving each row's rejection reason (NULL if valid)."""
    if detected.dataset == "sirene-etablissements":
        return ESTABLISHMENT_COLUMNS, _establishment_reason(geo=False)
    if detected.dataset == "sirene-geo":
        return ESTABLISHMENT_COLUMNS + ["longitude", "latitude", "geo_score", "geo_type"], _establishment_reason(
            geo=True
        )
    if detected.dataset == "sirene-unites-legales":
        return UNITE_LEGALE_COLUMNS, _unite_legale_reason()
    epci = detected.dataset == "urssaf-epci-ape"
    fixed = ["code_epci", "code_ape"] + ([] if epci else ["code_commune"])
    years = [f"{k}_{y}" for y in detected.years for k in ("nombre_d_etablissements", "effectifs_salaries")]
    return fixed + years, _urssaf_reason(detected.years, epci)


def _fill_report(con: duckdb.DuckDBPyConnection, detected: DetectedFile, report: ImportReport) -> None:
    offset = 1 if detected.container == "parquet" else 2  # line of the first data row
    report.rows_read = con.execute("SELECT count(*) FROM raw").fetchone()[0]
    rows = con.execute(
        f"SELECT reason, count(*), list(rn + {offset} ORDER BY rn)[1:{EXAMPLES_PER_REASON}] FROM issues GROUP BY reason"
    ).fetchall()
    report.rows_kept = report.rows_read - sum(count for _r, count, _l in rows)
    for reason, count, lines in rows:
        if reason in SKIP_LABELS:
            report.skipped[reason] = count
            report.rows_skipped += count
        else:
            report.rejects[reason] = {"count": count, "lines": lines}
    if detected.dataset.startswith("urssaf"):
        report.vintage = str(detected.years[-1]) if detected.years else ""
    else:
        column = {
            "sirene-unites-legales": "dateDernierTraitementUniteLegale",
        }.get(detected.dataset, "dateDernierTraitementEtablissement")
        report.vintage = con.execute(f"SELECT coalesce(substr(max({column}), 1, 7), '') FROM raw").fetchone()[0]
    if detected.dataset == "sirene-geo":
        deps = con.execute(
            "SELECT DISTINCT c.departement FROM ok s JOIN ref_commune c ON c.code = s.codeCommuneEtablissement "
            "ORDER BY 1"
        ).fetchall()
        report.scope = ",".join(d[0] for d in deps if d[0])


def refresh_for(con: duckdb.DuckDBPyConnection, dataset: str, import_id: int | None) -> None:
    """Rebuild the aggregate tables that derive from ``dataset``."""
    if dataset.startswith("urssaf"):
        refresh_aggregates(con, ("agg_jobs",), import_id)
    elif dataset != "sirene-unites-legales":
        refresh_aggregates(con, ESTABLISHMENT_AGGREGATES, import_id)


def _replace(con: duckdb.DuckDBPyConnection, detected: DetectedFile, report: ImportReport, seconds: float) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = con.execute(
            "INSERT INTO import_log (dataset, source, vintage, file, rows_read, rows_kept, rows_rejected, rows_skipped,"
            " rejects, synthetic, seconds, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                detected.dataset,
                f.DATASETS[detected.dataset].label,
                report.vintage,
                report.file,
                report.rows_read,
                report.rows_kept,
                report.rows_rejected,
                report.rows_skipped,
                json.dumps({"rejects": report.rejects, "skipped": report.skipped}),
                report.synthetic,
                round(seconds, 2),
                report.scope,
            ],
        ).fetchone()[0]
        report.import_id = import_id
        if detected.dataset == "sirene-etablissements":
            con.execute("DELETE FROM establishment")
            con.execute(ESTABLISHMENT_INSERT.replace("$import_id", str(import_id)))
        elif detected.dataset == "sirene-geo":
            # A geolocated file is the stock of its départements: it replaces their establishments too.
            deps = [d for d in report.scope.split(",") if d]
            if deps:
                con.execute("DELETE FROM geolocation WHERE departement IN (SELECT unnest(?))", [deps])
                con.execute(
                    "DELETE FROM establishment WHERE commune IN "
                    "(SELECT code FROM ref_commune WHERE departement IN (SELECT unnest(?)))",
                    [deps],
                )
            con.execute(ESTABLISHMENT_INSERT.replace("$import_id", str(import_id)))
            con.execute(GEO_INSERT.replace("$import_id", str(import_id)))
        elif detected.dataset == "sirene-unites-legales":
            con.execute("DELETE FROM legal_unit")
            con.execute(UNITE_LEGALE_INSERT.replace("$import_id", str(import_id)))
        else:
            epci = detected.dataset == "urssaf-epci-ape"
            con.execute(f"DELETE FROM employment WHERE commune IS {'' if epci else 'NOT '}NULL")
            con.execute(_urssaf_insert(detected.years, epci).replace("$import_id", str(import_id)))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
