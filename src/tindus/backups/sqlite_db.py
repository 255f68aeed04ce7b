"""The SQLite app database: copied with SQLite's online backup API, which reads one consistent state
while the app keeps running, and written back the same way, in one write transaction of the live
database (the app's other connections see the old content or the new one, never a mix)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def dump(live: sqlite3.Connection, target: Path) -> None:
    """Copy the database of the connection ``live`` into the new file ``target`` (one file, no log)."""
    dst = sqlite3.connect(str(target))
    try:
        live.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def check(path: Path) -> str | None:
    """SQLite's own integrity check of a database file: None when it is sound, else its first complaint."""
    try:
        con = _read_only(path)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if result == "ok" else str(result)


def applied_migrations(path: Path) -> dict[str, list[str]]:
    """The migrations recorded in a database file, by app."""
    con = _read_only(path)
    try:
        rows = con.execute("SELECT app, name FROM django_migrations ORDER BY app, id").fetchall()
    finally:
        con.close()
    found: dict[str, list[str]] = {}
    for app, name in rows:
        found.setdefault(app, []).append(name)
    return found


def copy_into(source: Path, live: sqlite3.Connection) -> None:
    """Replace the whole content of the database of ``live`` by that of the file ``source``."""
    src = _read_only(source)
    try:
        src.backup(live)
    finally:
        src.close()


def remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
