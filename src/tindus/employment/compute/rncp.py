"""France compétences' RNCP and RS export (data.gouv.fr, nightly ``export-fiches-csv-AAAA-MM-JJ.zip``).

Ten ``;``-separated CSV files joined on ``Numero_Fiche`` (``RNCP1234`` / ``RS5080``), read from the zip
or from a folder of its files; each part is found by the end of its file name (``…_Standard.csv``,
``…_Rome_2024_02_22.csv``). What the employment module needs of them:

- each certification's title, level, state (``Actif``) and its ROME and Formacode codes (``Rome``,
  ``Formacode``): an action that names only an RNCP code reaches its jobs through them;
- the certifying bodies and the partner organisations habilitated to train (``Certificateurs``,
  ``Partenaires``), by SIRET.

Quirks of the official files, handled here: SIRET values start with a TAB character (``"\\t1100…"``),
stripped; labels contain doubled apostrophes (``d''affaires``), undoubled. A SIRET that is not 14
digits once stripped is refused with its file, line and column. The ROME version of the codes is not
stated by the export; it is left unknown.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .csvfiles import stream_rows
from .offers import Action, Codes, Offers, Organisation
from .problems import DataError, gettext_noop

PARTS = {
    "Standard": ("Numero_Fiche", "Intitule", "Nomenclature_Europe_Niveau", "Actif", "Date_Fin_Enregistrement"),
    "Rome": ("Numero_Fiche", "Codes_Rome_Code", "Codes_Rome_Libelle"),
    "Formacode": ("Numero_Fiche", "Formacode_Code", "Formacode_Libelle"),
    "Certificateurs": ("Numero_Fiche", "Siret_Certificateur", "Nom_Certificateur"),
    "Partenaires": ("Numero_Fiche", "Nom_Partenaire", "Siret_Partenaire", "Habilitation_Partenaire"),
}
REQUIRED = ("Standard", "Rome")
FICHE = re.compile(r"(RNCP|RS)\d+")
ROME = re.compile(r"[A-N]\d{4}")
TRAINING_HABILITATION = "HABILITATION_ORGA_FORM"


def part_of(filename: str) -> str | None:
    """Which part a file of the export is (``export_fiches_CSV_Rome_2024_02_22.csv`` → ``Rome``)."""
    stem = re.sub(r"(_\d{4}_\d{2}_\d{2}|-\d{4}-\d{2}-\d{2})$", "", Path(filename).stem)
    for part in sorted(PARTS, key=len, reverse=True):
        if stem == part or stem.lower().endswith("_" + part.lower()):
            return part
    return None


def siret(value: str) -> str:
    """A SIRET as exported (TAB first, maybe spaces) → 14 digits, or ``""``; ValueError otherwise."""
    cleaned = value.replace("\t", "").replace(" ", "").strip()
    if cleaned and not (cleaned.isdigit() and len(cleaned) == 14):
        raise ValueError(cleaned)
    return cleaned


def label(value: str) -> str:
    return value.replace("''", "'").strip()


@dataclass
class Certification:
    number: str
    title: str
    level: str  # NIV3 … NIV8, or ""
    active: bool
    end: dt.date | None = None
    rome: list[tuple[str, str]] = field(default_factory=list)
    formacode: list[tuple[str, str]] = field(default_factory=list)
    certifiers: list[tuple[str, str]] = field(default_factory=list)  # (SIRET, name)
    partners: list[tuple[str, str, str]] = field(default_factory=list)  # (SIRET, name, habilitation)

    @property
    def codes(self) -> Codes:
        number = self.number
        return Codes(
            rome=tuple(code for code, _ in self.rome),
            formacode=tuple(code for code, _ in self.formacode),
            rncp=(number,) if number.startswith("RNCP") else (),
            rs=(number,) if number.startswith("RS") else (),
        )


@dataclass(frozen=True)
class RncpExport:
    source: str
    certifications: dict[str, Certification]

    def rome_of(self, number: str) -> tuple[str, ...]:
        """The ROME codes of a certification (``RNCP320`` or ``320``), empty when unknown."""
        key = number if FICHE.fullmatch(number) else f"RNCP{number}"
        found = self.certifications.get(key)
        return tuple(code for code, _ in found.rome) if found else ()

    def to_offers(self, active_only: bool = True) -> Offers:
        """The habilitated training organisations and one action per (certification, organisation),
        without sessions: the export says who may train for what, not where nor when."""
        organisations: dict[str, Organisation] = {}
        actions = []
        for cert in self.certifications.values():
            if active_only and not cert.active:
                continue
            for number, name, habilitation in cert.partners:
                if habilitation != TRAINING_HABILITATION or not number:
                    continue
                organisations.setdefault(number, Organisation(number, name, number))
                actions.append(Action(f"{cert.number}-{number}", cert.title, number, cert.codes, "presential"))
        return Offers(self.source, "RNCP", tuple(organisations.values()), tuple(actions))


@contextmanager
def _members(source: Path) -> Iterator[dict[str, tuple[str, BinaryIO | Path]]]:
    found: dict[str, tuple[str, BinaryIO | Path]] = {}
    if source.is_dir():
        for path in sorted(source.glob("*.csv")):
            part = part_of(path.name)
            if part in PARTS:
                found.setdefault(part, (path.name, path))
        yield found
        return
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise DataError(source, gettext_noop("not a readable zip archive (%(error)s)"), error=str(error)) from None
    with archive:
        for info in archive.infolist():
            part = part_of(info.filename)
            if part in PARTS and info.filename.lower().endswith(".csv"):
                found.setdefault(part, (Path(info.filename).name, archive.open(info)))
        yield found


def read_rncp_export(source: str | Path) -> RncpExport:
    """Read the export from its zip or a folder of its CSV files."""
    source = Path(source)
    with _members(source) as members:
        missing = [p for p in REQUIRED if p not in members]
        if missing:
            raise DataError(source, gettext_noop("the export lacks the parts %(parts)s"), parts=", ".join(missing))
        certifications: dict[str, Certification] = {}
        for part in PARTS:
            if part not in members:
                continue
            name, member = members[part]
            stream = open(member, "rb") if isinstance(member, Path) else member  # noqa: SIM115 - closed below
            with stream:
                for line, row in stream_rows(stream, name, PARTS[part], delimiter=";"):
                    _read_row(part, name, line, row, certifications)
    return RncpExport(source.name, certifications)


def _read_row(part: str, name: str, line: int, row: dict[str, str], found: dict[str, Certification]) -> None:
    number = row["Numero_Fiche"]
    if not FICHE.fullmatch(number):
        raise DataError(
            name, gettext_noop("invalid certification number %(value)r"), line=line, column="Numero_Fiche", value=number
        )
    if part == "Standard":
        end = None
        if row["Date_Fin_Enregistrement"]:
            try:
                end = dt.datetime.strptime(row["Date_Fin_Enregistrement"], "%d/%m/%Y").date()
            except ValueError:
                raise DataError(
                    name,
                    gettext_noop("not a date: %(value)r"),
                    line=line,
                    column="Date_Fin_Enregistrement",
                    value=row["Date_Fin_Enregistrement"],
                ) from None
        found[number] = Certification(
            number, label(row["Intitule"]), row["Nomenclature_Europe_Niveau"], row["Actif"] == "ACTIVE", end
        )
        return
    cert = found.get(number)
    if cert is None:
        raise DataError(
            name,
            gettext_noop("certification %(value)s is not in the Standard file"),
            line=line,
            column="Numero_Fiche",
            value=number,
        )
    if part == "Rome":
        code = row["Codes_Rome_Code"]
        if not ROME.fullmatch(code):
            raise DataError(
                name, gettext_noop("invalid ROME code %(value)r"), line=line, column="Codes_Rome_Code", value=code
            )
        cert.rome.append((code, label(row["Codes_Rome_Libelle"])))
    elif part == "Formacode":
        cert.formacode.append((row["Formacode_Code"], label(row["Formacode_Libelle"])))
    else:
        column = "Siret_Certificateur" if part == "Certificateurs" else "Siret_Partenaire"
        try:
            number_siret = siret(row[column])
        except ValueError as error:
            raise DataError(
                name, gettext_noop("invalid SIRET %(value)r"), line=line, column=column, value=str(error)
            ) from None
        if part == "Certificateurs":
            cert.certifiers.append((number_siret, label(row["Nom_Certificateur"])))
        else:
            cert.partners.append((number_siret, label(row["Nom_Partenaire"]), row["Habilitation_Partenaire"]))
