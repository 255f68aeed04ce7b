"""``tindus backup`` and ``tindus restore``: the app database, the current warehouse version and the
uploaded files of one installation, with a manifest (:mod:`.compute.manifest`).

A restore checks everything before it changes anything: the manifest, the engine, the migrations, every
file's size and checksum. It then prepares the new state beside the live one (a database file or a
new PostgreSQL database, a media folder, a warehouse draft) and only then swaps, each swap undone if a
later one fails. What it replaced is kept beside, under a ``before-restore`` name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import tindus
from tindus.warehouse.services import get_warehouse, writer_description
from tindus.warehouse.versions import WarehouseBusyError

from . import media, postgres_db, sqlite_db, warehouse_copy
from .compute.manifest import (
    FileEntry,
    ManifestError,
    Problem,
    check_files,
    hash_file,
    read_manifest,
    unknown_migrations,
    write_manifest,
)

logger = logging.getLogger("tindus.backups")

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
WAREHOUSE_FILE = "warehouse.duckdb"
MEDIA_FILE = "media.tar"
Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the person, in their language."""


def _quiet(message: str) -> None:
    pass


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


# --- backup -----------------------------------------------------------------------------------------


def make_backup(folder: Path, say: Say = _quiet) -> dict[str, Any]:
    """Write a backup into the new (or empty) ``folder``; its manifest. The backup is written into a
    hidden folder beside, renamed ``folder`` once complete: ``folder`` is never half-written."""
    folder = folder.absolute()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(
            _("%(folder)s already exists and is not empty: give the backup a new folder.") % {"folder": folder}
        )
    partial = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        manifest = _write(partial, say)
        if folder.exists():
            folder.rmdir()
        os.rename(partial, folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def _write(folder: Path, say: Say) -> dict[str, Any]:
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(_("Backups handle SQLite and PostgreSQL databases, not %(vendor)s.") % {"vendor": vendor})
    database_file = folder / DATABASE_FILES[vendor]
    say(_("Copying the database (%(vendor)s)…") % {"vendor": vendor})
    if vendor == "sqlite":
        connection.ensure_connection()
        sqlite_db.dump(connection.connection, database_file)
        migrations = sqlite_db.applied_migrations(database_file)
    else:
        server = postgres_db.Server.from_settings(connection.settings_dict)
        migrations = postgres_db.applied_migrations(server, server.name)
        try:
            postgres_db.dump(server, database_file)
        except postgres_db.PostgresToolError as error:
            raise BackupError(_tool_message(error)) from None
    files = [hash_file(database_file)]

    say(_("Copying the warehouse…"))
    version = warehouse_copy.copy_current(get_warehouse(), folder / WAREHOUSE_FILE)
    if version is not None:
        files.append(hash_file(folder / WAREHOUSE_FILE))

    say(_("Copying the uploaded files…"))
    uploaded = media.archive(default_storage, folder / MEDIA_FILE)
    files.append(hash_file(folder / MEDIA_FILE))

    manifest = {
        "tindus_version": tindus.__version__,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "database": {"vendor": vendor, "file": database_file.name, "migrations": migrations},
        "warehouse": None if version is None else {"version": version, "file": WAREHOUSE_FILE},
        "media": {"file": MEDIA_FILE, "files": [entry.as_dict() for entry in uploaded]},
        "files": [entry.as_dict() for entry in files],
    }
    write_manifest(folder, manifest)
    return manifest


def _tool_message(error: postgres_db.PostgresToolError) -> str:
    if error.detail == "not found":
        return _(
            "%(tool)s was not found: install PostgreSQL's client programs (the same major version as the "
            "server, or newer), or give their folder in TINDUS_PG_BIN."
        ) % {"tool": error.tool}
    return _("%(tool)s failed: %(detail)s") % {"tool": error.tool, "detail": error.detail}


# --- checking a backup ------------------------------------------------------------------------------


@dataclass
class Checked:
    """A backup found sound and compatible with this installation."""

    folder: Path
    manifest: dict[str, Any]
    database: FileEntry
    warehouse: FileEntry | None
    media: FileEntry
    media_files: list[FileEntry]
    pending_migrations: int = 0


def _refused(reason: str) -> BackupError:
    return BackupError(_("Restore refused, nothing was changed: %(reason)s") % {"reason": reason})


def _manifest_reason(error: ManifestError, folder: Path) -> str:
    if error.kind == "no-folder":
        return _("%(folder)s is not a folder.") % {"folder": folder}
    if error.kind == "missing":
        return _("%(file)s is missing: this folder is not a backup, or the backup did not finish.") % {
            "file": folder / "manifest.json"
        }
    if error.kind == "newer-format":
        return _("%(file)s is of a newer backup format (%(format)s): restore it with a newer Tindus.") % {
            "file": folder / "manifest.json",
            "format": error.detail,
        }
    return _("%(file)s cannot be read (%(detail)s).") % {"file": folder / "manifest.json", "detail": error.detail}


def problem_reason(problem: Problem, folder: Path) -> str:
    values = {"file": folder / problem.name, "expected": problem.expected_size, "found": problem.found_size}
    if problem.kind == "missing":
        return _("%(file)s is missing.") % values
    if problem.kind == "truncated":
        return _("%(file)s is truncated (%(found)s bytes instead of %(expected)s): the copy is incomplete.") % values
    if problem.kind == "larger":
        return _("%(file)s has %(found)s bytes instead of %(expected)s: it was changed after the backup.") % values
    return _("%(file)s does not match its SHA-256 checksum: it is damaged or was changed after the backup.") % values


def known_migrations() -> tuple[set[tuple[str, str]], dict[tuple[str, str], list[tuple[str, str]]]]:
    """The migrations this code knows (its own and those its squashed migrations replace), and its own
    with what each replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    own = {key: [tuple(r) for r in migration.replaces] for key, migration in loader.disk_migrations.items()}
    known = set(own) | {r for replaces in own.values() for r in replaces}
    return known, own


def pending_migrations(applied: set[tuple[str, str]], own: dict[tuple[str, str], list[tuple[str, str]]]) -> int:
    """How many of this code's migrations a database with ``applied`` lacks (``tindus migrate`` applies them)."""
    return len([key for key, replaces in own.items()
                if key not in applied and not (replaces and all(r in applied for r in replaces))])  # fmt: skip


def check_backup(folder: Path, *, read_archive: bool = True) -> Checked:
    """Everything restore checks before changing anything; :class:`BackupError` says what is wrong."""
    folder = folder.absolute()
    try:
        manifest = read_manifest(folder)
        database = manifest["database"]
        vendor, database_name, migrations = database["vendor"], database["file"], database["migrations"]
        warehouse = manifest.get("warehouse")
        media_name = manifest["media"]["file"]
    except ManifestError as error:
        raise _refused(_manifest_reason(error, folder)) from None
    except (KeyError, TypeError):
        raise _refused(_manifest_reason(ManifestError("unreadable", "missing entries"), folder)) from None
    here = connections[DEFAULT_DB_ALIAS].vendor
    if vendor != here:
        raise _refused(
            _(
                "the backup holds a %(theirs)s database and this installation uses %(ours)s. Restore does not "
                "change engines: restore on a %(theirs)s installation, then move the data with dumpdata and "
                "loaddata (docs/backups-and-privacy.md)."
            )
            % {"theirs": vendor, "ours": here}
        )
    known, own = known_migrations()
    # As the worker does: an app this code does not have at all (removed since) is not a sign of a newer schema.
    apps = {app for app, _name in own}
    unknown = unknown_migrations({app: names for app, names in migrations.items() if app in apps}, known)
    if unknown:
        raise _refused(
            _(
                "the backup was made by a newer version of Tindus (%(theirs)s; this one is %(ours)s): its database "
                "has migrations this code does not know (%(names)s). Install that version to restore it."
            )
            % {
                "theirs": manifest.get("tindus_version", "?"),
                "ours": tindus.__version__,
                "names": ", ".join(unknown[:5]) + ("…" if len(unknown) > 5 else ""),
            }
        )
    entries = {entry.name: entry for entry in manifest["files"]}
    expected = [database_name, media_name] + ([warehouse["file"]] if warehouse else [])
    for name in expected:
        if name not in entries:
            raise _refused(_manifest_reason(ManifestError("unreadable", f"{name} is not listed"), folder))
    problems = list(check_files(folder, [entries[name] for name in expected]))
    if problems:
        reason = problem_reason(problems[0], folder)
        if len(problems) > 1:
            others = len(problems) - 1
            reason += " " + ngettext("%(n)s other file has a problem.", "%(n)s other files have a problem.",
                                     others) % {"n": others}  # fmt: skip
        raise _refused(reason)
    checked = Checked(
        folder=folder,
        manifest=manifest,
        database=entries[database_name],
        warehouse=entries[warehouse["file"]] if warehouse else None,
        media=entries[media_name],
        media_files=manifest["media"]["files"],
    )
    if read_archive:
        try:
            media.verify(folder / media_name, checked.media_files)
        except media.MediaArchiveError as error:
            raise _refused(_archive_reason(error, folder / media_name)) from None
    applied = {(app, name) for app, names in migrations.items() for name in names}
    checked.pending_migrations = pending_migrations(applied, own)
    return checked


def _archive_reason(error: media.MediaArchiveError, path: Path) -> str:
    if error.kind == "unreadable":
        return _("%(file)s cannot be read as an archive (%(detail)s): it is damaged or incomplete.") % {
            "file": path,
            "detail": error.detail or error.name,
        }
    if error.kind == "checksum":
        return _("%(file)s: the file %(name)s does not match its SHA-256 checksum.") % {
            "file": path,
            "name": error.name,
        }
    if error.kind == "missing":
        return _("%(file)s: the file %(name)s listed in the manifest is not in the archive.") % {
            "file": path,
            "name": error.name,
        }
    return _("%(file)s: the archive holds %(name)s, which the manifest does not list.") % {
        "file": path,
        "name": error.name,
    }


# --- restore ----------------------------------------------------------------------------------------


@dataclass
class Restored:
    """What a restore did: where the replaced state is kept, the warehouse version it published."""

    kept: list[str] = field(default_factory=list)
    warehouse_version: int | None = None
    media_files: int = 0
    pending_migrations: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "kept": self.kept,
            "warehouse_version": self.warehouse_version,
            "media_files": self.media_files,
            "pending_migrations": self.pending_migrations,
        }


