"""Documents about a consultation for the project committee: the PDF summary of its results."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, permission_required
from tindus.charts import bar_chart
from tindus.jobs.api import job_url, start_job

from ..compute.results import OTHER, Respondent, Segmentation, results
from ..compute.summary import Rate, fold_rates, fold_themes
from ..compute.themes import group_themes
from ..dashboard import DIMENSIONS, SEGMENTS
from ..invitations import RATE_DIMENSIONS, response_rates
from ..labels import labelled_counts, segment_label
from ..models import Audience, Campaign
from ..tasks import export_summary

# WeasyPrint draws an inline SVG with the SVG's own styles only: the chart colours of tindus.css, written out.
CHART_STYLE = (
    "<style>.chart-bar{fill:#1f4e79}.chart-bar-negative{fill:#a4161a}.chart-axis{stroke:#4a4f57}"
    ".chart-label,.chart-value{fill:#1b1b1f;font-size:11px}</style>"
)


def printable(svg: str) -> str:
    return svg.replace(">", ">" + CHART_STYLE, 1) if svg else ""


def source_line(campaign: Campaign, first, last, respondents: int) -> str:
    """Where every figure of the summary comes from, and its vintage."""
    if not respondents:
        return _("Source: consultation « %(title)s », no answer yet.") % {"title": campaign.title}
    return ngettext(
        "Source: consultation « %(title)s », answers from %(first)s to %(last)s, %(n)s respondent.",
        "Source: consultation « %(title)s », answers from %(first)s to %(last)s, %(n)s respondents.",
        respondents,
    ) % {"title": campaign.title, "first": date_format(first), "last": date_format(last), "n": respondents}


def _rates(campaign: Campaign) -> dict[str, Any] | None:
    """Response rate of a leaders' campaign with invitations: overall, and by the segments large enough."""
    if campaign.audience != Audience.LEADERS or not campaign.invitations.exists():
        return None
    invitations = campaign.invitations.all()
    overall = Rate("", invitations.count(), invitations.filter(response__isnull=False).count())
    by_dimension = []
    for dimension, rates in response_rates(campaign).items():
        if dimension not in RATE_DIMENSIONS:
            continue
        rows = fold_rates((r.value, r.invited, r.answered) for r in rates)
        if any(row.value != OTHER for row in rows):  # « autres » alone would only repeat the overall rate
            by_dimension.append((SEGMENTS[dimension], rows))
    source = _("Source: invitations of the consultation « %(title)s » (segments from SIRENE), on %(date)s.") % {
        "title": campaign.title, "date": date_format(timezone.localdate())}  # fmt: skip
    return {"overall": overall, "by_dimension": by_dimension, "source": source}


def summary_context(campaign: Campaign) -> dict[str, Any]:
    """Everything the summary shows, computed as on the results page (same small-cell folding), no filter."""
    responses = campaign.responses.select_related("version")
    respondents = [Respondent(r.segments, r.answers, r.version.number) for r in responses]
    dates = campaign.responses.aggregate(first=Min("submitted_on"), last=Max("submitted_on"))
    segmentation = Segmentation(respondents, DIMENSIONS)
    by_audience = [(segment_label("audience", value), n) for value, n in segmentation.values("audience").items()]
    schema = campaign.questionnaire.current_version().as_schema()
    shown = results(schema, segmentation)
    sections = []
    if shown:
        group = segmentation.select({}) or []
        for item in shown["questions"]:
            counts, chart, themes = item.get("counts"), "", None
            if counts:
                chart = printable(bar_chart(labelled_counts(schema, item), item["label"]))
            elif "texts" in item:
                texts = [r.answers[item["id"]] for r in group if item["id"] in r.answers]
                found, _loose = group_themes(texts)
                themes = fold_themes([(t.label, t.count) for t in found], len(texts))
            sections.append({"item": item, "chart": chart, "themes": themes})
    return {
        "territory": campaign.territory,
        "campaign": campaign,
        "total": len(respondents),
        "k": segmentation.k,
        "by_audience": by_audience,
        "rates": _rates(campaign),
        "shown": shown,
        "sections": sections,
        "source": source_line(campaign, dates["first"], dates["last"], len(respondents)),
    }


@permission_required(Action.VIEW_PRIVATE)
def summary_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The results for the committee, read by its members as by the team, never any group of fewer than 5:
    drawn as PDF in the background (POST), then downloaded from the job's page."""
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire", "territory"), pk=pk,
                                 territory=request.territory)  # fmt: skip
    if request.method == "POST":
        job = start_job(export_summary, territory=request.territory, author=request.user, campaign=campaign.pk)
        return redirect(job_url(job))
    return render(request, "consultation/start_job.html", {
        "territory": request.territory, "campaign": campaign, "back": None,
        "title": _("Summary for the committee (PDF)"),
        "lead": _("Answers by audience, response rate, each question's protected figures and charts, and the "
                  "themes of the free answers, with their source. The PDF is drawn in the background: you follow "
                  "it on its own page and download it there."),
    })  # fmt: skip
