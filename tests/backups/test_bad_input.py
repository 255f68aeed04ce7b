"""A restore refuses a truncated or damaged backup, one from a newer schema or another engine, with a
message naming the file and the reason, a non-zero exit status, and nothing changed."""

import hashlib
import json
import shutil
import subprocess
import tarfile

import pytest

from tests.backups.conftest import TINDUS, Site, manifest_of, sqlite_rows

pytestmark = pytest.mark.xdist_group("backups-processes")


@pytest.fixture(scope="module")
def prepared(sqlite_template, tmp_path_factory):
    """An installation with a backup, changed since (made once, copied for each test)."""
    folder = tmp_path_factory.mktemp("prepared")
    shutil.copy(sqlite_template, folder / "tindus.sqlite3")
    site = Site(f"sqlite:///{folder / 'tindus.sqlite3'}", folder)
    site.run("populate()")
    site.backup()
    site.run("mutate()")
    return folder


@pytest.fixture
def changed(prepared, tmp_path):
    """A backup, then an installation that changed since: a refused restore must leave it as it is now."""
    folder = tmp_path / "site"
    shutil.copytree(prepared, folder, symlinks=True)
    site = Site(f"sqlite:///{folder / 'tindus.sqlite3'}", folder)
    site.database = folder / "tindus.sqlite3"
    site.state = lambda: (sqlite_rows(site.database), site.warehouse(), site.media(),
                          (site.var / "warehouse.duckdb").resolve().name)  # fmt: skip
    site.before = site.state()
    return site, folder / "sauvegarde"


def refused(site, backup):
    done = site.restore(backup, ok=False)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "Restore refused, nothing was changed" in done.stderr
    assert site.state() == site.before
    assert not list(site.folder.glob("*.before-restore-*")) and not list(site.var.glob("*.restore-*"))
    return done.stderr


def test_a_truncated_archive_is_refused(changed):
    site, backup = changed
    archive = backup / "media.tar"
    archive.write_bytes(archive.read_bytes()[:700])
    message = refused(site, backup)
    assert str(archive) in message and "truncated" in message and "700 bytes" in message


def test_a_truncated_database_is_refused(changed):
    site, backup = changed
    database = backup / "database.sqlite3"
    database.write_bytes(database.read_bytes()[:4096])
    message = refused(site, backup)
    assert str(database) in message and "truncated" in message


def test_a_file_whose_checksum_differs_is_refused(changed):
    site, backup = changed
    database = backup / "database.sqlite3"
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte changed
    database.write_bytes(bytes(data))
    message = refused(site, backup)
    assert str(database) in message and "SHA-256" in message


def test_a_backup_from_a_newer_schema_is_refused(changed):
    site, backup = changed
    manifest = manifest_of(backup)
    manifest["tindus_version"] = "9.0.0"
    manifest["database"]["migrations"]["plan"].append("0099_from_the_future")
    (backup / "manifest.json").write_text(json.dumps(manifest))
    message = refused(site, backup)
    assert "newer version of Tindus (9.0.0" in message and "plan.0099_from_the_future" in message


def test_a_backup_of_another_engine_is_refused(changed):
    site, backup = changed
    manifest = manifest_of(backup)
    manifest["database"]["vendor"] = "postgresql"
    (backup / "manifest.json").write_text(json.dumps(manifest))
    message = refused(site, backup)
    assert "postgresql database" in message and "uses sqlite" in message and "dumpdata" in message


def test_a_folder_without_manifest_is_refused(changed):
    site, backup = changed
    (backup / "manifest.json").unlink()
    message = refused(site, backup)
    assert "manifest.json is missing" in message


def test_an_archive_damaged_inside_is_refused_even_with_a_matching_checksum(changed):
    """A tar cut short when it was written (its manifest entry made from the cut file): read, it fails."""
    site, backup = changed
    archive = backup / "media.tar"
    with tarfile.open(archive) as tar:
        first = next(m for m in tar.getmembers() if m.isfile())
    archive.write_bytes(archive.read_bytes()[: first.offset_data + 2])
    manifest = manifest_of(backup)
    entry = next(f for f in manifest["files"] if f["name"] == "media.tar")
    entry["size"], entry["sha256"] = archive.stat().st_size, hashlib.sha256(archive.read_bytes()).hexdigest()
    (backup / "manifest.json").write_text(json.dumps(manifest))
    message = refused(site, backup)
    assert str(archive) in message and "cannot be read as an archive" in message


def test_a_restore_while_an_import_writes_the_warehouse_is_refused(changed):
    site, backup = changed
    # Another process holds the warehouse's write lock for the time of the restore.
    code = ("import sys; from tindus.warehouse.services import get_warehouse; "
            "w = get_warehouse(); lock = w.versions.lock(wait=10); lock.__enter__(); print('held', flush=True); "
            "sys.stdin.readline()")  # fmt: skip
    writer = subprocess.Popen([TINDUS, "shell", "-c", code], env=site.env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert "held" in [writer.stdout.readline().strip() for _line in range(3)]
        message = refused(site, backup)
        assert "writing the warehouse" in message
    finally:
        writer.communicate("\n", timeout=60)


def test_a_failure_after_the_database_was_replaced_undoes_it(changed):
    """The uploaded files cannot take their place: the database already restored is put back as it was."""
    site, backup = changed
    code = (
        "import tindus.backups.media as m\n"
        "def fail(*args):\n    raise OSError('disk full')\n"
        "m.swap_folders = fail\n"
        "from pathlib import Path\nfrom tindus.backups.service import restore_backup\n"
        f"try:\n    restore_backup(Path({str(backup)!r}))\nexcept OSError as error:\n    print('failed:', error)\n"
    )
    out = site.tindus("shell", "-c", code).stdout
    assert "failed: disk full" in out
    assert site.state() == site.before
    assert not list(site.var.glob("*restore-*")) and not list(site.folder.glob("*restore-*"))


def test_check_reads_everything_and_changes_nothing(changed):
    site, backup = changed
    done = site.tindus("restore", str(backup), "--check")
    assert "complete and can be restored" in done.stdout
    assert site.state() == site.before
