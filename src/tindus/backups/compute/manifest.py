"""A backup's manifest and the checks of its files (no Django import).

A backup is a folder::

    manifest.json       what the backup holds: versions, migrations, and every file with size and SHA-256
    database.sqlite3    the app database (SQLite), or database.pgdump (PostgreSQL, pg_dump custom format)
    warehouse.duckdb    the warehouse version that was current (absent when there was no warehouse)
    media.tar           the uploaded files and job results (each also listed with its own size and SHA-256)

The manifest is written last: a folder without one is an unfinished backup.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

FORMAT = 1
MANIFEST_NAME = "manifest.json"
CHUNK = 1 << 20


@dataclass(frozen=True)
class FileEntry:
    """One file of a backup (``name`` relative to the backup's folder) or of its media archive."""

    name: str
    size: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileEntry:
        return cls(str(data["name"]), int(data["size"]), str(data["sha256"]))


@dataclass(frozen=True)
class Problem:
    """What is wrong with one file: ``kind`` is missing, truncated, larger or checksum."""

    name: str
    kind: str
    expected_size: int = 0
    found_size: int = 0


class ManifestError(Exception):
    """The manifest is missing, unreadable or of a newer format: ``kind`` says which."""

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"{kind}: {detail}" if detail else kind)


def hash_file(path: Path) -> FileEntry:
    """Size and SHA-256 of a file, read by chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return FileEntry(path.name, size, digest.hexdigest())


class HashingReader:
    """Wraps a binary file: counts and hashes what is read through it (a file copied into an archive)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


def check_file(folder: Path, entry: FileEntry) -> Problem | None:
    """Is ``entry`` in ``folder`` whole and identical to what the backup wrote?"""
    path = folder / entry.name
    if not path.is_file():
        return Problem(entry.name, "missing", entry.size)
    size = path.stat().st_size
    if size < entry.size:
        return Problem(entry.name, "truncated", entry.size, size)
    if size > entry.size:
        return Problem(entry.name, "larger", entry.size, size)
    if hash_file(path).sha256 != entry.sha256:
        return Problem(entry.name, "checksum", entry.size, size)
    return None


def check_files(folder: Path, entries: list[FileEntry]) -> Iterator[Problem]:
    for entry in entries:
        problem = check_file(folder, entry)
        if problem is not None:
            yield problem


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest (last: its presence says the backup is complete), flushed to disk."""
    path = folder / MANIFEST_NAME
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"format": FORMAT, **manifest}, out, indent=2, ensure_ascii=False, sort_keys=True)
        out.write("\n")
        out.flush()
        _fsync(out)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the backup in ``folder``; :class:`ManifestError` if there is none usable."""
    if not folder.is_dir():
        raise ManifestError("no-folder", str(folder))
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise ManifestError("missing", str(path))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ManifestError("unreadable", str(error)) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise ManifestError("unreadable", "no format number")
    if manifest["format"] > FORMAT:
        raise ManifestError("newer-format", str(manifest["format"]))
    try:
        manifest["files"] = [FileEntry.from_dict(f) for f in manifest.get("files", [])]
        media = manifest.get("media") or {}
        media["files"] = [FileEntry.from_dict(f) for f in media.get("files", [])]
        manifest["media"] = media
    except (KeyError, TypeError, ValueError) as error:
        raise ManifestError("unreadable", f"file list: {error}") from None
    return manifest


def unknown_migrations(backup: dict[str, list[str]], known: set[tuple[str, str]]) -> list[str]:
    """The migrations applied in the backup that this code does not know (``app.name``): made by a newer
    version of Tindus or of one of its libraries."""
    return sorted(f"{app}.{name}" for app, names in backup.items() for name in names if (app, name) not in known)


def _fsync(out: IO) -> None:
    os.fsync(out.fileno())