class _Steps:
    """What has been prepared (removed at the end) and swapped (undone if a later step fails)."""

    def __init__(self) -> None:
        self.cleanups: list[Callable[[], None]] = []
        self.undos: list[Callable[[], None]] = []

    def undo(self) -> None:
        for step in reversed(self.undos):
            try:
                step()
            except Exception:
                logger.exception("A restore step could not be undone")

    def clean(self) -> None:
        for step in reversed(self.cleanups):
            try:
                step()
            except Exception:
                logger.exception("A temporary file of the restore could not be removed")


def restore_backup(folder: Path, say: Say = _quiet) -> Restored:
    """Restore the backup in ``folder`` over this installation, all or nothing."""
    say(_("Checking the backup…"))
    checked = check_backup(folder, read_archive=False)
    stamp = _stamp()
    steps = _Steps()
    done = Restored(pending_migrations=checked.pending_migrations, media_files=len(checked.media_files))
    try:
        say(_("Preparing the database…"))
        swap_database = _prepare_database(checked, stamp, steps, done)
        say(_("Preparing the uploaded files…"))
        swap_media = _prepare_media(checked, stamp, steps, done)
        with _warehouse_draft(checked) as draft:
            say(_("Replacing the database, the uploaded files and the warehouse…"))
            swap_database()
            swap_media()
        if draft is not None and draft.published is not None:
            done.warehouse_version = draft.published.number
    except BaseException:
        steps.undo()
        raise
    finally:
        steps.clean()
    return done


