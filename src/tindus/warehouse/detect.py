"""Recognise a data file by its content: container (zip, gzip, Parquet, plain) and dataset (by its header).

The file name is never trusted: a ``.csv`` that is really gzip, or a SIRENE file renamed, is read
for what it is.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from tindus.files import FileProblemError

from . import formats as f

# Columns INSEE added to the stock after format v3 (accepted anywhere, not required).
LATER_SIRENE_COLUMNS = {
    "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "activitePrincipaleNAF25Etablissement",
}
LATER_UNITE_LEGALE_COLUMNS = {"societeMissionUniteLegale", "activitePrincipaleNAF25UniteLegale"}


class DataFileError(FileProblemError):
    """A data file cannot be imported: ``path``, ``line`` (0 if not about one line), ``reason``."""


@dataclass
class DetectedFile:
    path: Path
    container: str  # "csv", "gzip", "zip", "parquet"
    dataset: str
    header: list[str]
    delimiter: str = ","
    member: str = ""  # CSV member inside a zip
    years: list[int] = field(default_factory=list)  # URSSAF only


def sniff_container(path: Path) -> str:
    with open(path, "rb") as stream:
        magic = stream.read(4)
    if not magic:
        raise DataFileError(path, 0, _("empty file (0 bytes): the download probably failed"))
    if magic.startswith(b"PK\x03\x04"):
        return "zip"
    if magic.startswith(b"\x1f\x8b"):
        return "gzip"
    if magic == b"PAR1":
        return "parquet"
    return "csv"


def _first_line(raw: io.BufferedIOBase, path: Path) -> str:
    line = raw.readline(1 << 20)
    if not line:
        raise DataFileError(path, 1, _("the file has no line"))
    try:
        return line.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise DataFileError(path, 1, _("the header is not UTF-8 text (expected encoding: UTF-8)")) from None


def read_header(path: Path, container: str) -> tuple[list[str], str, str]:
    """(header columns, delimiter, zip member) of a CSV-like file."""
    member = ""
    try:
        if container == "zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.lower().endswith(".csv")]
                if len(members) != 1:
                    raise DataFileError(
                        path, 0, _("the archive must hold exactly one CSV file, it holds %(n)d") % {"n": len(members)}
                    )
                member = members[0]
                with archive.open(member) as raw:
                    line = _first_line(raw, path)
        elif container == "gzip":
            with gzip.open(path, "rb") as raw:
                line = _first_line(raw, path)
        else:
            with open(path, "rb") as raw:
                line = _first_line(raw, path)
    except zipfile.BadZipFile:
        raise DataFileError(path, 0, _("unreadable or truncated zip archive")) from None
    except (EOFError, gzip.BadGzipFile, zipfile.LargeZipFile, OSError) as error:
        raise DataFileError(
            path, 0, _("unreadable or truncated compressed file (%(error)s)") % {"error": error}
        ) from None
    delimiter = ";" if line.count(";") > line.count(",") else ","
    header = [c.strip().strip('"') for c in line.split(delimiter)]
    return header, delimiter, member


def parquet_header(path: Path) -> list[str]:
    import duckdb

    try:
        return [row[0] for row in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{_sql_path(path)}')").fetchall()]
    except duckdb.Error as error:
        raise DataFileError(
            path, 0, _("unreadable Parquet file (%(error)s)") % {"error": str(error).splitlines()[0]}
        ) from None


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _check_columns(path: Path, header: list[str], expected: list[str], optional: set[str], label: str) -> None:
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected and c not in optional]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if unexpected:
        problems.append(_("unexpected columns: %(columns)s") % {"columns": ", ".join(unexpected)})
    if duplicated:
        problems.append(_("duplicated columns: %(columns)s") % {"columns": ", ".join(duplicated)})
    if problems:
        raise DataFileError(
            path,
            1,
            _("the header does not match the official %(format)s format; %(problems)s")
            % {"format": label, "problems": "; ".join(problems)},
        )


def classify(path: Path, header: list[str]) -> tuple[str, list[int]]:
    """The dataset a header belongs to, checked column by column against the official format."""
    columns = set(header)
    if any(f.URSSAF_YEAR_COLUMN.fullmatch(c) for c in header):
        epci = "code_commune" not in columns
        years = f.urssaf_years(header)
        expected_years = list(range(years[0], years[-1] + 1)) if years else []
        missing_pairs = [
            f"{kind}_{year}"
            for year in expected_years
            for kind in ("nombre_d_etablissements", "effectifs_salaries")
            if f"{kind}_{year}" not in columns
        ]
        if missing_pairs:
            raise DataFileError(
                path,
                1,
                _("incomplete URSSAF series, missing year columns: %(columns)s")
                % {"columns": ", ".join(missing_pairs)},
            )
        _check_columns(path, header, f.urssaf_columns(years, epci), set(), "URSSAF")
        return ("urssaf-epci-ape" if epci else "urssaf-commune-ape"), years
    candidates = [
        ("sirene-geo", f.GEO_SIRET, LATER_SIRENE_COLUMNS, "SIRENE geo_siret"),
        ("sirene-etablissements", f.STOCK_ETABLISSEMENT, LATER_SIRENE_COLUMNS, "StockEtablissement"),
        ("sirene-unites-legales", f.STOCK_UNITE_LEGALE, LATER_UNITE_LEGALE_COLUMNS, "StockUniteLegale"),
    ]
    candidates = candidates[:1] if columns & set(f.GEO_COLUMNS) else candidates[1:]
    # The official format closest to this header (most shared columns); then it must match column by column.
    overlap, key, expected, optional, label = max(
        (len(columns & set(cols)), key, cols, opt, label) for key, cols, opt, label in candidates
    )
    if overlap >= 2:
        _check_columns(path, header, expected, optional, label)
        return key, []
    raise DataFileError(
        path,
        1,
        _("unknown format: neither SIRENE (establishments, legal units, geolocated) nor URSSAF commune/EPCI × APE"),
    )


def detect(path: Path) -> DetectedFile:
    path = Path(path)
    if not path.exists():
        raise DataFileError(path, 0, _("file not found"))
    container = sniff_container(path)
    if container == "parquet":
        header, delimiter, member = parquet_header(path), ",", ""
    else:
        header, delimiter, member = read_header(path, container)
    dataset, years = classify(path, header)
    return DetectedFile(path, container, dataset, header, delimiter, member, years)
