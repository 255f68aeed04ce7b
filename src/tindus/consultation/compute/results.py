"""Results of a consultation with small-cell protection.

Plain Python. Respondents carry their segments (audience, sector A17/A38, size band, EPCI) and their
answers. The rules, applied before anything is shown:

- a segment value with fewer than ``K`` respondents is folded into « autres »; if « autres » itself
  stays below ``K``, the smallest shown values join it until it reaches ``K`` (or holds everything);
- then the *atoms* — the cells of the cross-table of every segment dimension offered for filtering —
  must each hold 0 or at least ``K`` respondents: while one holds fewer, the rarest segment value it
  involves is folded into « autres ». Any view, whatever its filters, is then a union of atoms; so is
  anything computed by adding or subtracting views (their counts or their results). No combination of
  filters can isolate fewer than ``K`` respondents;
- codes that identify people (commune, job, activity, waste) are counted only when at least ``K``
  respondents gave them; the rest are counted together as « autres ».
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .schema import CODE_TYPES, Question, Questionnaire

K = 5
OTHER = "autres"


@dataclass(frozen=True)
class Respondent:
    segments: dict[str, str]
    answers: dict[str, Any]
    version: int = 1
    key: str = ""  # the answer's id, to find which of its free texts were approved


def coarsening(values: Iterable[str], k: int = K) -> dict[str, str]:
    """Map each raw segment value to what may be shown: itself, or « autres »."""
    counts = Counter(values)
    shown = {v for v, n in counts.items() if n >= k}
    other = sum(n for v, n in counts.items() if v not in shown)
    for value in sorted(shown, key=lambda v: (counts[v], v)):
        if other == 0 or other >= k:
            break
        shown.discard(value)
        other += counts[value]
    return {v: (v if v in shown else OTHER) for v in counts}


@dataclass
class Segmentation:
    """The folded segment values of every respondent, computed once for a consultation."""

    respondents: list[Respondent]
    dimensions: tuple[str, ...]
    k: int = K
    maps: dict[str, dict[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.maps = {d: coarsening((r.segments.get(d, "") for r in self.respondents), self.k) for d in self.dimensions}
        if len(self.respondents) < self.k:
            return
        while True:
            atoms = Counter(self._atom(r) for r in self.respondents)
            small = [atom for atom, n in atoms.items() if n < self.k]
            if not small:
                return
            self._fold(min(small, key=lambda atom: (atoms[atom], atom)))

    def _atom(self, respondent: Respondent) -> tuple[str, ...]:
        return tuple(self.label(respondent, d) for d in self.dimensions)

    def _fold(self, atom: tuple[str, ...]) -> None:
        """Fold into « autres » the rarest value of ``atom`` (or of any dimension, if it has none left)."""
        margins = {d: Counter(self.label(r, d) for r in self.respondents) for d in self.dimensions}
        own = [(margins[d][v], d, v) for d, v in zip(self.dimensions, atom, strict=True) if v != OTHER]
        anywhere = [(n, d, v) for d in self.dimensions for v, n in margins[d].items() if v != OTHER]
        _n, dimension, value = min(own or anywhere)
        self.maps[dimension] = {
            raw: (OTHER if shown == value else shown) for raw, shown in self.maps[dimension].items()
        }

    def label(self, respondent: Respondent, dimension: str) -> str:
        return self.maps[dimension][respondent.segments.get(dimension, "")]

    def values(self, dimension: str) -> dict[str, int]:
        """Shown values of a dimension with their counts (all at least K), « autres » last."""
        counts = Counter(self.label(r, dimension) for r in self.respondents)
        if sum(counts.values()) < self.k:
            return {}
        return dict(sorted(counts.items(), key=lambda kv: (kv[0] == OTHER, -kv[1], kv[0])))

    def select(self, filters: dict[str, str]) -> list[Respondent] | None:
        """The respondents matching ``filters`` (folded values), or None when there is nothing to show."""
        if len(self.respondents) < self.k or any(d not in self.dimensions for d in filters):
            return None
        chosen = [r for r in self.respondents if all(self.label(r, d) == v for d, v in filters.items())]
        return chosen or None


def question_result(question: Question, respondents: list[Respondent], k: int = K) -> dict[str, Any]:
    """What may be shown of one question's answers within an already publishable group."""
    given = [r.answers[question.id] for r in respondents if question.id in r.answers]
    result: dict[str, Any] = {"id": question.id, "type": question.type, "label": question.label, "answered": len(given)}
    if question.type in ("single_choice",):
        counts = Counter(given)
        result["counts"] = [(c, counts.get(c, 0)) for c in question.choices]
    elif question.type == "multiple_choice":
        counts = Counter(c for answer in given for c in answer)
        result["counts"] = [(c, counts.get(c, 0)) for c in question.choices]
    elif question.type == "scale":
        counts = Counter(given)
        result["counts"] = [(str(v), counts.get(v, 0)) for v in range(question.scale_min, question.scale_max + 1)]
        result["mean"] = statistics.fmean(given) if given else None
    elif question.type == "number":
        values = sorted(given)
        result["mean"] = statistics.fmean(values) if values else None
        result["median"] = statistics.median(values) if values else None
        result["unit"] = question.unit
    elif question.type == "ranking":
        points: Counter[str] = Counter()
        for order in given:
            for rank, choice in enumerate(order):
                points[choice] += len(question.choices) - rank
        result["counts"] = [(c, points.get(c, 0)) for c in sorted(question.choices, key=lambda c: -points.get(c, 0))]
    elif question.type == "matrix":
        result["rows"] = [
            (row, [(c, sum(1 for a in given if a.get(row) == c)) for c in question.choices]) for row in question.rows
        ]
    elif question.type in CODE_TYPES:
        counts = Counter(code for answer in given for code in answer)
        shown = [(code, n) for code, n in counts.most_common() if n >= k]
        other = sum(n for code, n in counts.items() if n < k)
        result["counts"] = shown + ([(OTHER, other)] if other else [])
    elif question.type == "date":
        years = Counter(str(v)[:4] for v in given)
        result["counts"] = sorted(years.items())
    else:  # texts: shown only after moderation, by the text-theme module
        result["texts"] = len(given)
    return result


def results(
    questionnaire: Questionnaire, segmentation: Segmentation, filters: dict[str, str] | None = None
) -> dict[str, Any] | None:
    """Every question's result for the group selected by ``filters``; None when it may not be shown."""
    group = segmentation.select(filters or {})
    if group is None:
        return None
    return {
        "respondents": len(group),
        "versions": dict(sorted(Counter(r.version for r in group).items())),
        "questions": [question_result(q, group, segmentation.k) for q in questionnaire.questions()],
    }
