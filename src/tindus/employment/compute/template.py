"""The CSV template for training sessions the working group collects by hand (one row per session).

French headers, since the people filling it in read French; ``;`` or ``,`` separated, UTF-8 (a file
saved by a French spreadsheet in Windows-1252 is read too). The columns (:data:`COLUMNS`):

=============  ==========  ==================================================================
header         required    content
=============  ==========  ==================================================================
organisme      yes         the training organisation's name
siret          no          its SIRET (14 digits)
intitule       yes         the training's title
rome           one of the  ROME 4.0 codes (``H2903``), several separated by spaces or ``|``
formacode      three       Formacode codes (5 digits), same separators
rncp           codes       RNCP or RS codes (``RNCP35330``, ``RS5080``, or digits for RNCP)
commune        yes*        the INSEE code of the place (``21425``)
latitude       no          WGS84 coordinates of the place (decimal point or comma)
longitude      no
debut          yes         first day: ``JJ/MM/AAAA`` or ``AAAA-MM-JJ``
fin            no          last day, same formats; not before ``debut``
places         no          capacity; 1 or more
modalite       yes         ``présentiel``, ``distance`` or ``apprentissage``
=============  ==========  ==================================================================

(*) not for a distance session. Every problem refuses the whole file, naming the line and the column.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

from .csvfiles import stream_rows
from .offers import Action, Codes, Offers, Organisation, Session, check_coordinates, session_problem
from .problems import DataError, gettext_noop

COLUMNS = {
    "organisme": "the training organisation's name (required)",
    "siret": "its SIRET, 14 digits (optional)",
    "intitule": "the training's title (required)",
    "rome": "ROME 4.0 codes, separated by spaces or |",
    "formacode": "Formacode codes (5 digits), separated by spaces or |",
    "rncp": "RNCP or RS codes (RNCP35330, RS5080)",
    "commune": "INSEE code of the place (required unless distance)",
    "latitude": "WGS84 latitude of the place (optional)",
    "longitude": "WGS84 longitude of the place (optional)",
    "debut": "first day, JJ/MM/AAAA or AAAA-MM-JJ (required)",
    "fin": "last day, same formats (optional)",
    "places": "capacity, 1 or more (optional)",
    "modalite": "présentiel, distance or apprentissage (required)",
}
REQUIRED = ("organisme", "intitule", "debut", "modalite")
MODALITY_WORDS = {
    "presentiel": "presential",
    "presence": "presential",
    "distance": "distance",
    "a distance": "distance",
    "apprentissage": "apprenticeship",
    "alternance": "apprenticeship",
}
SEPARATORS = re.compile(r"[\s|,]+")
ROME = re.compile(r"[A-N]\d{4}")
FORMACODE = re.compile(r"\d{5}")
CERTIFICATION = re.compile(r"(RNCP|RS)?(\d{1,8})")
COMMUNE = re.compile(r"\d[\dAB]\d{3}")


def template_header(delimiter: str = ";") -> str:
    """The header line of an empty template."""
    return delimiter.join(COLUMNS) + "\r\n"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def read_template(
    source: str | Path | bytes,
    *,
    name: str = "",
    known_rome: Collection[str] | None = None,
    known_communes: Collection[str] | None = None,
) -> Offers:
    """Read a filled-in template (a path, or its bytes with ``name``); ROME codes are taken as 4.0."""
    label = name or (Path(source).name if isinstance(source, (str, Path)) else "template.csv")
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        data.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    reader = _Reader(label, known_rome, known_communes)
    return reader.read(io.BytesIO(data), encoding)


class _Reader:
    def __init__(self, label: str, known_rome: Collection[str] | None, known_communes: Collection[str] | None):
        self.label, self.known_rome, self.known_communes = label, known_rome, known_communes

    def fail(self, line: int, column: str, reason: str, **params: object) -> DataError:
        return DataError(self.label, reason, line=line, column=column, **params)

    def read(self, binary: BinaryIO, encoding: str) -> Offers:
        organisations: dict[str, Organisation] = {}
        actions: dict[tuple, Action] = {}
        sessions = []
        for line, row in stream_rows(binary, self.label, tuple(COLUMNS), encoding=encoding):
            for column in REQUIRED:
                if not row[column]:
                    raise self.fail(line, column, gettext_noop("this column is required"))
            organisation = self.organisation(line, row)
            organisations.setdefault(organisation.key, organisation)
            codes = self.codes(line, row)
            modality = MODALITY_WORDS.get(_plain(row["modalite"]))
            if modality is None:
                raise self.fail(
                    line,
                    "modalite",
                    gettext_noop("%(value)r is not présentiel, distance nor apprentissage"),
                    value=row["modalite"],
                )
            key = (organisation.key, row["intitule"], codes, modality)
            if key not in actions:
                number = f"T{len(actions) + 1}"
                actions[key] = Action(number, row["intitule"], organisation.key, codes, modality, line=line)
            sessions.append(self.session(line, row, actions[key]))
        if not sessions:
            raise self.fail(1, "", gettext_noop("no session under the header"))
        return Offers(self.label, "template", tuple(organisations.values()), tuple(actions.values()), tuple(sessions))

    def organisation(self, line: int, row: dict[str, str]) -> Organisation:
        number = row["siret"].replace(" ", "")
        if number and not (number.isdigit() and len(number) == 14):
            raise self.fail(line, "siret", gettext_noop("a SIRET has 14 digits: %(value)r"), value=row["siret"])
        return Organisation(number or row["organisme"], row["organisme"], number, line)

    def codes(self, line: int, row: dict[str, str]) -> Codes:
        rome = tuple(c.upper() for c in SEPARATORS.split(row["rome"]) if c)
        for code in rome:
            if not ROME.fullmatch(code):
                raise self.fail(line, "rome", gettext_noop("invalid ROME code %(value)r"), value=code)
            if self.known_rome is not None and code not in self.known_rome:
                raise self.fail(line, "rome", gettext_noop("unknown ROME 4.0 code %(value)r"), value=code)
        formacode = tuple(c for c in SEPARATORS.split(row["formacode"]) if c)
        for code in formacode:
            if not FORMACODE.fullmatch(code):
                raise self.fail(line, "formacode", gettext_noop("invalid Formacode %(value)r"), value=code)
        rncp, rs = [], []
        for code in (c.upper() for c in SEPARATORS.split(row["rncp"]) if c):
            match = CERTIFICATION.fullmatch(code)
            if not match:
                raise self.fail(line, "rncp", gettext_noop("invalid RNCP or RS code %(value)r"), value=code)
            (rs if match.group(1) == "RS" else rncp).append(f"{match.group(1) or 'RNCP'}{int(match.group(2))}")
        codes = Codes(rome, "V4" if rome else "", formacode, tuple(rncp), tuple(rs))
        if not codes:
            raise self.fail(line, "rome", gettext_noop("give at least one ROME, Formacode or RNCP code"))
        return codes

    def date(self, line: int, column: str, text: str) -> dt.date | None:
        if not text:
            return None
        for layout in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, layout).date()
            except ValueError:
                continue
        raise self.fail(line, column, gettext_noop("not a date (JJ/MM/AAAA): %(value)r"), value=text)

    def number(self, line: int, column: str, text: str) -> float | None:
        if not text:
            return None
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise self.fail(line, column, gettext_noop("not a number: %(value)r"), value=text) from None

    def session(self, line: int, row: dict[str, str], action: Action) -> Session:
        commune = row["commune"]
        if commune and not COMMUNE.fullmatch(commune):
            raise self.fail(line, "commune", gettext_noop("invalid commune code %(value)r"), value=commune)
        if commune and self.known_communes is not None and commune not in self.known_communes:
            raise self.fail(line, "commune", gettext_noop("unknown commune code %(value)r"), value=commune)
        if not commune and action.modality != "distance":
            raise self.fail(line, "commune", gettext_noop("the place is required unless the session is at a distance"))
        try:
            latitude, longitude = check_coordinates(
                self.number(line, "latitude", row["latitude"]), self.number(line, "longitude", row["longitude"])
            )
        except ValueError:
            raise self.fail(line, "latitude", gettext_noop("impossible coordinates")) from None
        places = row["places"]
        if places and not places.lstrip("-").isdigit():
            raise self.fail(line, "places", gettext_noop("not a whole number: %(value)r"), value=places)
        session = Session(
            key=f"L{line}",
            action=action.key,
            start=self.date(line, "debut", row["debut"]),
            end=self.date(line, "fin", row["fin"]),
            commune=commune,
            latitude=latitude,
            longitude=longitude,
            capacity=int(places) if places else None,
            modality=action.modality,
            line=line,
        )
        problem = session_problem(session)
        if problem:
            field, reason, params = problem
            raise self.fail(line, "fin" if field == "end" else "places", reason, **params)
        return session
