"""Limits on what users may upload: size and kind of file, checked at the form field."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DOCUMENT_MAX_BYTES = 15 * 1024 * 1024
IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_EXTENSIONS = {
    ".pdf",
    ".odt",
    ".ods",
    ".odp",
    ".docx",
    ".xlsx",
    ".pptx",
    ".csv",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".webp", ".gif"}


def check_upload(upload: UploadedFile, max_bytes: int, extensions: set[str]) -> UploadedFile:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in extensions:
        raise ValidationError(
            _("Files of type “%(suffix)s” are not accepted. Accepted: %(accepted)s."),
            params={"suffix": suffix or "?", "accepted": ", ".join(sorted(extensions))},
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file weighs %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    return upload


def check_document(upload: UploadedFile) -> UploadedFile:
    return check_upload(upload, DOCUMENT_MAX_BYTES, DOCUMENT_EXTENSIONS)


def check_image(upload: UploadedFile) -> UploadedFile:
    return check_upload(upload, IMAGE_MAX_BYTES, IMAGE_EXTENSIONS)
