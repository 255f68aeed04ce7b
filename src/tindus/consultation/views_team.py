"""The territory team's side: campaigns from the ready-made questionnaires, their answer links, and
live results protected against small cells."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.accounts.permissions import Action, permission_required
from tindus.charts import bar_chart

from . import exports, ready_made
from .forms import CampaignForm
from .models import Audience, Campaign, CampaignLink, Questionnaire
from .results import Respondent, Segmentation, results
from .services import new_token, save_schema
from .themes import group_themes

SEGMENTS = {
    "audience": gettext_lazy("audience"),
    "a17": gettext_lazy("sector (A17)"),
    "size": gettext_lazy("size band"),
    "epci": gettext_lazy("EPCI"),
}
DIMENSIONS = tuple(SEGMENTS)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required(Action.EDIT)
def campaigns(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audience = form.cleaned_data["audience"]
        schema = ready_made.employees() if audience == Audience.EMPLOYEES else ready_made.leaders()
        with transaction.atomic():
            questionnaire = Questionnaire.objects.create(territory=territory, title=schema.title, audience=audience)
            save_schema(questionnaire, schema)
            campaign = form.save(commit=False)
            campaign.territory, campaign.questionnaire = territory, questionnaire
            campaign.save()
            if audience == Audience.EMPLOYEES:
                CampaignLink.objects.create(campaign=campaign, token=new_token(), label=territory.name)
        messages.success(request, _("The consultation has been created."))
        return redirect("consultation_team:results", slug=slug, pk=campaign.pk)
    items = territory.campaigns.select_related("questionnaire").prefetch_related("links")
    return render(
        request,
        "consultation/campaigns.html",
        {"territory": territory, "campaigns": items, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required(Action.EDIT)
def campaign_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Live results: nothing about a group of fewer than five, whatever the filters."""
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)
    respondents = [
        Respondent(r.segments, r.answers, r.version.number) for r in campaign.responses.select_related("version")
    ]
    segmentation = Segmentation(respondents, DIMENSIONS)
    filters = {d: request.GET[d] for d in DIMENSIONS if request.GET.get(d)}
    schema = campaign.questionnaire.current_version().as_schema()
    shown = results(schema, segmentation, filters)
    charts = []
    if shown:
        group = segmentation.select(filters) or []
        for item in shown["questions"]:
            counts = item.get("counts")
            if counts:
                charts.append((item, bar_chart([(str(k), float(v)) for k, v in counts], item["label"]), None))
            elif "texts" in item:
                # Free texts are seen by the team only; grouped into themes with example quotes.
                texts = [r.answers[item["id"]] for r in group if item["id"] in r.answers]
                charts.append((item, "", group_themes(texts)))
            else:
                charts.append((item, "", None))
    links = [(link, request.build_absolute_uri(reverse("consultation:answer", kwargs={"token": link.token})))
             for link in campaign.links.all()]  # fmt: skip
    return render(
        request,
        "consultation/results.html",
        {
            "territory": request.territory,
            "campaign": campaign,
            "total": len(respondents),
            "shown": shown,
            "charts": charts,
            "filters": filters,
            "dimensions": [(d, SEGMENTS[d], segmentation.values(d)) for d in DIMENSIONS],
            "links": links,
        },
    )


@permission_required(Action.EDIT)
def campaign_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The anonymised answers, one line each, segments folded as in the results, dates by month."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)
    responses = list(campaign.responses.select_related("version").order_by("submitted_on", "id"))
    respondents = [Respondent(r.segments, r.answers, r.version.number) for r in responses]
    segmentation = Segmentation(respondents, DIMENSIONS)
    if len(respondents) < segmentation.k:
        messages.error(request, _("No export before 5 answers."))
        return redirect("consultation_team:results", slug=slug, pk=pk)
    schema = campaign.questionnaire.current_version().as_schema()
    headers = [(d, str(SEGMENTS[d])) for d in DIMENSIONS] + exports.columns(schema)
    table = exports.rows(schema, segmentation, [r.submitted_on.strftime("%Y-%m") for r in responses])
    note = _("Source: %(title)s, answers collected with Tindus; anonymised (no identity, segments of fewer than 5 "
             "answers grouped as « autres », dates by month).") % {"title": campaign.title}  # fmt: skip
    if fmt == "xlsx":
        content, kind = exports.to_xlsx(headers, table, note), XLSX
    else:
        content, kind = exports.to_csv(headers, table), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="reponses-{campaign.pk}.{fmt}"'
    return response
