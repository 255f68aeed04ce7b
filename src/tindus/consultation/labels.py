"""What a person reads for the values a consultation stores: segment values (« salariés », never
``employees``; « non renseigné » for an answer without that segment), codes with their names
(« Décolleteur / Décolleteuse (H2903) »), the ends of a scale with their words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .compute.results import OTHER
from .compute.schema import CODE_TYPES, Questionnaire
from .models import Audience
from .respond import code_label

# The query value that selects the answers without a segment (the empty value means « all »).
NOT_GIVEN = "-"


def segment_label(dimension: str, value: str) -> str:
    """The words for a (folded) segment value."""
    if value == "":
        return _("not given")
    if dimension == "audience" and value in Audience.values:
        return str(Audience(value).label)
    return value


def segment_options(dimension: str, counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(query value, label, count) of a filter's options: none when a single value would select the same
    answers as « all »."""
    if len(counts) < 2:
        return []
    return [(value or NOT_GIVEN, segment_label(dimension, value), n) for value, n in counts.items()]


def filters_from_query(query: Any, dimensions: tuple[str, ...]) -> dict[str, str]:
    """The segment filters a results page's query asks for, as stored values."""
    return {d: ("" if query[d] == NOT_GIVEN else query[d]) for d in dimensions if query.get(d)}


def answer_label(question_type: str, value: str, scale_ends: dict[str, str] | None = None) -> str:
    """One counted answer as read: a code with its name, a scale end with its word."""
    if question_type in CODE_TYPES and value != OTHER:
        return code_label(question_type, value)
    if scale_ends and value in scale_ends:
        return f"{value} ({scale_ends[value]})"
    return value


def labelled_counts(schema: Questionnaire, item: dict[str, Any]) -> list[tuple[str, float]]:
    """A result's counts as (label, value) pairs for its chart."""
    scale_ends = None
    if item["type"] == "scale":
        question = schema.question(item["id"])
        ends = zip((question.scale_min, question.scale_max), question.scale_labels, strict=True)
        scale_ends = {str(value): word for value, word in ends if word}
    return [(answer_label(item["type"], str(k), scale_ends), float(v)) for k, v in item["counts"]]
