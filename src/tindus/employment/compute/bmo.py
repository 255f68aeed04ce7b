"""France Travail's BMO survey (« Besoins en Main-d'Œuvre »): one file per year, read whatever its layout.

One row per BMO job (FAP 2021 228-level code since BMO 2023… 2024, FAP 2009 before) × employment basin ×
département, with the recruitment projects (``met``), those judged difficult (``xmet``) and the seasonal
ones (``smet``). The files come as the official workbook (sheet ``BMO_<year>_open_data``) or its data sheet
saved as CSV (``,`` or ``;``, optionally gzipped). The header says which layout it is:

- the column order, the sheet names and a few headers change between years (BMO 2019 wrote
  ``Famille_metier``, ``nom_metier BMO``; 2017 ``code métier BMO `` with a trailing space; 2023 put the basin
  before the département);
- the basin columns carry the year: ``BE24`` / ``NOMBE24``; the reader takes the survey year from them and
  checks the ``annee`` column against it;
- BMO 2026 adds a ``clpe`` column (meaning undocumented): any column beyond the known ones is kept as text
  in :attr:`BmoTable.extra`.

A header without one of the known columns is refused, naming every missing column. A masked cell ``*`` is
stored as :data:`MASKED` and is never a number (see :mod:`.figures`). A basin spanning several
départements has one row per département: the rows are parts of the basin, to be added
(:mod:`.basins`), never copies. Every problem names the file, the line and the column.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from .problems import DataError, gettext_noop

MASKED = -1

# canonical key -> (name shown in messages, accepted headers, normalised)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "year": ("annee", ("annee",)),
    "job_code": ("Code métier BMO", ("code metier bmo",)),
    "job_name": ("Nom métier BMO", ("nom metier bmo", "nom_metier bmo")),
    "family": ("Famille_met", ("famille_met", "famille_metier")),
    "family_name": ("Lbl_fam_met", ("lbl_fam_met", "libelle de famille de metier")),
    "region": ("REG", ("reg",)),
    "region_name": ("NOM_REG", ("nom_reg",)),
    "departement": ("Dept", ("dept",)),
    "departement_name": ("NomDept", ("nomdept",)),
    "basin": ("BE<yy>", ()),
    "basin_name": ("NOMBE<yy>", ()),
    "projects": ("met", ("met",)),
    "difficult": ("xmet", ("xmet",)),
    "seasonal": ("smet", ("smet",)),
}
BASIN = re.compile(r"be(\d{2})")
BASIN_NAME = re.compile(r"nombe(\d{2})")
SHEET = re.compile(r"bmo_(\d{4})_open_data", re.IGNORECASE)
JOB_CODE = re.compile(r"[A-Z][0-9A-Z][A-Z]\d{2}")
DEPARTEMENT = re.compile(r"\d{2}|2A|2B|\d{3}")
COUNTS = ("projects", "difficult", "seasonal")


def normalised(header: object) -> str:
    """A header as compared: no accents, no case, single spaces (« Code métier BMO  » → « code metier bmo »)."""
    text = unicodedata.normalize("NFKD", "" if header is None else str(header))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


@dataclass(frozen=True)
class BmoLayout:
    """Where each known column is (0-based), the survey year read from the basin columns, and the rest."""

    year: int
    columns: dict[str, int]
    extra: dict[str, int] = field(default_factory=dict)  # header as written -> index (``clpe``…)
    sheet: str = ""


def detect_layout(header: Sequence[object], *, file: str | Path = "", sheet: str = "", line: int = 1) -> BmoLayout:
    """The layout of a BMO header row, or :class:`DataError` naming every missing column."""
    names = [normalised(h) for h in header]
    found: dict[str, int] = {}
    suffixes: dict[str, str] = {}
    for index, name in enumerate(names):
        for key, (_shown, accepted) in COLUMNS.items():
            if name in accepted and key not in found:
                found[key] = index
        for key, pattern in (("basin", BASIN), ("basin_name", BASIN_NAME)):
            match = pattern.fullmatch(name)
            if match and key not in found:
                found[key], suffixes[key] = index, match.group(1)
    missing = [shown for key, (shown, _accepted) in COLUMNS.items() if key not in found]
    if missing:
        raise DataError(
            file, gettext_noop("unknown BMO layout: missing columns %(columns)s"), line=line, columns=", ".join(missing)
        )
    if suffixes["basin"] != suffixes["basin_name"]:
        raise DataError(
            file,
            gettext_noop("the basin columns name two different years (%(code)s, %(name)s)"),
            line=line,
            code=str(header[found["basin"]]),
            name=str(header[found["basin_name"]]),
        )
    used = set(found.values())
    extra = {str(h).strip(): i for i, h in enumerate(header) if i not in used and str(h or "").strip()}
    return BmoLayout(year=2000 + int(suffixes["basin"]), columns=found, extra=extra, sheet=sheet)


@dataclass
class BmoTable:
    """One BMO file, column by column (numpy arrays of one row per job × basin × département)."""

    year: int
    source: str
    layout: BmoLayout
    job_codes: tuple[str, ...]  # the distinct job codes; ``job`` indexes them
    job: np.ndarray  # int32
    basin: np.ndarray  # int32 basin code
    departement: np.ndarray  # str
    projects: np.ndarray  # int32, MASKED for « * »
    difficult: np.ndarray
    seasonal: np.ndarray
    lines: np.ndarray  # int32, the source line of each row
    job_names: dict[str, str]
    job_families: dict[str, tuple[str, str]]  # job -> (BMO family letter, label)
    basin_names: dict[int, str]
    departement_names: dict[str, str]
    departement_regions: dict[str, tuple[str, str]]  # département -> (region code, name)
    extra: dict[str, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.job)

    @property
    def nomenclature(self) -> str:
        """« FAP 2021 » (codes like ``A0X40``, BMO 2023+), « FAP 2009 » (``A0Z40``) or « mixed ».

        A few codes are the same in both (``G0A40``, ``T2A60``): the ``X`` or ``Z`` of the others decides."""
        thirds = {code[2] for code in self.job_codes} & {"X", "Z"}
        return {frozenset("X"): "FAP 2021", frozenset("Z"): "FAP 2009"}.get(frozenset(thirds), "mixed")

    def basin_departements(self) -> dict[int, tuple[str, ...]]:
        """Each basin's départements, in which its projects are counted (several for a straddling basin)."""
        pairs = sorted(set(zip(self.basin.tolist(), self.departement.tolist(), strict=True)))
        found: dict[int, list[str]] = {}
        for basin, dep in pairs:
            found.setdefault(basin, []).append(dep)
        return {b: tuple(d) for b, d in found.items()}


