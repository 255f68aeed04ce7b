"""Versions of the warehouse: imports publish a new immutable file, readers never wait nor fail."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from django.core.signals import request_finished, request_started

from tindus.warehouse.detect import DataFileError
from tindus.warehouse.importer import import_file
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.store import Warehouse
from tindus.warehouse.versions import WarehouseBusyError, pinned

from .test_importer import URSSAF, stock_rows, write_csv

# What a reader checks in one connection: the stock, the import that wrote it and the aggregate built
# from it must belong together (a mix of two versions would break one of these equalities).
STATE_SQL = """
SELECT (SELECT count(*) FROM establishment), (SELECT count(DISTINCT import_id) FROM establishment),
       (SELECT max(import_id) FROM establishment),
       (SELECT max(id) FROM import_log WHERE dataset = 'sirene-etablissements'),
       (SELECT count(*) FROM agg_est_commune), (SELECT import_id FROM agg_state WHERE name = 'agg_est_commune')
"""

# A reader process without Django, as a notebook or another machine's app would open the warehouse.
READER = """
import json, sys, time, traceback
from pathlib import Path
from tindus.warehouse.store import Warehouse
from tindus.warehouse.versions import pinned
warehouse = Warehouse(Path(sys.argv[1]), memory_limit="256MB", threads=1)
out, stop, sql = open(sys.argv[2], "a", buffering=1), Path(sys.argv[3]), sys.argv[4]
while not stop.exists():
    started = time.time()
    try:
        with pinned():
            version = warehouse.version().number
            con = warehouse.connect()
            try:
                state = list(con.execute(sql).fetchone())
            finally:
                con.close()
        out.write(json.dumps({"t": started, "version": version, "state": state}) + "\\n")
    except Exception:
        out.write(json.dumps({"t": started, "error": traceback.format_exc()}) + "\\n")
    time.sleep(0.005)
