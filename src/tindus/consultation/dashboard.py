"""What a results page shows: counts, charts and free-text themes of the group the filters select,
with the small-cell protection of :mod:`results`. Shared by the team's live page and the published one."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Min
from django.utils.translation import gettext_lazy

from tindus.charts import bar_chart

from .compute.results import Respondent, Segmentation, results
from .compute.themes import group_themes
from .labels import filters_from_query, labelled_counts, segment_options
from .models import Campaign
from .moderation import approved

SEGMENTS = {
    "audience": gettext_lazy("audience"),
    "a17": gettext_lazy("sector (A17)"),
    "size": gettext_lazy("size band"),
    "epci": gettext_lazy("EPCI"),
}
DIMENSIONS = tuple(SEGMENTS)


def respondents(campaign: Campaign) -> list[Respondent]:
    return [
        Respondent(r.segments, r.answers, r.version.number, str(r.pk))
        for r in campaign.responses.select_related("version").order_by("submitted_on", "id")
    ]


def _themes(texts: list[str]) -> tuple[list, list[str]] | None:
    """Themes of these free texts, and the texts in no theme."""
    if not texts:
        return None
    found, loose = group_themes(texts)
    return found, [texts[i] for i in loose]


def dashboard(campaign: Campaign, query: dict[str, str], *, approved_texts_only: bool) -> dict[str, Any]:
    """The results context for ``campaign``; free texts are all grouped for the team, only the approved
    ones elsewhere."""
    everyone = respondents(campaign)
    period = campaign.responses.aggregate(first=Min("submitted_on"), last=Max("submitted_on"))
    segmentation = Segmentation(everyone, DIMENSIONS)
    filters = filters_from_query(query, DIMENSIONS)
    schema = campaign.questionnaire.current_version().as_schema()
    shown = results(schema, segmentation, filters)
    allowed = approved(campaign) if approved_texts_only else None
    charts = []
    if shown:
        group = segmentation.select(filters) or []
        for item in shown["questions"]:
            counts = item.get("counts")
            if counts:
                charts.append((item, bar_chart(labelled_counts(schema, item), item["label"]), None))
            elif "texts" in item:
                texts = [r.answers[item["id"]] for r in group if item["id"] in r.answers
                         and (allowed is None or (r.key, item["id"]) in allowed)]  # fmt: skip
                charts.append((item, "", _themes(texts)))
            else:
                charts.append((item, "", None))
    return {
        "campaign": campaign,
        "total": len(everyone),
        "shown": shown,
        "charts": charts,
        "filters": {d: query[d] for d in DIMENSIONS if query.get(d)},
        "dimensions": [(d, SEGMENTS[d], segment_options(d, segmentation.values(d))) for d in DIMENSIONS],
        "result_sections": [(f"result-{item['id']}", item["label"]) for item in shown["questions"]] if shown else [],
        "approved_texts_only": approved_texts_only,
        "period": (period["first"], period["last"]),
    }
