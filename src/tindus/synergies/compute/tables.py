"""Reading the shipped CSV tables (documented patterns, emission factors): every problem is a
``ValueError`` naming the file, the line and the reason, so that an edit that breaks a table says where."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path


def checked_rows(path: Path | str, columns: Sequence[str], key: str | None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of each non-blank row, cells stripped, after checking the header, the number of fields
    and that ``key`` (when given) is not used twice. The caller checks the values and raises ``ValueError(reason)``
    through :func:`at_line`."""
    path = Path(path)
    name = path.name
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{name}, line 1: the file is empty")
        header = [h.strip() for h in header]
        missing = [c for c in columns if c not in header]
        if missing:
            raise ValueError(f"{name}, line 1: missing columns: {', '.join(missing)}")
        seen: dict[str, int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ValueError(f"{name}, line {line}: {len(cells)} fields where the header has {len(header)}")
            row = {k: v.strip() for k, v in zip(header, cells, strict=True)}
            if key is None:
                yield line, row
                continue
            if row[key] and row[key] in seen:
                raise ValueError(f"{name}, line {line}: {key} {row[key]!r} already used on line {seen[row[key]]}")
            seen[row[key]] = line
            yield line, row


def at_line(path: Path | str, line: int, reason: str) -> ValueError:
    return ValueError(f"{Path(path).name}, line {line}: {reason}")