def read_bmo(
    source: str | Path | BinaryIO,
    *,
    name: str = "",
    sheet: str = "",
    known_jobs: Collection[str] | None = None,
) -> BmoTable:
    """Read a BMO workbook (.xlsx) or CSV (optionally gzipped), recognised by content, not by name.

    ``sheet`` forces a sheet of a workbook (otherwise ``BMO_<year>_open_data``, or the first sheet with a
    known layout). ``known_jobs`` (the FAP codes of :mod:`.fap`) refuses a row of an unknown job code.
    Raises :class:`DataError` (file, line, column) at the first problem; nothing is returned then.
    """
    label = name or (Path(source).name if isinstance(source, (str, Path)) else getattr(source, "name", "BMO"))
    head = _peek(source)
    if head.startswith(b"PK\x03\x04"):
        rows, chosen = _workbook_rows(source, label, sheet)
    else:
        rows, chosen = _csv_rows(source, label, gzipped=head.startswith(b"\x1f\x8b")), ""
    return _Builder(label, known_jobs).build(rows, chosen)


def _peek(source: str | Path | BinaryIO) -> bytes:
    if isinstance(source, (str, Path)):
        try:
            with open(source, "rb") as stream:
                return stream.read(4)
        except OSError as error:
            raise DataError(source, gettext_noop("unreadable file (%(error)s)"), error=str(error)) from None
    position = source.tell()
    head = source.read(4)
    source.seek(position)
    return head


