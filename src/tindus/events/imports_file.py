"""The registration list file of an event (CSV or XLSX): its columns, its template, and reading its lines.

Plain Python (no Django import). The column headers and the read-me are French: they are part of the file
format, like the plan workbook's. Messages are written in English and pass through the ``_`` argument; the
Django side gives ``gettext``. What the values mean (a SIRET of the territory, a slot of the event) is checked
by :mod:`tindus.events.imports`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

Translate = Callable[[str], str]
MAX_LINES = 5000
SHEET = "Inscriptions"
README_SHEET = "Lisez-moi"

# (header, key, width): the order of the columns in the file.
COLUMNS = [
    ("siret", "siret", 16),
    ("nom", "person_name", 24),
    ("fonction", "person_role", 20),
    ("courriel", "email", 26),
    ("propose", "offers", 20),
    ("propose (précisions)", "offers_text", 30),
    ("recherche", "seeks", 20),
    ("recherche (précisions)", "seeks_text", 30),
    ("créneaux", "slots", 20),
    ("rencontres max", "max_meetings", 14),
]
HEADERS = [header for header, _key, _width in COLUMNS]
# The synergies categories as the file writes them: their codes with the accents back (« matières » is read
# as « matieres »: the headers and values are compared without accents).
CATEGORY_WORDS = ["matières", "énergie", "eau", "équipements", "locaux", "logistique", "compétences", "formation",
                  "recrutement", "achats", "services"]  # fmt: skip
HEADER_OF = {key: header for header, key, _width in COLUMNS}

README = [
    "Liste d'inscriptions à un événement Tindus — une ligne par entreprise ; ne changez pas les en-têtes.",
    "siret : 14 chiffres (obligatoire) ; l'établissement doit être dans le territoire et dans SIRENE.",
    "nom : la personne qui participe (obligatoire) ; fonction et courriel : facultatifs.",
    "propose, recherche : catégories séparées par des virgules, parmi matières, énergie, eau,",
    "  équipements, locaux, logistique, compétences, formation, recrutement, achats, services ;",
    "  « propose (précisions) » et « recherche (précisions) » : texte libre.",
    "créneaux : heures de début des créneaux où la personne est disponible, séparées par des espaces",
    "  (« 14:00 14:25 ») ; vide : tous les créneaux de l'événement.",
    "rencontres max : nombre maximum de rendez-vous (facultatif).",
    "Rien n'est enregistré tant qu'une ligne est fausse : chaque problème est signalé avec sa ligne.",
]


def untranslated(message: str) -> str:
    return message


@dataclass(frozen=True)
class Problem:
    line: int  # 0: the file as a whole
    column: str  # a header, or ''
    message: str


class RegistrationFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def plain(text: str) -> str:
    """Lower case without accents nor surrounding spaces: « Créneaux » → « creneaux »."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%H:%M") if value.date() == dt.date(1899, 12, 30) else value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _rows(header: list[str], lines: list[tuple[int, list[str]]], _: Translate) -> list[tuple[int, dict[str, str]]]:
    found = [plain(h) for h in header]
    while found and not found[-1]:
        found.pop()
    expected = [plain(h) for h in HEADERS]
    if found != expected:
        for index, want in enumerate(HEADERS):
            got = header[index].strip() if index < len(header) else ""
            if plain(got) != plain(want):
                raise RegistrationFileError([Problem(1, want, _("expected the column « %(want)s », found « %(found)s »")
                                            % {"want": want, "found": got})])  # fmt: skip
        raise RegistrationFileError(
            [Problem(1, "", _("unexpected column « %(found)s »") % {"found": header[len(HEADERS)]})]
        )
    rows = []
    for line, values in lines:
        cells = [_cell(v) for v in values] + [""] * (len(COLUMNS) - len(values))
        if not any(cells[: len(COLUMNS)]):
            continue
        if line > MAX_LINES:
            raise RegistrationFileError([Problem(line, "", _("too many lines (at most %(n)d)") % {"n": MAX_LINES})])
        rows.append((line, {key: cells[i] for i, (_h, key, _w) in enumerate(COLUMNS)}))
    if not rows:
        raise RegistrationFileError([Problem(2, "", _("the file holds no registration"))])
    return rows


def read_csv(content: bytes, _: Translate = untranslated) -> list[tuple[int, dict[str, str]]]:
    """The lines of a CSV file (``;`` or ``,``, UTF-8 or Windows-1252) as (line number, values by key)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    try:
        lines = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise RegistrationFileError([Problem(reader.line_num, "", _("the line cannot be read as CSV (%(error)s)")
                                    % {"error": error})]) from None  # fmt: skip
    return _rows(header, lines, _)


UNREADABLE = (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, SyntaxError, TypeError)


def read_xlsx(content: bytes, _: Translate = untranslated) -> list[tuple[int, dict[str, str]]]:
    """The lines of the « Inscriptions » sheet (or the first sheet) of an XLSX workbook."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = [_cell(c) for c in next(rows, ())]
            lines = [(n, list(values)) for n, values in islice(enumerate(rows, start=2), MAX_LINES)]
        finally:
            book.close()
    except UNREADABLE:
        reason = _("the file cannot be read as an XLSX workbook: open it in a spreadsheet and save it as .xlsx")
        raise RegistrationFileError([Problem(0, "", reason)]) from None
    return _rows(header, lines, _)


def template_csv() -> bytes:
    """The header line, in the separator and encoding French spreadsheets open directly."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(HEADERS)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for index, (_header, _key, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    readme = book.create_sheet(README_SHEET)
    for line in README:
        readme.append([line])
    readme.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
