"""Result files of jobs: written aside, then moved into place in one step.

A worker killed while writing leaves only a ``.part`` file in ``jobs/.partial/`` (removed when the job
runs again, or by the daily purge), never a half-written result under the job's own folder. On a
storage without local paths (an S3-compatible store through django-storages), the file is written to a
local temporary file and saved in one request, which such stores apply whole or not at all.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename

JOBS_DIR = "jobs"
PARTIAL_DIR = f"{JOBS_DIR}/.partial"


def result_name(job_id: object, filename: str) -> str:
    """Where a job's result file lives in the storage: the same name at every attempt."""
    return f"{JOBS_DIR}/{job_id}/{get_valid_filename(filename)}"


def _local_path(name: str) -> Path | None:
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        return None


@contextmanager
def atomic_result(name: str, partial_tag: str, *, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
    """Open a file to write the result ``name``; it appears under that name only once complete."""
    final = _local_path(name)
    if final is None:
        with tempfile.TemporaryFile() as raw:
            out = raw if binary else io.TextIOWrapper(raw, encoding=encoding, newline="")
            yield out
            out.flush()
            raw.seek(0)
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, File(raw))
            if not binary:
                out.detach()
        return
    partial_dir = _local_path(PARTIAL_DIR)
    partial_dir.mkdir(parents=True, exist_ok=True)
    partial = partial_dir / f"{partial_tag}.part"
    mode = "wb" if binary else "w"
    try:
        with open(partial, mode, **({} if binary else {"encoding": encoding, "newline": ""})) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, final)
    except BaseException:
        with suppress(FileNotFoundError):
            partial.unlink()
        raise


def remove_partials(prefix: str, older_than: float | None = None) -> int:
    """Remove the ``.part`` files whose name starts with ``prefix`` (all of them with ``""``), optionally
    only those last written more than ``older_than`` seconds ago. Returns how many were removed."""
    partial_dir = _local_path(PARTIAL_DIR)
    if partial_dir is None or not partial_dir.is_dir():
        return 0
    removed = 0
    now = time.time()
    for path in partial_dir.glob(f"{prefix}*.part"):
        with suppress(FileNotFoundError):
            if older_than is None or now - path.stat().st_mtime > older_than:
                path.unlink()
                removed += 1
    return removed


def delete_result(name: str) -> None:
    """Delete a result file and, on a local storage, its folder once empty."""
    if not name:
        return
    with suppress(FileNotFoundError):
        default_storage.delete(name)
    folder = _local_path(name.rsplit("/", 1)[0])
    if folder is not None:
        with suppress(OSError):
            folder.rmdir()


def result_available(job) -> bool:
    """Whether the job's result file is still kept (the purge, or a storage lost, may have removed it)."""
    return bool(job.result_file) and default_storage.exists(job.result_file.name)
