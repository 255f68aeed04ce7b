"""Exports and erasures with their record in the privacy log: what the pages and the command call."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tindus.territories.models import Territory

from . import erase
from .collect import Export, company_export, person_export
from .compute.archive import to_json, to_zip
from .models import Record
from .records import record

FORMATS = {"json": "application/json", "zip": "application/zip"}


def export_bytes(export: Export, fmt: str) -> bytes:
    data = export.as_dict()
    return to_zip(data) if fmt == "zip" else to_json(data)


def export_person(user: User, fmt: str, *, actor: Any = None, request_reference: str = "") -> tuple[str, bytes]:
    """Everything about ``user`` as a file (name, bytes), recorded in the log."""
    export = person_export(user)
    data = export_bytes(export, fmt)
    record(action=Record.Action.EXPORT, subject_kind=Record.Subject.PERSON, subject=user.email or user.username,
           counts=export.counts(), actor=actor, person=user, request_reference=request_reference)  # fmt: skip
    return f"donnees-personne-{user.pk}-{timezone.localdate().isoformat()}.{fmt}", data


def export_company(siret: str, territory: Territory | None, fmt: str, *, actor: Any = None,
                   request_reference: str = "") -> tuple[str, bytes]:  # fmt: skip
    """What ``territory`` (every territory: None) holds about the company, as a file, recorded in the log."""
    export = company_export(siret, territory)
    data = export_bytes(export, fmt)
    record(action=Record.Action.EXPORT, subject_kind=Record.Subject.COMPANY, subject=siret, counts=export.counts(),
           actor=actor, territory=territory, request_reference=request_reference)  # fmt: skip
    return f"donnees-entreprise-{siret}-{timezone.localdate().isoformat()}.{fmt}", data


@transaction.atomic
def erase_person(user: User, *, delete_comments: bool = False, actor: Any = None,
                 request_reference: str = "") -> dict[str, int]:  # fmt: skip
    counts = erase.erase_person(user, delete_comments=delete_comments)
    record(action=Record.Action.ERASURE, subject_kind=Record.Subject.PERSON, subject=user.username, counts=counts,
           actor=actor, person=user, request_reference=request_reference)  # fmt: skip
    return counts


@transaction.atomic
def erase_company(siret: str, territory: Territory | None, *, actor: Any = None,
                  request_reference: str = "") -> dict[str, int]:  # fmt: skip
    counts = erase.erase_company(siret, territory)
    record(action=Record.Action.ERASURE, subject_kind=Record.Subject.COMPANY, subject=siret, counts=counts,
           actor=actor, territory=territory, request_reference=request_reference)  # fmt: skip
    return counts
