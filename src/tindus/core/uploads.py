"""Limits on what users may upload: size and kind of file, checked at the form field.

The kind is read from the content, not only from the name: a text file renamed ``.png`` or a web
page saved as ``.xlsx`` is refused with a message naming the file and what was expected.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

DOCUMENT_MAX_BYTES = 15 * 1024 * 1024
IMAGE_MAX_BYTES = 5 * 1024 * 1024
WORKBOOK_MAX_BYTES = 15 * 1024 * 1024
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
TEXT_SNIFF_BYTES = 64 * 1024

# What a file of each extension is, in the words of the refusal message.
KIND_NAMES = {
    ".pdf": _("a PDF document"),
    ".odt": _("an OpenDocument text"),
    ".ods": _("an OpenDocument spreadsheet"),
    ".odp": _("an OpenDocument presentation"),
    ".docx": _("a Word document"),
    ".xlsx": _("an Excel workbook"),
    ".pptx": _("a PowerPoint presentation"),
    ".csv": _("a text file (CSV)"),
    ".txt": _("a text file"),
    ".png": _("a PNG image"),
    ".jpg": _("a JPEG image"),
    ".jpeg": _("a JPEG image"),
    ".webp": _("a WebP image"),
    ".gif": _("a GIF image"),
}
OPENDOCUMENT_TYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def _is_pdf(stream: IO[bytes]) -> bool:
    return stream.read(1024).lstrip().startswith(b"%PDF-")


def _is_text(stream: IO[bytes]) -> bool:
    """Text has no NUL byte and decodes as UTF-8 or Windows-1252 (what spreadsheets save CSV in)."""
    head = stream.read(TEXT_SNIFF_BYTES)
    if b"\0" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and len(head) == TEXT_SNIFF_BYTES:
            return True  # a character cut by the sniff window
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _zip_member(suffix: str) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
                if suffix in OPENDOCUMENT_TYPES:
                    expected = OPENDOCUMENT_TYPES[suffix].encode("ascii")
                    return "mimetype" in names and archive.read("mimetype").strip() == expected
                return "[Content_Types].xml" in names and OFFICE_PARTS[suffix] in names
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            return False

    return check


def _is_image(stream: IO[bytes]) -> bool:
    """A PNG, JPEG, WebP or GIF image that Pillow can read (a PNG named .jpg is still an image)."""
    try:
        with Image.open(stream) as image:
            if image.format not in IMAGE_FORMATS:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


CONTENT_CHECKS: dict[str, Callable[[IO[bytes]], bool]] = {
    ".pdf": _is_pdf,
    ".csv": _is_text,
    ".txt": _is_text,
    **{suffix: _zip_member(suffix) for suffix in (*OPENDOCUMENT_TYPES, *OFFICE_PARTS)},
    **dict.fromkeys(IMAGE_SUFFIXES, _is_image),
}


def content_matches(upload: UploadedFile, suffix: str) -> bool:
    """Does the content of ``upload`` look like a file of type ``suffix`` (``.png``, ``.xlsx``…)?"""
    check = CONTENT_CHECKS.get(suffix)
    if check is None:
        return False
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        return check(upload)
    finally:
        upload.seek(position)


MISMATCH = _("The content of « %(name)s » does not match its name (expected: %(kind)s). Save it again in that format.")


def check_upload(
    upload: UploadedFile, max_bytes: int, extensions: set[str], mismatch: str | None = None
) -> UploadedFile:
    """Refuse a file by its extension, its size, then its content (``mismatch``: the message for the
    last case, with the ``name`` and ``kind`` placeholders)."""
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
    if not content_matches(upload, suffix):
        raise ValidationError(
            mismatch or MISMATCH, code="content", params={"name": Path(upload.name).name, "kind": KIND_NAMES[suffix]}
        )
    return upload


def check_document(upload: UploadedFile) -> UploadedFile:
    return check_upload(upload, DOCUMENT_MAX_BYTES, DOCUMENT_EXTENSIONS)


def check_image(upload: UploadedFile) -> UploadedFile:
    return check_upload(upload, IMAGE_MAX_BYTES, IMAGE_EXTENSIONS)


def check_workbook(upload: UploadedFile, mismatch: str | None = None) -> UploadedFile:
    """An XLSX workbook (the plan import)."""
    return check_upload(upload, WORKBOOK_MAX_BYTES, {".xlsx"}, mismatch)
