"""Matches of needs and offers: the proposals of each open need with their reasons, the pipeline, and a
match moved along it by the team."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, has_permission, permission_required

from ..forms_exchange import StageForm
from ..matching import describe, move, refresh_matches
from ..models import LandNeed, OfferMatch
from .exchange_offers import commune_names


@permission_required(Action.VIEW_PRIVATE)
def matches(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    names = commune_names(territory)
    editor = has_permission(request.user, Action.EDIT, territory)
    rows = OfferMatch.objects.filter(need__territory=territory).select_related("need", "offer")
    by_need: dict[int, list] = {}
    for m in rows:
        form = StageForm(initial={"stage": m.stage, "note": m.note}, auto_id=f"match{m.pk}_%s") if editor else None
        by_need.setdefault(m.need_id, []).append((m, [describe(r, names) for r in m.reasons], form))
    needs = [(n, by_need.get(n.pk, [])) for n in territory.land_needs.all()]
    pipeline = [(stage, label, rows.filter(stage=stage).count()) for stage, label in OfferMatch.Stage.choices]
    sections = [("proposals", _("Proposals by need")), ("pipeline", _("Pipeline"))]
    return render(
        request,
        "land/exchange/matches.html",
        {
            "territory": territory,
            "needs": needs,
            "pipeline": pipeline,
            "sections": sections,
            "open_needs": territory.land_needs.filter(status=LandNeed.Status.OPEN).count(),
        },
    )


@permission_required(Action.EDIT)
def matches_refresh(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        done = refresh_matches(request.territory)
        messages.success(
            request,
            ngettext("%(n)d new proposal.", "%(n)d new proposals.", done.created) % {"n": done.created}
            + " "
            + _("%(u)d updated, %(r)d no longer proposed.") % {"u": done.updated, "r": done.removed},
        )
    return redirect("land:matches", slug=slug)


@permission_required(Action.EDIT)
def match_stage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Move a match to a stage of the pipeline; concluding marks the offer taken and the need met."""
    match = get_object_or_404(
        OfferMatch.objects.select_related("need", "offer"), pk=pk, need__territory=request.territory
    )
    if request.method == "POST":
        form = StageForm(request.POST)
        if form.is_valid():
            move(match, form.cleaned_data["stage"], form.cleaned_data["note"])
            messages.success(request, _("« %(match)s » is now at the stage « %(stage)s ».")
                             % {"match": match, "stage": match.get_stage_display()})  # fmt: skip
        else:
            messages.error(request, _("Choose a stage of the pipeline."))
    return redirect("land:matches", slug=slug)
