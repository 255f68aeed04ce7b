"""The territory team's side: campaigns from the ready-made questionnaires, their answer links, and
live results protected against small cells."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from .. import exports
from ..compute import ready_made
from ..compute.results import Respondent, Segmentation
from ..dashboard import DIMENSIONS, SEGMENTS, dashboard
from ..forms import CampaignForm, PublicationForm
from ..labels import segment_label
from ..models import Audience, Campaign, CampaignLink, Questionnaire
from ..moderation import approved, free_texts
from ..services import new_token, save_schema

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
    links = [(link, request.build_absolute_uri(reverse("consultation:answer", kwargs={"token": link.token})))
             for link in campaign.links.all()]  # fmt: skip
    context = dashboard(campaign, request.GET, approved_texts_only=False)
    pending = sum(1 for text in free_texts(campaign, campaign.questionnaire.current_version().as_schema())
                  if not text.decision)  # fmt: skip
    sections = [("answer-links", _("Answer links"))] if links else []
    if campaign.audience == Audience.EMPLOYEES:
        sections.append(("link-form-title", _("Add a link for a company")))
    sections += [("results", _("Results")), *context["result_sections"]]
    context.update(territory=request.territory, links=links, publication_form=PublicationForm(instance=campaign),
                   pending_texts=pending, sections=sections)  # fmt: skip
    return render(request, "consultation/results.html", context)


@permission_required(Action.EDIT)
def campaign_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The anonymised answers, one line each, segments folded as in the results, dates by month."""
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)
    response = export_answers(campaign, fmt, published=False)
    if response is None:
        messages.error(request, _("No export before 5 answers."))
        return redirect("consultation_team:results", slug=slug, pk=pk)
    return response


def export_answers(campaign: Campaign, fmt: str, *, published: bool) -> HttpResponse | None:
    """CSV or XLSX of the anonymised answers; None before five answers. A ``published`` export (for the
    committee or the public) keeps only approved free texts and folds rare codes into « autres »."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
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
    if fmt == "xlsx":
        content, kind = exports.to_xlsx(headers, table, note), XLSX
    else:
        content, kind = exports.to_csv(headers, table), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="reponses-{campaign.pk}.{fmt}"'
    return response
