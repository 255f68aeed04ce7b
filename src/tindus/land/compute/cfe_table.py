"""The CFE statuses of land units as a CSV table (the team's import): ``terr_id;en_usage;fin_usage;
occupe_depuis;preuve``, one line per unit, ``;`` or ``,`` separated, UTF-8 (a BOM is allowed).

- ``terr_id``: the unit's identifier (required);
- ``en_usage``: ``oui`` / ``non`` — a CFE-liable activity uses the unit now (required);
- ``fin_usage``: the day the last CFE-liable use ended (``AAAA-MM-JJ`` or ``JJ/MM/AAAA``), empty when the
  unit is in use or never was;
- ``occupe_depuis``: ``oui`` / ``non`` (empty: ``non``) — occupied otherwise since;
- ``preuve``: what the status rests on (required: a status without its evidence is refused).

Every problem is reported (line, unit, field) by :func:`read_cfe_table`; the caller refuses the whole file on
any. The checks of :func:`.vacancy.check_records` (end of use after the reference date, in use with an end,
a unit twice) are added, with the line of each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from .problems import Problem, gettext_noop
from .vacancy import CfeRecord, check_records

LAYER = "CFE"
COLUMNS = ("terr_id", "en_usage", "fin_usage", "occupe_depuis", "preuve")
REQUIRED = ("terr_id", "en_usage", "preuve")
YES, NO = {"oui", "o", "yes", "1", "vrai", "true"}, {"non", "n", "no", "0", "faux", "false", ""}
AFTER_REFERENCE = "end of use after the reference date (%(date)s)"
FIELD_OF = {"evidence": "preuve", "last_use_end": "fin_usage"}


def _date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_cfe_table(
    data: bytes, *, reference: dt.date, today: dt.date | None = None
) -> tuple[list[tuple[int, CfeRecord]], list[Problem]]:
    """(line, record) of each row, and every problem found (empty when the file can be imported)."""
    today = today or dt.date.today()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(LAYER, gettext_noop("the file is not UTF-8 text"))]
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    problems = [
        Problem(LAYER, gettext_noop("required column missing"), line=1, field=name)
        for name in REQUIRED
        if name not in header
    ]
    problems += [
        Problem(LAYER, gettext_noop("unknown column (expected: %(columns)s)"), line=1, field=h,
                params={"columns": ";".join(COLUMNS)})
        for h in header if h not in COLUMNS
    ]  # fmt: skip
    if problems:
        return [], problems
    rows: list[tuple[int, CfeRecord]] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        unit = row.get("terr_id", "")
        found: list[Problem] = []

        def report(field: str, reason: str, _line=line, _unit=unit, _found=found, **params: object) -> None:
            _found.append(Problem(LAYER, reason, line=_line, feature=_unit, field=field, params=params))

        if not unit:
            report("terr_id", gettext_noop("required value missing"))
        flags = {}
        for name in ("en_usage", "occupe_depuis"):
            value = row.get(name, "").lower()
            if name == "en_usage" and not value:
                report(name, gettext_noop("required value missing"))
            elif value not in YES | NO:
                report(name, gettext_noop("« %(value)s » is not « oui » or « non »"), value=row[name])
            flags[name] = value in YES
        end = None
        if row.get("fin_usage"):
            try:
                end = _date(row["fin_usage"])
            except ValueError:
                report("fin_usage", gettext_noop("« %(value)s » is not a date (YYYY-MM-DD)"), value=row["fin_usage"])
        future = end is not None and end > today
        if future:
            report("fin_usage", gettext_noop("date in the future (%(date)s)"), date=end.isoformat())
        record = CfeRecord(unit, flags["en_usage"], end, flags["occupe_depuis"], row.get("preuve", ""))
        for problem in check_records([record], reference):
            if not (future and problem.reason == AFTER_REFERENCE):  # said once: in the future
                report(FIELD_OF.get(problem.field, problem.field), problem.reason, **problem.params)
        problems += found
        rows.append((line, record))
    seen: dict[str, int] = {}
    for line, record in rows:
        if record.unit_id and record.unit_id in seen:
            problems.append(
                Problem(
                    LAYER,
                    gettext_noop("unit already on line %(first)d"),
                    line=line,
                    feature=record.unit_id,
                    field="terr_id",
                    params={"first": seen[record.unit_id]},
                )
            )
        seen.setdefault(record.unit_id, line)
    if not rows and not problems:
        problems.append(Problem(LAYER, gettext_noop("the file has no line of data")))
    return rows, problems