@contextlib.contextmanager
def _warehouse_draft(checked: Checked):
    if checked.warehouse is None:
        yield None
        return
    path = checked.folder / checked.warehouse.name
    try:
        with warehouse_copy.restoring(get_warehouse(), path) as draft:
            yield draft
    except WarehouseBusyError as error:
        raise _refused(
            _("%(writer)s: wait until it ends, then restore again.") % {"writer": writer_description(error.holder)}
        ) from None
    except duckdb.Error as error:
        raise _refused(
            _("%(file)s cannot be opened by DuckDB (%(detail)s).") % {"file": path, "detail": error}
        ) from None


def _prepare_database(checked: Checked, stamp: str, steps: _Steps, done: Restored) -> Callable[[], None]:
    """Restore the backup's database beside the live one; the step that then swaps them."""
    connection = connections[DEFAULT_DB_ALIAS]
    source = checked.folder / checked.database.name
    if connection.vendor == "sqlite":
        live = Path(connection.settings_dict["NAME"])
        staged = live.with_name(f"{live.name}.restore-{stamp}")
        live.parent.mkdir(parents=True, exist_ok=True)  # a new machine
        shutil.copyfile(source, staged)
        steps.cleanups.append(lambda: sqlite_db.remove(staged))
        problem = sqlite_db.check(staged)
        if problem:
            raise _refused(
                _("%(file)s is not a sound SQLite database (%(detail)s).") % {"file": source, "detail": problem}
            )

        def swap() -> None:
            had_one = live.exists() and live.stat().st_size > 0
            connection.ensure_connection()
            raw = connection.connection
            kept = live.with_name(f"{live.name}.before-restore-{stamp}")
            if had_one:
                sqlite_db.dump(raw, kept)
                done.kept.append(str(kept))

                def undo() -> None:
                    sqlite_db.copy_into(kept, raw)
                    sqlite_db.remove(kept)

                steps.undos.append(undo)
            sqlite_db.copy_into(staged, raw)

        return swap

    server = postgres_db.Server.from_settings(connection.settings_dict)
    base = server.name[:40]
    restored, kept = f"{base}_restore_{stamp.replace('-', '_')}", f"{base}_before_{stamp.replace('-', '_')}"
    try:
        postgres_db.restore_new(server, source, restored)
    except postgres_db.PostgresToolError as error:
        raise _refused(f"{source}: {_tool_message(error)}") from None
    state = {"swapped": False}
    steps.cleanups.append(lambda: None if state["swapped"] else postgres_db.drop(server, restored))

    def swap() -> None:
        connections.close_all()
        try:
            had_one = postgres_db.swap(server, restored, kept)
        except postgres_db.BusyDatabaseError as error:
            raise _refused(
                ngettext(
                    "%(n)s other session uses the database %(name)s: stop the app and the task workers, then "
                    "restore again.",
                    "%(n)s other sessions use the database %(name)s: stop the app and the task workers, then "
                    "restore again.",
                    error.sessions,
                )
                % {"n": error.sessions, "name": error.name}
            ) from None
        state["swapped"] = True
        if had_one:
            done.kept.append(kept)

            def undo() -> None:
                connections.close_all()
                postgres_db.unswap(server, restored, kept)
                state["swapped"] = False

            steps.undos.append(undo)

    return swap


