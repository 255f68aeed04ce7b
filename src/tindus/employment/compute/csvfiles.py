"""Reading a CSV file with the file, line and column of every problem."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from .problems import DataError, gettext_noop


def rows(
    path: str | Path, columns: Sequence[str], *, delimiter: str = "", encoding: str = "utf-8-sig"
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` of each non-blank row of a CSV file (gzipped or not): see :func:`stream_rows`."""
    path = Path(path)
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            binary = gzip.open(raw, "rb") if gzipped else raw  # noqa: SIM115 - closed with raw
            yield from stream_rows(binary, path.name, columns, delimiter=delimiter, encoding=encoding)
    except (gzip.BadGzipFile, EOFError, OSError) as error:
        raise DataError(path, gettext_noop("unreadable file (%(error)s)"), error=str(error)) from None


def stream_rows(
    binary: BinaryIO, name: str, columns: Sequence[str], *, delimiter: str = "", encoding: str = "utf-8-sig"
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` of each non-blank row, header names and cells stripped, after checking that the
    header has every name of ``columns`` and each row as many fields as the header. ``delimiter`` is
    guessed from the header (``;`` or ``,``) when not given."""
    line = 1
    try:
        stream = io.TextIOWrapper(binary, encoding=encoding, newline="")
        first = stream.readline()
        sep = delimiter or (";" if first.count(";") > first.count(",") else ",")
        header = [h.strip() for h in next(csv.reader([first], delimiter=sep), [])]
        if not any(header):
            raise DataError(name, gettext_noop("the file is empty"), line=1)
        missing = [c for c in columns if c not in header]
        if missing:
            raise DataError(name, gettext_noop("missing columns: %(columns)s"), line=1, columns=", ".join(missing))
        reader = csv.reader(stream, delimiter=sep)
        for cells in reader:
            line = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise DataError(
                    name,
                    gettext_noop("%(found)d fields where the header has %(expected)d"),
                    line=line,
                    found=len(cells),
                    expected=len(header),
                )
            yield line, {k: v.strip() for k, v in zip(header, cells, strict=True)}
    except UnicodeDecodeError:
        raise DataError(name, gettext_noop("not valid %(encoding)s text"), line=line + 1, encoding=encoding) from None
    except csv.Error as error:
        raise DataError(name, gettext_noop("malformed CSV (%(error)s)"), line=line, error=str(error)) from None
