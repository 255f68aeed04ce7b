"""The nomenclatures discovery reads: NAF rév. 2 codes and labels, the A38 branches they group into,
and the French list of waste (EWC codes, labels, hazardous flag).

The files live in ``referentials/data`` (gzipped CSV); each is read once and cached.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

_TINDUS = Path(__file__).resolve().parents[3]  # src/tindus
NAF_SUBCLASSES_PATH = _TINDUS / "referentials" / "data" / "naf_rev2_sous_classes.csv.gz"
NAF_LEVELS_PATH = _TINDUS / "referentials" / "data" / "naf_rev2_tous_niveaux.csv.gz"
A38_LABELS_PATH = _TINDUS / "referentials" / "data" / "a38_libelles.csv.gz"
EWC_PATH = _TINDUS / "referentials" / "data" / "liste_dechets_fr.csv.gz"


def _read_gz_csv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@lru_cache(maxsize=1)
def _a38_by_division() -> dict[str, str]:
    return {row["division"]: row["a38"] for row in _read_gz_csv(NAF_SUBCLASSES_PATH)}


@lru_cache(maxsize=1)
def naf_subclasses() -> tuple[str, ...]:
    """Every NAF rév. 2 sous-classe (« 16.10A »)."""
    return tuple(row["sous_classe"] for row in _read_gz_csv(NAF_SUBCLASSES_PATH))


@lru_cache(maxsize=1)
def naf_labels() -> dict[str, str]:
    """French label of every NAF code at every level, keyed as written (« 16 », « 16.1 », « 16.10A »)."""
    return {row["code"]: row["libelle"] for row in _read_gz_csv(NAF_LEVELS_PATH)}


@lru_cache(maxsize=1)
def a38_labels() -> dict[str, str]:
    return {row["a38"]: row["libelle"].capitalize() for row in _read_gz_csv(A38_LABELS_PATH)}


@lru_cache(maxsize=1)
def _ewc_reference() -> dict[str, tuple[str, bool]]:
    return {row["code6"]: (row["libelle"], row["dangerous"] == "1") for row in _read_gz_csv(EWC_PATH)}


def ewc_codes() -> frozenset[str]:
    """Every code of the European list of waste, at every level, without spaces (« 03 », « 0301 », « 030105 »)."""
    return frozenset(_ewc_reference())


@lru_cache(maxsize=1)
def ewc_subchapter_labels() -> dict[str, str]:
    """Label of every EWC chapter and sub-chapter (« 0301 » → « déchets provenant de la transformation du bois… »)."""
    return {code: label for code, (label, _hazard) in _ewc_reference().items() if len(code) < 6}


def normalise_naf(code: str) -> str:
    """« 16.10A », « 1610A », « 16.10 » → « 1610A », « 1610A », « 1610 »."""
    return code.strip().upper().replace(".", "").replace(" ", "")


def naf_to_a38(naf: str, mapping: Mapping[str, str] | None = None) -> str | None:
    """A38 branch of a NAF code of any level (from division down), or None when unknown.

    The A38 level groups whole NAF divisions, so the division decides. ``mapping`` (division → A38)
    replaces the nomenclature shipped in ``referentials/data``.
    """
    code = normalise_naf(naf)
    if len(code) < 2 or not code[:2].isdigit():
        return None
    return (mapping if mapping is not None else _a38_by_division()).get(code[:2])


def naf_label(code: str) -> str:
    return naf_labels().get(code, f"NAF {code}")


def _ewc_text(ewc: str) -> str:
    if not ewc:
        return ""
    label = _ewc_reference().get(ewc, ("", False))[0]
    spaced = f"{ewc[:2]} {ewc[2:4]} {ewc[4:]}"
    return f"code déchet {spaced}" + (f" « {label} »" if label else "")


def is_hazardous(ewc: str) -> bool:
    return bool(ewc) and _ewc_reference().get(ewc, ("", False))[1]
