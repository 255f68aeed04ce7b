"""Files a job reads (an uploaded workbook): saved in the storage before the job is queued, so that a
worker on any machine finds them, and deleted once the job is done with them (or by the daily purge)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from contextlib import suppress

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

INPUTS_DIR = "jobs/inputs"


def save_input(upload: File, filename: str | None = None) -> str:
    """Save an uploaded file for a job; its name in the storage, to pass in the job's parameters."""
    name = get_valid_filename(filename or upload.name or "fichier") or "fichier"
    if hasattr(upload, "seek"):
        upload.seek(0)
    return default_storage.save(f"{INPUTS_DIR}/{uuid.uuid4().hex}/{name}", upload)


def delete_input(name: str) -> None:
    """Delete an input and its folder (on a local storage)."""
    if not name.startswith(f"{INPUTS_DIR}/"):
        return
    with suppress(FileNotFoundError):
        default_storage.delete(name)
    with suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(name.rsplit("/", 1)[0]))


def purge_inputs(older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete the inputs saved more than ``older_than`` ago (jobs that never ran them); how many."""
    now = now or timezone.now()
    try:
        folders, _files = default_storage.listdir(INPUTS_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for folder in folders:
        for filename in default_storage.listdir(f"{INPUTS_DIR}/{folder}")[1]:
            name = f"{INPUTS_DIR}/{folder}/{filename}"
            with suppress(FileNotFoundError, NotImplementedError):
                if now - default_storage.get_modified_time(name) > older_than:
                    delete_input(name)
                    removed += 1
    return removed
