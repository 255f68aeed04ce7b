"""`tindus backup` then `tindus restore` on SQLite gives back every row of every table, the warehouse's
contents and every uploaded file, after all of them changed; what the restore replaced is kept beside."""

import pytest

from tests.backups.conftest import Site, manifest_of, sqlite_rows

pytestmark = pytest.mark.xdist_group("backups-processes")


def test_a_restore_gives_back_everything_the_backup_held(site):
    rows, warehouse, media = sqlite_rows(site.database), site.warehouse(), site.media()
    assert rows["plan_project"] and rows["auditlog_logentry"] and rows["territories_comment"]
    assert warehouse["establishment"] and "jobs/.partial/unfinished.part" in media

    backup = site.backup()
    site.run("mutate()")
    assert sqlite_rows(site.database) != rows and site.warehouse() != warehouse and site.media() != media

    done = site.restore(backup)

    assert sqlite_rows(site.database) == rows
    assert site.warehouse() == warehouse
    # Every uploaded file, byte for byte; the file a job was still writing is not part of a backup.
    assert site.media() == {name: data for name, data in media.items() if not name.startswith("jobs/.partial/")}
    kept = [line for line in done.stdout.splitlines() if "kept" in line]
    assert kept and "before-restore" in kept[0]
    before = next(site.folder.glob("tindus.sqlite3.before-restore-*"))
    assert sqlite_rows(before)["auth_user"] != rows["auth_user"]  # the state it replaced, with the later account
    assert (next(site.var.glob("media.before-restore-*")) / "nouveau" / "fichier.txt").read_bytes() == b"new"


def test_the_manifest_lists_versions_migrations_and_checksums(site):
    backup = site.backup()
    manifest = manifest_of(backup)
    assert manifest["database"]["vendor"] == "sqlite"
    assert "0001_initial" in manifest["database"]["migrations"]["plan"]
    assert manifest["warehouse"]["version"] == 1
    assert {f["name"] for f in manifest["files"]} == {"database.sqlite3", "warehouse.duckdb", "media.tar"}
    assert all(len(f["sha256"]) == 64 and f["size"] == (backup / f["name"]).stat().st_size for f in manifest["files"])
    media = {f["name"]: f for f in manifest["media"]["files"]}
    assert any(name.startswith("plan/") or "etude" in name for name in media)
    assert not any(".partial" in name for name in media)


def test_the_restored_warehouse_is_a_new_version_readers_switch_to(site):
    backup = site.backup()
    site.run("mutate()")
    site.restore(backup)
    link = site.var / "warehouse.duckdb"
    assert link.resolve().name == "000003.duckdb"  # 1: backed up, 2: changed after, 3: restored
    assert (site.var / "warehouse.versions" / "000002.duckdb").exists()  # the replaced one stays a while


def test_a_backup_never_leaves_a_half_written_folder(site):
    (site.folder / "plein").mkdir()
    (site.folder / "plein" / "autre.txt").write_text("x")
    done = site.tindus("backup", str(site.folder / "plein"), ok=False)
    assert done.returncode != 0 and "not empty" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in site.folder.iterdir() if p.name.startswith(".")) == []


def test_a_backup_restores_onto_a_new_machine(site, tmp_path):
    rows, warehouse, media = sqlite_rows(site.database), site.warehouse(), site.media()
    backup = site.backup()
    new = Site(f"sqlite:///{tmp_path / 'nouvelle' / 'donnees' / 'tindus.sqlite3'}", tmp_path / "nouvelle")
    done = new.restore(backup)
    assert sqlite_rows(tmp_path / "nouvelle" / "donnees" / "tindus.sqlite3") == rows
    assert new.warehouse() == warehouse
    assert new.media() == {k: v for k, v in media.items() if not k.startswith("jobs/.partial/")}
    assert "kept" not in done.stdout  # nothing was there to keep
