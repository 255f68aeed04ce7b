"""Moderation of free answers by the team, and the published results: for the committee or everyone,
with the approved free texts only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required, public
from tindus.jobs.api import job_url, start_job, start_shared_job

from ..answer_files import FORMATS, enough_answers, published_state
from ..dashboard import dashboard
from ..forms import PublicationForm
from ..models import Campaign, Publication
from ..moderation import ReviewError, free_texts, review
from ..publication import may_read_results
from ..tasks import export_answers, forget_public_exports

PAGE = 100


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, territory=request.territory)


@permission_required(Action.EDIT)
def moderation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    schema = campaign.questionnaire.current_version().as_schema()
    if request.method == "POST":
        decisions = [(key.split("|")[0], key.split("|")[-1], value) for name, value in request.POST.items()
                     if name.startswith("text:") and value and (key := name[5:])]  # fmt: skip
        try:
            done = review(campaign, schema, decisions)
        except ReviewError:
            messages.error(request, _("These decisions do not match the free answers of this consultation; "
                                      "nothing was recorded."))  # fmt: skip
            return redirect("consultation_team:moderation", slug=slug, pk=pk)
        messages.success(request, _("%(n)s decisions recorded.") % {"n": done})
        return redirect("consultation_team:moderation", slug=slug, pk=pk)
    texts = free_texts(campaign, schema)
    show = request.GET.get("show", "pending")
    if show not in ("pending", "approved", "rejected"):
        raise Http404
    chosen = [t for t in texts if (t.decision or "pending") == show]
    counts = {state: sum(1 for t in texts if (t.decision or "pending") == state)
              for state in ("pending", "approved", "rejected")}  # fmt: skip
    return render(request, "consultation/moderation.html", {
        "territory": request.territory, "campaign": campaign, "texts": chosen[:PAGE], "more": len(chosen) > PAGE,
        "show": show, "counts": counts,
    })  # fmt: skip


@permission_required(Action.EDIT)
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if request.method == "POST":
        form = PublicationForm(request.POST, instance=campaign)
        if form.is_valid():
            form.save()
            if campaign.published_to != Publication.PUBLIC:
                forget_public_exports(campaign)
            messages.success(request, _("Results are now shown to %(who)s.") % {
                "who": campaign.get_published_to_display()})  # fmt: skip
        else:
            messages.error(request, _("Choose who may see the results."))
    return redirect("consultation_team:results", slug=slug, pk=pk)


def _published(request: HttpRequest, pk: int) -> tuple[Campaign | None, HttpResponse | None]:
    """The campaign if this visitor may see its published results, else the refusal to send."""
    campaign = _campaign(request, pk)
    if may_read_results(request.user, campaign):
        return campaign, None
    if campaign.published_to == Publication.COMMITTEE:
        if not request.user.is_authenticated:
            return None, redirect_to_login(request.get_full_path())
        raise PermissionDenied
    raise Http404


@public
def published(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The results as the committee or the public see them: small cells folded, approved free texts only."""
    campaign, refusal = _published(request, pk)
    if refusal:
        return refusal
    context = dashboard(campaign, request.GET, approved_texts_only=True)
    context.update(territory=request.territory, preview=campaign.published_to == Publication.TEAM,
                   export_formats=FORMATS,
                   sections=[("results", _("Results")), *context["result_sections"]])  # fmt: skip
    return render(request, "consultation/published.html", context)


@public
def published_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The published answers as a file written in the background. Published for everyone, it is one
    shared document (made once for each state of the answers and reviews, its page public); published to
    the committee, each reader starts a job of their own (POST)."""
    campaign, refusal = _published(request, pk)
    if refusal:
        return refusal
    if fmt not in FORMATS:
        raise Http404
    if not enough_answers(campaign):
        messages.error(request, _("No export before 5 answers."))
        return redirect("consultation_team:published", slug=slug, pk=pk)
    params = {"campaign": campaign.pk, "fmt": fmt, "published": True}
    if campaign.published_to == Publication.PUBLIC:
        job = start_shared_job(export_answers, state=published_state(campaign), territory=request.territory, **params)
        return redirect(job_url(job))
    if request.method == "POST":
        job = start_job(export_answers, territory=request.territory, author=request.user, **params)
        return redirect(job_url(job))
    return render(request, "consultation/start_job.html", {
        "territory": request.territory, "campaign": campaign, "back": "consultation_team:published",
        "title": _("Anonymised answers (%(format)s)") % {"format": fmt.upper()},
        "lead": _("Every answer on one line, as published: approved free answers only, rare codes grouped as "
                  "« autres ». The file is written in the background: you follow it on its own page and "
                  "download it there."),
    })  # fmt: skip
