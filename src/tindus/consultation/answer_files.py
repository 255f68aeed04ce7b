"""The anonymised answers of a campaign as a file (CSV or XLSX), built by a background job: for the team
(every free text) or as published (approved texts only, rare codes folded into « autres »)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from . import exports
from .compute.results import K, Respondent, Segmentation
from .dashboard import DIMENSIONS, SEGMENTS
from .labels import segment_label
from .models import Campaign, TextReview
from .moderation import approved

FORMATS = ("csv", "xlsx")


def enough_answers(campaign: Campaign) -> bool:
    """Whether the campaign has the five answers below which nothing is exported."""
    return campaign.responses.count() >= K


def answers_file(campaign: Campaign, fmt: str, *, published: bool) -> tuple[str, bytes] | None:
    """(file name, content) of the anonymised answers, one line each, segments folded as in the results,
    dates by month; None before five answers. A ``published`` export (for the committee or the public)
    keeps only approved free texts and folds rare codes into « autres »."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    responses = list(campaign.responses.select_related("version").order_by("submitted_on", "id"))
    everyone = [Respondent(r.segments, r.answers, r.version.number, str(r.pk)) for r in responses]
    segmentation = Segmentation(everyone, DIMENSIONS)
    if len(everyone) < segmentation.k:
        return None
    schema = campaign.questionnaire.current_version().as_schema()
    headers = [(d, str(SEGMENTS[d])) for d in DIMENSIONS] + exports.columns(schema)
    table = exports.rows(schema, segmentation, [r.submitted_on.strftime("%Y-%m") for r in responses],
                         published_texts=approved(campaign) if published else None)  # fmt: skip
    for row in table:  # segments as read (« salariés », never ``employees``); an empty cell stays empty
        row.update({d: segment_label(d, row[d]) for d in DIMENSIONS if row[d]})
    note = _("Source: %(title)s, answers collected with Tindus; anonymised (no identity, segments of fewer than 5 "
             "answers grouped as « autres », dates by month).") % {"title": campaign.title}  # fmt: skip
    content = exports.to_xlsx(headers, table, note) if fmt == "xlsx" else exports.to_csv(headers, table)
    return f"reponses-{campaign.pk}.{fmt}", content


def published_state(campaign: Campaign) -> list[Any]:
    """What a published export is made of, in short: its answers, the approved texts and the questionnaire.
    A change to any of them makes a new file."""
    answers = campaign.responses.aggregate(n=Count("pk"), last=Max("submitted_on"))
    texts = list(
        TextReview.objects.filter(response__campaign=campaign, decision=TextReview.Decision.APPROVED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [answers["n"], answers["last"], texts, campaign.questionnaire.current_version().pk]