def _prepare_media(checked: Checked, stamp: str, steps: _Steps, done: Restored) -> Callable[[], None]:
    """Extract the uploaded files beside the live folder (checked file by file); the step that swaps."""
    archive = checked.folder / checked.media.name
    if not media.is_folder_storage(default_storage):
        try:
            media.verify(archive, checked.media_files)
        except media.MediaArchiveError as error:
            raise _refused(_archive_reason(error, archive)) from None
        return lambda: media.write_to_storage(archive, checked.media_files, default_storage)
    live = Path(settings.MEDIA_ROOT)
    staged = live.with_name(f".{live.name}.restore-{stamp}")
    live.parent.mkdir(parents=True, exist_ok=True)
    steps.cleanups.append(lambda: shutil.rmtree(staged, ignore_errors=True))
    try:
        media.extract(archive, checked.media_files, staged)
    except media.MediaArchiveError as error:
        raise _refused(_archive_reason(error, archive)) from None
    kept = live.with_name(f"{live.name}.before-restore-{stamp}")

    def swap() -> None:
        if media.swap_folders(staged, live, kept):
            done.kept.append(str(kept))
            steps.undos.append(lambda: media.unswap_folders(staged, live, kept))
        else:
            steps.undos.append(lambda: media.unswap_folders(staged, live, None))

    return swap
