"""Imports of the employment module, all or nothing: training offers (LHÉO, the hand-collected template, the
RNCP/RS export), BMO files and the official ROME → FAP 2021 table.

Each file is read and checked whole by the cores first (:mod:`.compute`), which raise
:class:`~tindus.employment.compute.problems.DataError` naming the file, the line and the column or element;
only a file without problem is written, in one transaction (the job's, :mod:`.tasks`).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tindus.referentials.models import Commune, RomeJob
from tindus.synergies.places import commune_centres
from tindus.territories.models import Territory

from .bmo_store import known_jobs, store_bmo
from .compute.bmo import read_bmo
from .compute.correspondence import read_official_table
from .compute.lheo import read_lheo
from .compute.offers import Offers
from .compute.problems import DataError, gettext_noop
from .compute.rncp import read_rncp_export
from .compute.template import read_template
from .models import (
    BmoImport,
    OfferImport,
    OfficialLinkTable,
    TrainingAction,
    TrainingOrganisation,
    TrainingSession,
)
from .reference import fap2021

BATCH = 2000


class AlreadyImportedError(Exception):
    """The same file (same checksum) is already imported on this territory."""


@lru_cache(maxsize=1)
def rome_v4_codes() -> frozenset[str]:
    return frozenset(RomeJob.objects.values_list("code", flat=True))


@lru_cache(maxsize=1)
def commune_codes() -> frozenset[str]:
    return frozenset(Commune.objects.values_list("code", flat=True))


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_offers(kind: str, content: bytes, filename: str) -> Offers:
    """The offers of an uploaded file of ``kind`` (a value of :class:`OfferImport.Kind`), or DataError."""
    if kind == OfferImport.Kind.LHEO:
        # ROME 4.0 codes are checked against the referential; v3 codes (LHÉO 2.2 files) cannot be.
        return read_lheo(content, name=filename, known_rome={"V4": rome_v4_codes()})
    if kind == OfferImport.Kind.TEMPLATE:
        return read_template(content, name=filename, known_rome=rome_v4_codes(), known_communes=commune_codes())
    if kind == OfferImport.Kind.RNCP:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (Path(filename).name or "export.zip")
            path.write_bytes(content)
            offers = read_rncp_export(path).to_offers()
        return replace(offers, source=filename)
    raise ValueError(kind)


@transaction.atomic
def save_offers(
    territory: Territory,
    offers: Offers,
    *,
    kind: str,
    sha256: str = "",
    user: Any = None,
    synthetic: bool = False,
) -> OfferImport:
    """Write the offers of a file checked whole; a session that gives only its commune is placed at the
    commune's centre (the shipped outlines), else left unplaced."""
    if sha256 and territory.training_imports.filter(sha256=sha256).exists():
        raise AlreadyImportedError(sha256)
    synthetic = synthetic or offers.synthetic
    record = OfferImport.objects.create(
        territory=territory,
        kind=kind,
        source=offers.source[:200],
        version=offers.version,
        sha256=sha256,
        synthetic=synthetic,
        organisations=len(offers.organisations),
        actions=len(offers.actions),
        sessions=len(offers.sessions),
        imported_by=user if getattr(user, "is_authenticated", False) else None,
    )
    organisations = {
        o.key: TrainingOrganisation.objects.create(
            territory=territory, offer_import=record, key=o.key[:60], name=o.name[:300] or o.key[:300],
            siret=o.siret, synthetic=synthetic,
        )
        for o in offers.organisations
    }  # fmt: skip
    actions = {}
    for a in offers.actions:
        actions[a.key] = TrainingAction.objects.create(
            territory=territory, offer_import=record, organisation=organisations[a.organisation], key=a.key[:80],
            title=a.title[:500], rome=list(a.codes.rome), rome_version=a.codes.rome_version,
            formacode=list(a.codes.formacode), rncp=list(a.codes.rncp), rs=list(a.codes.rs), modality=a.modality,
            blended=a.blended, line=a.line, synthetic=synthetic,
        )  # fmt: skip
    centres = commune_centres({s.commune for s in offers.sessions if s.commune and s.latitude is None})
    sessions = []
    for s in offers.sessions:
        latitude, longitude, placed = s.latitude, s.longitude, TrainingSession.Placed.SOURCE
        if latitude is None or longitude is None:
            latitude, longitude = centres.get(s.commune, (None, None))
            placed = TrainingSession.Placed.COMMUNE if latitude is not None else TrainingSession.Placed.NONE
        if s.modality == "distance":
            placed = TrainingSession.Placed.NONE if latitude is None else placed
        sessions.append(
            TrainingSession(
                territory=territory, offer_import=record, action=actions[s.action], key=s.key[:80], start=s.start,
                end=s.end, commune=s.commune, latitude=latitude, longitude=longitude, placed=placed,
                capacity=s.capacity, modality=s.modality, line=s.line, synthetic=synthetic,
            )
        )  # fmt: skip
    TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
    return record


def import_bmo_file(territory: Territory, content: bytes, filename: str, user: Any = None) -> BmoImport:
    """A BMO workbook or CSV of any year's layout, as the territory's own import of its year."""
    stream = io.BytesIO(content)
    stream.name = filename
    table = read_bmo(stream, name=filename, known_jobs=known_jobs())
    if table.nomenclature != "FAP 2021":
        raise DataError(
            filename,
            gettext_noop("the jobs are coded in %(nomenclature)s: only FAP 2021 files (BMO 2023 and later) are used"),
            nomenclature=table.nomenclature,
        )
    return store_bmo(table, sha256=checksum(content), territory=territory, user=user)


def import_official_table(territory: Territory, content: bytes, filename: str, user: Any = None) -> OfficialLinkTable:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(filename).name or "table.csv")
        path.write_bytes(content)
        links = read_official_table(path, fap2021())
    if not links:
        raise DataError(filename, gettext_noop("no ROME code in the table"))
    return OfficialLinkTable.objects.create(
        territory=territory, source=filename[:200], links={k: list(v) for k, v in links.items()},
        imported_by=user if getattr(user, "is_authenticated", False) else None,
    )  # fmt: skip


def describe(error: DataError) -> str:
    """The error in the reader's language."""
    return error.describe(_)
