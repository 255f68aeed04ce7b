"""The kinds of evidence a project can cite, declared by the apps that own them.

Each domain app registers a kind once (in its ``AppConfig.ready``): a label and a resolver that
checks a reference for a territory and returns what to show and where it points. The plan stores
only ``(kind, reference, label)``, so a consultation result or a synergy plugs in the same way as a
diagnostic indicator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Resolved:
    label: str
    url: str


class UnknownEvidenceError(ValueError):
    """The reference does not exist for this territory (the message says why)."""


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: Any  # a lazy translation
    help: Any
    resolve: Callable[[Any, str], Resolved]  # (territory, reference) -> Resolved, or UnknownEvidenceError


_KINDS: dict[str, EvidenceKind] = {}


def register(kind: EvidenceKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> dict[str, EvidenceKind]:
    return dict(_KINDS)


def resolve(kind: str, territory: Any, reference: str) -> Resolved:
    if kind not in _KINDS:
        raise UnknownEvidenceError(kind)
    return _KINDS[kind].resolve(territory, reference)
