"""Moderation of free-text answers: the team approves or withholds each text before anyone else sees it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from .compute.schema import Questionnaire as Schema
from .models import Campaign, Response, TextReview

TEXT_TYPES = ("short_text", "long_text")


@dataclass(frozen=True)
class FreeText:
    response: str
    question: str
    label: str
    text: str
    decision: str  # "", approved or rejected


def text_questions(schema: Schema) -> dict[str, str]:
    return {q.id: q.label for q in schema.questions() if q.type in TEXT_TYPES}


def free_texts(campaign: Campaign, schema: Schema) -> list[FreeText]:
    """Every non-empty free answer of the campaign, with the team's decision if any."""
    questions = text_questions(schema)
    decisions = {
        (str(response), question): decision
        for response, question, decision in TextReview.objects.filter(response__campaign=campaign).values_list(
            "response_id", "question", "decision"
        )
    }
    found = []
    for key, answers in campaign.responses.order_by("submitted_on", "id").values_list("id", "answers"):
        for question, label in questions.items():
            text = answers.get(question)
            if isinstance(text, str) and text.strip():
                found.append(FreeText(str(key), question, label, text, decisions.get((str(key), question), "")))
    return found


def approved(campaign: Campaign) -> set[tuple[str, str]]:
    """(answer id, question id) of the texts the team approved."""
    rows = TextReview.objects.filter(response__campaign=campaign, decision=TextReview.Decision.APPROVED)
    return {(str(response), question) for response, question in rows.values_list("response_id", "question")}


class ReviewError(ValueError):
    """A decision about something that is not a free answer of this campaign."""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@transaction.atomic
def review(campaign: Campaign, schema: Schema, decisions: list[tuple[str, str, str]]) -> int:
    """Record (answer id, question id, decision) triples, all or none; refuse what is not a free text here."""
    questions = text_questions(schema)
    valid = set(TextReview.Decision.values)
    for response_id, question, decision in decisions:
        if decision not in valid or question not in questions or not _is_uuid(response_id):
            raise ReviewError(question)
        answer = Response.objects.filter(pk=response_id, campaign=campaign).values_list("answers", flat=True).first()
        if answer is None or not str(answer.get(question) or "").strip():
            raise ReviewError(question)
        TextReview.objects.update_or_create(response_id=response_id, question=question,
                                            defaults={"decision": decision})  # fmt: skip
    return len(decisions)
