"""Saving questionnaires and answers: versions, and a submission that is acknowledged only once
committed, counted once however often it is retried, and all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .compute.answers import Checked
from .compute.schema import Questionnaire as Schema
from .compute.schema import Section
from .models import Campaign, Draft, Invitation, Questionnaire, QuestionnaireVersion, Response, UsedToken
from .offered_declarations import announce


def new_token() -> str:
    return secrets.token_urlsafe(24)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def save_schema(questionnaire: Questionnaire, schema: Schema) -> QuestionnaireVersion:
    """Change the questions: in place while nobody has answered, else as a new version."""
    schema.check()
    current = (
        QuestionnaireVersion.objects.select_for_update().filter(questionnaire=questionnaire).order_by("-number").first()
    )
    if current is not None and not current.responses.exists():
        current.schema = schema.to_dict()
        current.save(update_fields=["schema"])
        return current
    return QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=(current.number + 1 if current else 1), schema=schema.to_dict()
    )


class SubmissionRefusedError(Exception):
    """Closed campaign, or a token already used (the message says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Receipt:
    response_id: uuid.UUID
    duplicate: bool  # the same submission had already been recorded


def submit(
    campaign: Campaign,
    version: QuestionnaireVersion,
    checked: Checked,
    submission_key: uuid.UUID,
    segments: dict[str, Any],
    respondent_token: str | None = None,
    invitation: Invitation | None = None,
    entered_by_staff: bool = False,
    today: dt.date | None = None,
) -> Receipt:
    """Record one answer in one transaction; the caller acknowledges it only after this returns."""
    if not checked.valid:
        raise ValueError("unchecked answers")
    existing = Response.objects.filter(submission_key=submission_key).values_list("id", flat=True).first()
    if existing:
        return Receipt(existing, True)
    today = today or timezone.localdate()
    if not campaign.is_open(today) and not entered_by_staff:
        raise SubmissionRefusedError("closed")
    try:
        with transaction.atomic():
            if respondent_token is not None:
                UsedToken.objects.create(digest=digest(respondent_token), campaign=campaign)
                Draft.objects.filter(digest=digest(respondent_token)).delete()
            if invitation is not None:
                if Response.objects.filter(invitation=invitation).exists():
                    raise SubmissionRefusedError("used")
                Draft.objects.filter(digest=digest(invitation.token)).delete()
            response = Response.objects.create(
                campaign=campaign, version=version, submission_key=submission_key, segments=segments,
                answers=checked.answers, submitted_on=today, invitation=invitation, entered_by_staff=entered_by_staff,
            )  # fmt: skip
            announce(response)
    except IntegrityError:
        # A concurrent retry of the same submission won; or this token had already answered.
        existing = Response.objects.filter(submission_key=submission_key).values_list("id", flat=True).first()
        if existing:
            return Receipt(existing, True)
        raise SubmissionRefusedError("used") from None
    return Receipt(response.id, False)


def token_used(campaign: Campaign, respondent_token: str) -> bool:
    return UsedToken.objects.filter(digest=digest(respondent_token), campaign=campaign).exists()


def save_draft(campaign: Campaign, respondent_token: str, answers: dict[str, Any]) -> None:
    Draft.objects.update_or_create(
        digest=digest(respondent_token),
        defaults={"campaign": campaign, "answers": answers, "saved_on": timezone.localdate()},
    )


def load_draft(campaign: Campaign, respondent_token: str) -> dict[str, Any]:
    draft = Draft.objects.filter(digest=digest(respondent_token), campaign=campaign).first()
    return draft.answers if draft else {}


def has_tagged_questions(schema: Schema, tag: str) -> bool:
    """Does the questionnaire hold a block of questions tagged ``tag`` (another module's question block)?"""
    return any(tag in q.tags for q in schema.questions())


def append_block(questionnaire: Questionnaire, section: Section, tag: str) -> bool:
    """Append another module's question block (its questions tagged ``tag``) to the questionnaire's current
    version (a new version once answered); False when it is there already."""
    schema = questionnaire.versions.order_by("-number").first().as_schema()
    if has_tagged_questions(schema, tag):
        return False
    save_schema(questionnaire, replace(schema, sections=(*schema.sections, section)))
    return True
