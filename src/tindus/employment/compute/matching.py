"""Proposed links between ROME jobs and BMO jobs (FAP 2021), by offline text similarity.

Training offers carry ROME codes; BMO needs are FAP 2021 families. The official DARES ROME ↔ FAP 2021
table is not shipped (:mod:`.correspondence` reads it when a territory imports it); until then, this
module *proposes* links for the team to confirm or reject, never links on its own.

Each BMO job is described by its 228-level label and the labels of its detailed (341-level) families
(:meth:`.fap.Fap2021.describe`), which name the trades more precisely; each ROME job by its label. Both
become stems with the project's French text tools (:mod:`tindus.synergies.compute.text`: accents,
plurals and little words do not matter, « Conducteur / Conductrice » meet « Conducteurs »; hyphenated
words are split, so that « Aide-soignant » meets « Aides-soignants »), and the
score is the cosine of their IDF-weighted stem sets over both lists (a word every label has, « agent »,
weighs little; a rare one, « soudeur », much). Candidates share at least one stem; each comes with the
words that matched, so a person sees why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tindus.synergies.compute.text import idf_weights, similarity, stems, surface_words


def _unhyphenated(text: str) -> str:
    """« Aide-soignant » and « Aides-soignants » meet once their parts are words of their own."""
    return text.replace("-", " ")


def _tokens(text: str) -> tuple[str, ...]:
    return stems(_unhyphenated(text))


@dataclass(frozen=True)
class Candidate:
    job: str  # BMO (FAP 2021 228-level) code
    label: str
    score: float  # in [0, 1]
    shared: tuple[str, ...]  # the words of the ROME label that matched


@dataclass(frozen=True)
class Proposal:
    rome: str
    rome_label: str
    candidates: tuple[Candidate, ...]  # best first; empty when no label shares a word


def propose_links(
    rome_jobs: Iterable[tuple[str, str]],
    bmo_jobs: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
    top: int = 3,
    min_score: float = 0.15,
) -> list[Proposal]:
    """For each ROME ``(code, label)``, the ``top`` BMO jobs whose description is closest.

    ``bmo_jobs`` maps a BMO code to the text describing it; ``labels`` to the label shown (the text
    itself by default)."""
    rome_jobs = list(rome_jobs)
    bmo_stems = {code: _tokens(text) for code, text in bmo_jobs.items()}
    rome_stems = [_tokens(label) for _code, label in rome_jobs]
    idf = idf_weights([*bmo_stems.values(), *rome_stems])
    index: dict[str, list[str]] = {}
    for code, tokens in bmo_stems.items():
        for token in tokens:
            index.setdefault(token, []).append(code)
    shown = labels or bmo_jobs
    proposals = []
    for (rome, label), tokens in zip(rome_jobs, rome_stems, strict=True):
        reachable = {code for token in tokens for code in index.get(token, ())}
        words = surface_words(_unhyphenated(label))
        scored = []
        for code in reachable:
            score = similarity(tokens, bmo_stems[code], idf)
            if score >= min_score:
                shared = tuple(words[s] for s in tokens if s in set(bmo_stems[code]))
                scored.append(Candidate(code, shown.get(code, code), round(score, 4), shared))
        scored.sort(key=lambda c: (-c.score, c.job))
        proposals.append(Proposal(rome, label, tuple(scored[:top])))
    return proposals