def _workbook_rows(source: Any, label: str, sheet: str) -> tuple[Iterator[tuple[int, Sequence[Any]]], str]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as error:
        raise DataError(label, gettext_noop("not a readable workbook (%(error)s)"), error=str(error)) from None
    if sheet:
        if sheet not in book.sheetnames:
            raise DataError(label, gettext_noop("no sheet named « %(sheet)s »"), sheet=sheet)
        candidates = [sheet]
    else:
        named = [s for s in book.sheetnames if SHEET.fullmatch(s.strip())]
        candidates = named + [s for s in book.sheetnames if s not in named]
    first_problem: DataError | None = None
    for candidate in candidates:
        rows = book[candidate].iter_rows(values_only=True)
        header = next(rows, None)
        try:
            detect_layout(header or (), file=label, sheet=candidate)
        except DataError as problem:
            first_problem = first_problem or problem
            continue

        def numbered(rows: Iterator[Sequence[Any]] = rows, header: Sequence[Any] = header) -> Iterator:
            try:
                yield 1, header
                yield from enumerate(rows, start=2)
            finally:
                book.close()

        return numbered(), candidate
    book.close()
    assert first_problem is not None
    raise first_problem


def _csv_rows(source: Any, label: str, gzipped: bool) -> Iterator[tuple[int, Sequence[str]]]:
    opened = isinstance(source, (str, Path))
    raw = open(source, "rb") if opened else source  # noqa: SIM115 - closed below
    try:
        binary = gzip.open(raw, "rb") if gzipped else raw  # noqa: SIM115 - closed with raw
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        first = stream.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(io.StringIO(first), delimiter=delimiter)
        yield 1, next(reader, [])
        reader = csv.reader(stream, delimiter=delimiter)
        for row in reader:
            yield reader.line_num + 1, row
    except UnicodeDecodeError:
        raise DataError(label, gettext_noop("not valid UTF-8 text")) from None
    except (gzip.BadGzipFile, EOFError, OSError) as error:
        raise DataError(label, gettext_noop("unreadable file (%(error)s)"), error=str(error)) from None
    except csv.Error as error:
        raise DataError(label, gettext_noop("malformed CSV (%(error)s)"), error=str(error)) from None
    finally:
        if opened:
            raw.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Builder:
    def __init__(self, label: str, known_jobs: Collection[str] | None) -> None:
        self.label, self.known_jobs = label, known_jobs

    def fail(self, reason: str, line: int, column: str = "", **params: object) -> DataError:
        return DataError(self.label, reason, line=line, column=column, **params)

    def count(self, value: Any, line: int, column: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = _text(value)
            if text == "*":
                return MASKED
            if not text.isdigit():
                raise self.fail(gettext_noop("not a count nor « * »: %(value)r"), line, column, value=text)
            number = int(text)
        if number < 0:
            raise self.fail(gettext_noop("not a count nor « * »: %(value)r"), line, column, value=str(number))
        return number

    def build(self, rows: Iterator[tuple[int, Sequence[Any]]], sheet: str) -> BmoTable:
        first = next(rows, None)
        if first is None or not any(_text(v) for v in first[1]):
            raise self.fail(gettext_noop("the file is empty"), 1)
        layout = detect_layout(first[1], file=self.label, sheet=sheet)
        col = layout.columns
        shown = {key: str(first[1][index]).strip() for key, index in col.items()}
        width = max(col.values()) + 1
        jobs: dict[str, int] = {}
        job_idx, basins, deps, lines = [], [], [], []
        counts: dict[str, list[int]] = {k: [] for k in COUNTS}
        job_names: dict[str, str] = {}
        families: dict[str, tuple[str, str]] = {}
        basin_names: dict[int, str] = {}
        dep_names: dict[str, str] = {}
        dep_regions: dict[str, tuple[str, str]] = {}
        extra: dict[str, list[str]] = {h: [] for h in layout.extra}
        seen: dict[tuple[int, int, str], int] = {}
        year_text = str(layout.year)
        for line, row in rows:
            if not any(v is not None and _text(v) for v in row):
                continue
            if len(row) < width:
                raise self.fail(
                    gettext_noop("%(found)d fields where the header has %(expected)d"),
                    line,
                    found=len(row),
                    expected=len(first[1]),
                )
            if _text(row[col["year"]]) != year_text:
                raise self.fail(
                    gettext_noop("year %(value)r where the basin columns say %(year)s"),
                    line,
                    shown["year"],
                    value=_text(row[col["year"]]),
                    year=year_text,
                )
            code = _text(row[col["job_code"]])
            if not JOB_CODE.fullmatch(code):
                raise self.fail(gettext_noop("invalid FAP job code %(value)r"), line, shown["job_code"], value=code)
            if self.known_jobs is not None and code not in self.known_jobs:
                raise self.fail(gettext_noop("unknown FAP job code %(value)r"), line, shown["job_code"], value=code)
            basin_text = _text(row[col["basin"]])
            if not basin_text.isdigit():
                raise self.fail(gettext_noop("invalid basin code %(value)r"), line, shown["basin"], value=basin_text)
            basin = int(basin_text)
            dep = _text(row[col["departement"]])
            if not DEPARTEMENT.fullmatch(dep):
                raise self.fail(
                    gettext_noop("invalid département code %(value)r"), line, shown["departement"], value=dep
                )
            values = {k: self.count(row[col[k]], line, shown[k]) for k in COUNTS}
            self.check_consistent(values, line, shown)
            if code not in jobs:
                jobs[code] = len(jobs)
                job_names[code] = _text(row[col["job_name"]])
                families[code] = (_text(row[col["family"]]), _text(row[col["family_name"]]))
            key = (jobs[code], basin, dep)
            if key in seen:
                raise self.fail(
                    gettext_noop("job %(job)s, basin %(basin)s, département %(dep)s already on line %(other)d"),
                    line,
                    job=code,
                    basin=basin,
                    dep=dep,
                    other=seen[key],
                )
            seen[key] = line
            basin_names.setdefault(basin, _text(row[col["basin_name"]]))
            dep_names.setdefault(dep, _text(row[col["departement_name"]]))
            dep_regions.setdefault(dep, (_text(row[col["region"]]), _text(row[col["region_name"]])))
            job_idx.append(jobs[code])
            basins.append(basin)
            deps.append(dep)
            lines.append(line)
            for k in COUNTS:
                counts[k].append(values[k])
            for header, index in layout.extra.items():
                extra[header].append(_text(row[index]) if index < len(row) else "")
        if not job_idx:
            raise self.fail(gettext_noop("no data row under the header"), 1)
        return BmoTable(
            year=layout.year,
            source=self.label,
            layout=layout,
            job_codes=tuple(jobs),
            job=np.asarray(job_idx, dtype=np.int32),
            basin=np.asarray(basins, dtype=np.int32),
            departement=np.asarray(deps, dtype=object),
            projects=np.asarray(counts["projects"], dtype=np.int32),
            difficult=np.asarray(counts["difficult"], dtype=np.int32),
            seasonal=np.asarray(counts["seasonal"], dtype=np.int32),
            lines=np.asarray(lines, dtype=np.int32),
            job_names=job_names,
            job_families=families,
            basin_names=basin_names,
            departement_names=dep_names,
            departement_regions=dep_regions,
            extra=extra,
        )

    def check_consistent(self, values: dict[str, int], line: int, shown: dict[str, str]) -> None:
        """Published parts never exceed the projects; a masked total masks its parts."""
        total = values["projects"]
        for part in ("difficult", "seasonal"):
            if values[part] == MASKED:
                continue
            if total == MASKED:
                raise self.fail(
                    gettext_noop("%(part)s is published although the projects are masked"),
                    line,
                    shown[part],
                    part=shown[part],
                )
            if values[part] > total:
                raise self.fail(
                    gettext_noop("%(part)s (%(value)d) exceeds the projects (%(total)d)"),
                    line,
                    shown[part],
                    part=shown[part],
                    value=values[part],
                    total=total,
                )
