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

from ..dashboard import dashboard
from ..forms import PublicationForm
from ..models import Campaign, Publication
from ..moderation import ReviewError, free_texts, review
from ..publication import may_read_results
from .team import export_answers

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
                   sections=[("results", _("Results")), *context["result_sections"]])  # fmt: skip
    return render(request, "consultation/published.html", context)


@public
def published_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    campaign, refusal = _published(request, pk)
    if refusal:
        return refusal
    response = export_answers(campaign, fmt, published=True)
    if response is None:
        messages.error(request, _("No export before 5 answers."))
        return redirect("consultation_team:published", slug=slug, pk=pk)
    return response