"""


def consistent(state):
    rows, imports, import_id, logged, aggregated, aggregate_of = state
    return imports == 1 and import_id == logged == aggregate_of and rows == aggregated


def read_state(warehouse):
    with pinned():
        version = warehouse.version().number
        with warehouse.session(read_only=True) as con:
            return version, list(con.execute(STATE_SQL).fetchone())


def records(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def loaded(warehouse, files):
    import_file(warehouse, files / "StockEtablissement_utf8.zip")
    import_file(warehouse, files / URSSAF)
    return warehouse


@pytest.fixture
def longer_stock(files, tmp_path):
    """The synthetic stock four times over: an import that lasts a few seconds."""
    rows = stock_rows(files)
    return write_csv(tmp_path / "stock.csv", rows + rows[1:] * 3), (len(rows) - 1) * 4


def test_readers_never_fail_while_an_import_publishes_a_new_version(loaded, longer_stock, tmp_path):
    """Reader processes (no Django, like another machine's app) and threads of the importing process
    query without pause during an import: no error, each read is the old or the new version whole,
    and every read started after the publication sees the new one."""
    path, new_rows = longer_stock
    old_version, old_state = read_state(loaded)
    assert consistent(old_state)
    stop = tmp_path / "stop"
    outputs = [tmp_path / f"reader-{n}.jsonl" for n in range(3)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    readers = [
        subprocess.Popen([sys.executable, "-c", READER, str(loaded.path), str(out), str(stop), STATE_SQL], env=env)
        for out in outputs
    ]
    thread_reads, thread_errors = [[], []], []

    def read_in_thread(reads):
        while not stop.exists():
            started = time.time()
            try:
                version, state = read_state(loaded)
                reads.append({"t": started, "version": version, "state": state})
            except Exception as error:  # noqa: BLE001 - every failure is the test's finding
                thread_errors.append(repr(error))
            time.sleep(0.005)

    threads = [threading.Thread(target=read_in_thread, args=(reads,)) for reads in thread_reads]
    try:
        for thread in threads:
            thread.start()
        wait_for(lambda: all(out.exists() and len(records(out)) >= 3 for out in outputs))
        import_started = time.time()
        report = import_file(loaded, path, synthetic=True)
        published = time.time()
        wait_for(lambda: all(sum(r["t"] > published for r in records(out)) >= 5 for out in outputs))
        wait_for(lambda: all(sum(r["t"] > published for r in reads) >= 5 for reads in thread_reads))
    finally:
        stop.touch()
        for thread in threads:
            thread.join(30)
        for reader in readers:
            reader.wait(30)

    assert report.rows_kept == new_rows and report.version == old_version + 1
    new_version, new_state = read_state(loaded)
    assert new_version == report.version and consistent(new_state) and new_state[0] == new_rows
    assert not thread_errors
    every = [records(out) for out in outputs] + thread_reads
    for reads in every:
        assert not [r["error"] for r in reads if "error" in r]
        seen = [(r["version"], r["state"]) for r in reads]
        assert set(map(repr, seen)) <= {repr((old_version, old_state)), repr((new_version, new_state))}
        versions = [v for v, _s in seen]
        assert versions == sorted(versions)  # old, then new: never back
        assert all(r["version"] == new_version for r in reads if r["t"] > published)
        # The readers kept reading the old version while the import ran.
        assert any(import_started < r["t"] < published and r["version"] == old_version for r in reads)


def test_a_request_reads_one_version_and_the_next_request_the_new_one(loaded, files):
    before = read_state(loaded)
    request_started.send(sender=None)
    try:
        first = loaded.version()
        published = []
        writer = threading.Thread(  # another context: another request, or another process
            target=lambda: published.append(import_file(loaded, files / "StockEtablissement_utf8.zip"))
        )
        writer.start()
        writer.join()
        assert published[0].version == first.number + 1
        assert loaded.version() == first  # still the version this request started with
        with loaded.session(read_only=True) as con:
            assert list(con.execute(STATE_SQL).fetchone()) == before[1]
    finally:
        request_finished.send(sender=None)
    request_started.send(sender=None)
    try:
        assert loaded.version().number == first.number + 1
        with loaded.session(read_only=True) as con:
            assert con.execute(STATE_SQL).fetchone()[2] == published[0].import_id
    finally:
        request_finished.send(sender=None)


def test_the_provenance_page_shows_a_new_import_at_the_next_request(client, loaded, files, settings):
    settings.WAREHOUSE_PATH = loaded.path
    assert "geo_siret_25.csv.gz" not in client.get("/donnees/").content.decode()
    import_file(loaded, files / "geo_siret_25.csv.gz")
    assert "geo_siret_25.csv.gz" in client.get("/donnees/").content.decode()


HOLDER = """
import sys, time
from pathlib import Path
from tindus.warehouse.store import Warehouse
with Warehouse(Path(sys.argv[1])).new_version():
    Path(sys.argv[2]).touch()
    while not Path(sys.argv[3]).exists():
        time.sleep(0.05)
"""


def test_a_second_writer_is_told_who_writes_and_waits_or_refuses(warehouse, tmp_path):
    holding, release = tmp_path / "holding", tmp_path / "release"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse.path), str(holding), str(release)])
    try:
        wait_for(holding.exists)
        impatient = Warehouse(warehouse.path, lock_wait=0)
        with pytest.raises(WarehouseBusyError) as error, impatient.session():
            pass
        assert error.value.holder.pid == holder.pid
        told = []
        patient = Warehouse(warehouse.path, lock_wait=60)
        threading.Timer(0.5, release.touch).start()
        with patient.new_version(on_wait=told.append) as draft:
            draft.con.execute("CREATE TABLE marks AS SELECT 'written after the wait' AS value")
        assert [h.pid for h in told] == [holder.pid]
    finally:
        release.touch()
        holder.wait(30)
    with warehouse.session(read_only=True) as con:
        assert con.execute("SELECT value FROM marks").fetchone()[0] == "written after the wait"


def test_threads_of_one_process_write_one_after_the_other(warehouse):
    errors = []

    def write(n):
        try:
            with warehouse.session() as con:
                con.execute("CREATE TABLE IF NOT EXISTS marks (value VARCHAR)")
                con.execute("INSERT INTO marks VALUES (?)", [f"thread-{n}"])
                time.sleep(0.2)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with warehouse.session(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM marks").fetchone()[0] == 3


def test_the_command_refuses_while_another_import_writes(warehouse, files, tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.WAREHOUSE_PATH = warehouse.path
    holding, release = tmp_path / "holding", tmp_path / "release"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse.path), str(holding), str(release)])
    try:
        wait_for(holding.exists)
        before = warehouse.version()
        with pytest.raises(CommandError) as error:
            call_command("data", "import", str(files / URSSAF), "--no-wait")
        assert str(holder.pid) in str(error.value)
        assert warehouse.version() == before
    finally:
        release.touch()
        holder.wait(30)


def published_files(warehouse):
    return sorted(p.name for p in warehouse.versions.folder.iterdir() if p.name != "write.lock")


def test_a_failed_import_publishes_nothing(loaded, files, tmp_path, monkeypatch):
    from tindus.warehouse import importer

    before, listing = read_state(loaded), published_files(loaded)
    broken = write_csv(tmp_path / "broken.csv", [r[:20] for r in stock_rows(files)])
    with pytest.raises(DataFileError) as error:
        import_file(loaded, broken)
    assert error.value.path.name == "broken.csv" and error.value.line == 1
    monkeypatch.setattr(importer, "ESTABLISHMENT_INSERT", "INSERT INTO establishment SELECT 1/0")
    with pytest.raises(duckdb.Error):
        import_file(loaded, files / "StockEtablissement_utf8.zip")
    assert read_state(loaded) == before
    assert published_files(loaded) == listing  # no draft left, no new version


def test_a_batch_is_one_version_and_a_failure_in_it_publishes_nothing(loaded, files, tmp_path):
    before = read_state(loaded)
    truncated = tmp_path / "geo_siret_25.csv.gz"
    truncated.write_bytes((files / "geo_siret_25.csv.gz").read_bytes()[:1000])
    with pytest.raises(DataFileError), loaded.new_version():
        import_file(loaded, files / "StockUniteLegale_utf8.zip")
        import_file(loaded, truncated)
    assert read_state(loaded) == before
    with loaded.new_version() as draft:
        first = import_file(loaded, files / "StockUniteLegale_utf8.zip")
        second = import_file(loaded, files / "geo_siret_25.csv.gz")
    assert first.version == second.version == draft.published.number == before[0] + 1


def test_a_killed_writer_leaves_the_current_version_and_its_draft_goes(loaded, longer_stock):
    path, _rows = longer_stock
    before = read_state(loaded)
    script = (
        "import django, sys; django.setup(); from pathlib import Path; "
        "from tindus.warehouse.store import Warehouse; from tindus.warehouse.importer import import_file; "
        "import_file(Warehouse(Path(sys.argv[1])), Path(sys.argv[2]), synthetic=True)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tindus.config.settings"}
    process = subprocess.Popen([sys.executable, "-c", script, str(loaded.path), str(path)], env=env)
    try:
        wait_for(lambda: any(p.name.startswith("draft-") for p in loaded.versions.folder.iterdir()))
        time.sleep(0.3)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert read_state(loaded) == before
    assert any(name.startswith("draft-") for name in published_files(loaded))
    report = import_file(Warehouse(loaded.path, lock_wait=5), path, synthetic=True)  # the lock died with it
    assert report.version == before[0] + 1
    assert not any(name.startswith("draft-") for name in published_files(loaded))


LEGACY = """
import os, sys, duckdb
from tindus.warehouse.store import SCHEMA
con = duckdb.connect(sys.argv[1])
con.execute(SCHEMA)
con.execute("INSERT INTO establishment (siret) SELECT 'x' || range FROM range(10)")
con.close()
con = duckdb.connect(sys.argv[1])
con.execute("SET checkpoint_threshold='10GB'")
con.execute("INSERT INTO establishment (siret) SELECT 'wal' || range FROM range(5)")
os._exit(0)  # killed before its checkpoint: the last rows are only in the write-ahead log
"""


def test_a_single_file_warehouse_becomes_version_one_on_first_use(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    subprocess.run([sys.executable, "-c", LEGACY, str(path)], check=True)
    assert Path(f"{path}.wal").exists() and not path.is_symlink()
    warehouse = Warehouse(path)
    with warehouse.session(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM establishment").fetchone()[0] == 15
    assert path.is_symlink() and warehouse.version().number == 1
    assert not Path(f"{path}.wal").exists()
    with warehouse.session() as con:
        con.execute("DELETE FROM establishment WHERE siret LIKE 'wal%'")
    assert warehouse.version().number == 2
    with duckdb.connect(str(path), read_only=True) as con:  # the usual path still opens, read-only
        assert con.execute("SELECT count(*) FROM establishment").fetchone()[0] == 10


def test_a_single_file_warehouse_is_migrated_by_its_first_writer(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    subprocess.run([sys.executable, "-c", LEGACY.replace("os._exit(0)", "con.close()"), str(path)], check=True)
    assert not Path(f"{path}.wal").exists() and not path.is_symlink()
    warehouse = Warehouse(path)
    with warehouse.session() as con:
        con.execute("INSERT INTO establishment (siret) VALUES ('y')")
    assert [v.number for v in warehouse.versions.published()] == [1, 2]
    with warehouse.session(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM establishment").fetchone()[0] == 16


HOLD_VERSION = """
import sys, time, duckdb
from pathlib import Path
con = duckdb.connect(sys.argv[1], read_only=True)
Path(sys.argv[2]).touch()
while not Path(sys.argv[3]).exists():
    time.sleep(0.05)
"""


def write_something(warehouse, n=1):
    for _ in range(n):
        with warehouse.session() as con:
            con.execute("INSERT INTO import_log (dataset, source, file, synthetic) VALUES ('x', 'x', 'x', true)")


def test_old_versions_go_unless_recent_or_still_read(tmp_path):
    warehouse = Warehouse(tmp_path / "warehouse.duckdb", keep=2, grace=0)
    write_something(warehouse, 5)
    assert [v.number for v in warehouse.versions.published()] == [4, 5]
    reading, release = tmp_path / "reading", tmp_path / "release"
    held = warehouse.version().path
    reader = subprocess.Popen([sys.executable, "-c", HOLD_VERSION, str(held), str(reading), str(release)])
    try:
        wait_for(reading.exists)
        write_something(warehouse, 3)
        assert [v.number for v in warehouse.versions.published()] == [5, 7, 8]  # 5 is still read
    finally:
        release.touch()
        reader.wait(30)
    write_something(warehouse)
    assert [v.number for v in warehouse.versions.published()] == [8, 9]
    patient = Warehouse(warehouse.path, keep=2, grace=3600)
    write_something(patient, 2)
    assert [v.number for v in warehouse.versions.published()] == [8, 9, 10, 11]  # superseded too recently


def test_published_versions_are_not_written_in_place(warehouse):
    version = warehouse.version()
    assert version.path.stat().st_mode & 0o222 == 0
    assert warehouse.path.is_symlink() and warehouse.path.resolve() == version.path
    with pytest.raises(ValueError, match="never in place"):
        warehouse.connect(read_only=False)


def test_reference_data_already_there_makes_no_new_version(warehouse):
    before = warehouse.version()
    sync_reference(warehouse)
    assert warehouse.version() == before
    with warehouse.session() as con:
        con.execute("UPDATE ref_naf SET label = 'changé' WHERE naf = '25.62A'")
    sync_reference(warehouse)  # what the warehouse holds differs from the app's reference data
    assert warehouse.version().number == before.number + 2
    with warehouse.session(read_only=True) as con:
        assert con.execute("SELECT label FROM ref_naf WHERE naf = '25.62A'").fetchone()[0] != "changé"
