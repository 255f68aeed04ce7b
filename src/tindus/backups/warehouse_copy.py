"""The warehouse in a backup: the current version's file, copied as it is (versions never change once
published), and restored as a new version published like an import's."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from tindus.warehouse.store import SCHEMA, Warehouse
from tindus.warehouse.versions import Draft, copy_file, pinned


def copy_current(warehouse: Warehouse, target: Path) -> int | None:
    """Copy the current version into ``target``; its number (None when there is no warehouse).

    Nothing exclusive is held: the version is pinned, and its file kept open with a shared lock, the
    one DuckDB's readers hold, so that no writer's clean-up deletes it during the copy."""
    with pinned():
        version = warehouse.version()
        if version is None:
            return None
        fd = os.open(version.path, os.O_RDONLY)
        try:
            with contextlib.suppress(OSError):  # a file system without locks: the open file is enough
                fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            with open(fd, "rb", closefd=False) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out, 1 << 24)
                out.flush()
                os.fsync(out.fileno())
        finally:
            os.close(fd)
        return version.number


def tables(path: Path) -> list[str]:
    """The tables of a warehouse file (read-only): DuckDB refuses a damaged file here."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    finally:
        con.close()


@contextlib.contextmanager
def restoring(warehouse: Warehouse, source: Path) -> Iterator[Draft]:
    """Under the warehouse's write lock (refused at once if an import is writing), a draft holding the
    backup's file, brought to this code's schema; published as the next version when the block ends
    without error, dropped otherwise."""
    with warehouse.versions.draft(wait=0, keep=warehouse.keep, grace=warehouse.grace) as draft:
        copy_file(source, draft.path)
        con = duckdb.connect(str(draft.path))
        try:
            con.execute(SCHEMA)  # a backup from an older Tindus gets the tables and columns added since
            con.execute("CHECKPOINT")
        finally:
            con.close()
        yield draft
