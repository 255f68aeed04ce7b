"""`tindus backup` (pg_dump) and `tindus restore` (pg_restore into a new database, then renamed) on a
PostgreSQL database created for the test on the suite's server: never the suite's own database."""

import os
import uuid
from urllib.parse import urlsplit

import pytest

from tests.backups.conftest import Site

SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SUITE_DATABASE.startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="pg_dump and pg_restore are tested when the suite runs on PostgreSQL (DATABASE_URL=postgres://…, "
        "as in the second pass of .ci/run)",
    ),
    pytest.mark.xdist_group("backups-processes"),
]


def url(name: str) -> str:
    return urlsplit(SUITE_DATABASE)._replace(path=f"/{name}").geturl()


@pytest.fixture
def server():
    import psycopg

    with psycopg.connect(SUITE_DATABASE, autocommit=True) as connection:
        yield connection


@pytest.fixture
def pg_site(server, tmp_path):
    name = f"tindus_backup_{uuid.uuid4().hex[:10]}"
    server.execute(f'CREATE DATABASE "{name}"')
    site = Site(url(name), tmp_path)
    site.name = name
    try:
        site.tindus("migrate", "-v", "0")
        site.run("populate()")
        yield site
    finally:
        for (found,) in server.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{name}%"]
        ).fetchall():
            server.execute(f'DROP DATABASE IF EXISTS "{found}" WITH (FORCE)')


def rows(name: str) -> dict[str, list]:
    import psycopg

    with psycopg.connect(url(name)) as con:
        query = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = %s"
        tables = [r[0] for r in con.execute(query, ["BASE TABLE"]).fetchall()]
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in sorted(tables)}


def databases(server, name: str) -> list[str]:
    return sorted(r[0] for r in server.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{name}%"]))


def test_a_pg_dump_backup_restores_every_row(pg_site, server):
    before, warehouse, media = rows(pg_site.name), pg_site.warehouse(), pg_site.media()
    assert before["plan_project"] and before["auditlog_logentry"]
    backup = pg_site.backup()
    assert (backup / "database.pgdump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    pg_site.run("mutate()")
    assert rows(pg_site.name) != before

    pg_site.restore(backup)

    assert rows(pg_site.name) == before
    assert pg_site.warehouse() == warehouse
    assert pg_site.media() == {k: v for k, v in media.items() if not k.startswith("jobs/.partial/")}
    # The replaced database is kept under another name; no temporary database is left.
    kept = [d for d in databases(server, pg_site.name) if d != pg_site.name]
    assert len(kept) == 1 and "_before_" in kept[0]
    assert rows(kept[0])["auth_user"] != before["auth_user"]
    # Sequences came back too: new rows get new keys.
    pg_site.run("UserFactory(username='encore@example.test'); print('ok')")


def test_a_restore_while_the_app_is_connected_is_refused(pg_site, server):
    import psycopg

    backup = pg_site.backup()
    pg_site.run("mutate()")
    before = rows(pg_site.name)
    with psycopg.connect(url(pg_site.name)):  # the app still running
        done = pg_site.restore(backup, ok=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "1 other session uses the database" in done.stderr and "stop the app" in done.stderr
    assert rows(pg_site.name) == before
    assert databases(server, pg_site.name) == [pg_site.name]  # the prepared copy was dropped
