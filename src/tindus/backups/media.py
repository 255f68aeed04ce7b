"""Uploaded files and job results: read through Django's storage (a folder, or an S3-compatible store)
into one tar archive, each file listed with its size and SHA-256; restored into a new folder beside
``MEDIA_ROOT`` that then takes its place (or, on another store, written back through the storage)."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage

from .compute.manifest import FileEntry, HashingReader

# Files being written by a job (renamed into place when complete): never part of a backup.
SKIPPED_FOLDERS = {".partial"}


class MediaArchiveError(Exception):
    """The media archive cannot be read, or a file in it differs from the manifest: ``name`` and ``kind``
    (unreadable, unexpected, missing, checksum, unsafe)."""

    def __init__(self, kind: str, name: str = "", detail: str = "") -> None:
        self.kind = kind
        self.name = name
        self.detail = detail
        super().__init__(f"{kind} {name} {detail}".strip())


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file of the storage, by name, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        if name not in SKIPPED_FOLDERS:
            yield from walk(storage, f"{folder}/{name}" if folder else name)


def archive(storage: Storage, target: Path, on_file: Callable[[str], None] | None = None) -> list[FileEntry]:
    """Write every file of ``storage`` into the tar archive ``target``; their sizes and checksums."""
    entries = []
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in walk(storage):
            try:
                size = storage.size(name)
                source = storage.open(name, "rb")
            except FileNotFoundError:  # deleted since it was listed
                continue
            with source:
                reader = HashingReader(source)
                info = tarfile.TarInfo(name)
                info.size = size
                info.mode = 0o644
                try:
                    info.mtime = int(storage.get_modified_time(name).timestamp())
                except (NotImplementedError, OSError):
                    info.mtime = 0
                tar.addfile(info, reader)
            entries.append(FileEntry(name, reader.size, reader.sha256))
            if on_file:
                on_file(name)
    return entries


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def members(
    archive_path: Path, expected: list[FileEntry]
) -> Iterator[tuple[FileEntry, tarfile.TarFile, tarfile.TarInfo]]:
    """Each file of the archive with its manifest entry, checked: no file the manifest does not list,
    no path outside the folder, nothing missing (the checksum is checked as the file is copied)."""
    by_name = {entry.name: entry for entry in expected}
    seen = set()
    try:
        with tarfile.open(archive_path, "r:") as tar:
            for info in tar:
                if not info.isfile():
                    continue
                if not _safe_name(info.name):
                    raise MediaArchiveError("unsafe", info.name)
                entry = by_name.get(info.name)
                if entry is None:
                    raise MediaArchiveError("unexpected", info.name)
                seen.add(info.name)
                yield entry, tar, info
    except (tarfile.TarError, EOFError, OSError) as error:
        raise MediaArchiveError("unreadable", archive_path.name, str(error)) from None
    missing = sorted(set(by_name) - seen)
    if missing:
        raise MediaArchiveError("missing", missing[0])


def _copy_checked(tar: tarfile.TarFile, info: tarfile.TarInfo, entry: FileEntry, write: Callable) -> None:
    source = tar.extractfile(info)
    if source is None:
        raise MediaArchiveError("unreadable", info.name)
    reader = HashingReader(source)
    try:
        write(reader)
    except (tarfile.TarError, EOFError) as error:  # the archive ends inside this file
        raise MediaArchiveError("unreadable", info.name, str(error)) from None
    if reader.size != entry.size or reader.sha256 != entry.sha256:
        raise MediaArchiveError("checksum", info.name)


def extract(archive_path: Path, expected: list[FileEntry], target: Path) -> None:
    """Extract the archive into the new folder ``target``, every file checked against the manifest."""
    target.mkdir(parents=True)
    for entry, tar, info in members(archive_path, expected):
        path = target / entry.name
        path.parent.mkdir(parents=True, exist_ok=True)

        def write(reader: HashingReader, path: Path = path) -> None:
            with open(path, "wb") as out:
                shutil.copyfileobj(reader, out, 1 << 20)

        _copy_checked(tar, info, entry, write)


def verify(archive_path: Path, expected: list[FileEntry]) -> None:
    """Read the whole archive and check every file against the manifest, writing nothing."""
    for entry, tar, info in members(archive_path, expected):
        _copy_checked(tar, info, entry, lambda reader: shutil.copyfileobj(reader, _Sink(), 1 << 20))


class _Sink:
    def write(self, data: bytes) -> int:
        return len(data)


def is_folder_storage(storage: Storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def swap_folders(new: Path, live: Path, keep_as: Path) -> bool:
    """``new`` takes the place of ``live``, which is renamed ``keep_as``; True if there was one to keep."""
    existed = live.exists()
    if existed:
        os.rename(live, keep_as)
    try:
        os.rename(new, live)
    except BaseException:
        if existed:
            os.rename(keep_as, live)
        raise
    return existed


def unswap_folders(new: Path, live: Path, kept: Path | None) -> None:
    os.rename(live, new)
    if kept is not None:
        os.rename(kept, live)


def write_to_storage(archive_path: Path, expected: list[FileEntry], storage: Storage) -> None:
    """Another store than a folder (S3): every file of the backup is written back through the storage,
    replacing the file of the same name; files the backup does not have are left in place."""
    for entry, tar, info in members(archive_path, expected):
        with tempfile.SpooledTemporaryFile(max_size=1 << 24) as buffer:
            _copy_checked(tar, info, entry, lambda reader, out=buffer: shutil.copyfileobj(reader, out, 1 << 20))
            buffer.seek(0)
            if storage.exists(entry.name):
                storage.delete(entry.name)
            saved = storage.save(entry.name, File(buffer, name=entry.name))
        if saved != entry.name:
            raise MediaArchiveError("unexpected", saved)
