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
from tindus.jobs.api import job_url, start_job

from ..answer_files import FORMATS, enough_answers
from ..compute import ready_made
from ..dashboard import dashboard
from ..forms import CampaignForm, PublicationForm
from ..models import Audience, Campaign, CampaignLink, Questionnaire
from ..moderation import free_texts
from ..services import new_token, save_schema
from ..tasks import export_answers


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
            if campaign.remind_on:
                campaign.reminder_site = request.build_absolute_uri("/")
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
    """The anonymised answers, one line each, segments folded as in the results, dates by month: written
    in the background (POST), then downloaded from the job's page."""
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)
    if fmt not in FORMATS:
        raise Http404
    if not enough_answers(campaign):
        messages.error(request, _("No export before 5 answers."))
        return redirect("consultation_team:results", slug=slug, pk=pk)
    if request.method == "POST":
        job = start_job(export_answers, territory=request.territory, author=request.user, campaign=campaign.pk,
                        fmt=fmt, published=False)  # fmt: skip
        return redirect(job_url(job))
    return render(request, "consultation/start_job.html", {
        "territory": request.territory, "campaign": campaign, "back": "consultation_team:results",
        "title": _("Anonymised answers (%(format)s)") % {"format": fmt.upper()},
        "lead": _("Every answer on one line, segments folded as in the results, dates by month, no identity. "
                  "The file is written in the background: you follow it on its own page and download it there."),
    })  # fmt: skip
