"""The PostgreSQL app database: ``pg_dump`` in its custom format, restored with ``pg_restore`` into a
new database of the same server, which then takes the live database's name (the live one is kept
under another name). Nothing here needs Django: ``params`` are Django's connection settings."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql


class PostgresToolError(Exception):
    """A PostgreSQL program is missing or failed: ``tool`` and what it said."""

    def __init__(self, tool: str, detail: str) -> None:
        self.tool = tool
        self.detail = detail.strip()
        super().__init__(f"{tool}: {self.detail}")


class BusyDatabaseError(Exception):
    """Other sessions are connected to the database that restore would replace."""

    def __init__(self, name: str, sessions: int) -> None:
        self.name = name
        self.sessions = sessions
        super().__init__(f"{sessions} other sessions on {name}")


def find_tool(name: str) -> Path:
    """``pg_dump`` or ``pg_restore``: in ``TINDUS_PG_BIN``, next to ``initdb`` (the server's own), on the
    PATH, or in Debian's ``/usr/lib/postgresql/<version>/bin``, newest version first."""
    folders = []
    if os.environ.get("TINDUS_PG_BIN"):
        folders.append(Path(os.environ["TINDUS_PG_BIN"]))
    initdb = shutil.which("initdb")
    if initdb:
        folders.append(Path(os.path.realpath(initdb)).parent)
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key, reverse=True)
    if versions:
        return Path(versions[0])
    raise PostgresToolError(name, "not found")


def _version_key(path: str) -> tuple[int, ...]:
    part = Path(path).parent.parent.name
    return tuple(int(p) for p in part.split(".") if p.isdigit())


@dataclass(frozen=True)
class Server:
    """Where the database lives, from Django's settings of a connection."""

    name: str
    user: str
    password: str
    host: str
    port: str

    @classmethod
    def from_settings(cls, params: Mapping[str, Any]) -> Server:
        return cls(
            str(params.get("NAME") or ""),
            str(params.get("USER") or ""),
            str(params.get("PASSWORD") or ""),
            str(params.get("HOST") or ""),
            str(params.get("PORT") or ""),
        )

    def env(self) -> dict[str, str]:
        """The libpq variables for the programs: the password never appears on a command line."""
        env = dict(os.environ)
        for key, value in (("PGUSER", self.user), ("PGPASSWORD", self.password), ("PGHOST", self.host),
                           ("PGPORT", self.port)):  # fmt: skip
            if value:
                env[key] = value
        return env

    def connect(self, database: str) -> psycopg.Connection:
        kwargs = {"dbname": database, "autocommit": True}
        kwargs |= {k: v for k, v in (("user", self.user), ("password", self.password), ("host", self.host),
                                     ("port", self.port)) if v}  # fmt: skip
        return psycopg.connect(**kwargs)

    def maintenance(self) -> psycopg.Connection:
        """A connection to another database of the server, from which this one can be renamed."""
        return self.connect("template1" if self.name == "postgres" else "postgres")


def _run(tool: str, args: list[str], server: Server) -> None:
    done = subprocess.run([str(find_tool(tool)), *args], env=server.env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise PostgresToolError(tool, done.stderr or done.stdout or f"exit status {done.returncode}")


def dump(server: Server, target: Path) -> None:
    """``pg_dump --format=custom`` of the database into ``target``."""
    _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}", server.name], server)


def applied_migrations(server: Server, database: str) -> dict[str, list[str]]:
    with server.connect(database) as con:
        rows = con.execute("SELECT app, name FROM django_migrations ORDER BY app, id").fetchall()
    found: dict[str, list[str]] = {}
    for app, name in rows:
        found.setdefault(app, []).append(name)
    return found


def restore_new(server: Server, archive: Path, database: str) -> None:
    """Create ``database`` on the server and restore ``archive`` into it; dropped again if that fails."""
    with server.maintenance() as con:
        con.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(database)))
    try:
        _run("pg_restore", ["--exit-on-error", "--no-owner", "--no-privileges", f"--dbname={database}",
                            str(archive)], server)  # fmt: skip
    except BaseException:
        drop(server, database)
        raise


def other_sessions(con: psycopg.Connection, database: str) -> int:
    row = con.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
    ).fetchone()
    return int(row[0])


def swap(server: Server, restored: str, keep_as: str) -> bool:
    """Give ``restored`` the live database's name; the live one (if any) is renamed ``keep_as``.
    Refused while other sessions use the live database. True if there was a live database to keep."""
    with server.maintenance() as con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [server.name]).fetchone() is not None
        if exists:
            busy = other_sessions(con, server.name)
            if busy:
                raise BusyDatabaseError(server.name, busy)
            con.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(server.name), sql.Identifier(keep_as)))  # fmt: skip
        try:
            con.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(restored), sql.Identifier(server.name)))  # fmt: skip
        except BaseException:
            if exists:
                con.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(keep_as), sql.Identifier(server.name)))  # fmt: skip
            raise
    return exists


def unswap(server: Server, restored: str, kept: str) -> None:
    """Undo :func:`swap`: the restored database takes its temporary name again, the kept one its own."""
    with server.maintenance() as con:
        con.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(server.name), sql.Identifier(restored)))  # fmt: skip
        con.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(kept), sql.Identifier(server.name)))  # fmt: skip


def drop(server: Server, database: str) -> None:
    with server.maintenance() as con:
        con.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
