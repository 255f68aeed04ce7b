"""Companies' land and premises needs: a company representative declares its own establishment's, the team
any, and takes them from a synergy pooling (a shared warehouse…) or from the consultation's answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, company_scope, permission_required
from tindus.synergies.places import establishments

from ..exchange_consultation import add_block, has_block, land_section, take_consultation_needs
from ..forms_exchange import NeedForm, PoolingNeedForm
from ..matching import refresh_matches
from ..models import LandNeed
from ..models.exchange import SERVICES
from .exchange_offers import commune_names


def visible_needs(request: HttpRequest) -> QuerySet[LandNeed]:
    scope = company_scope(request.user, request.territory)
    needs = request.territory.land_needs.all()
    return needs if scope is None else needs.filter(siret__in=scope)


def _own(request: HttpRequest, pk: int) -> LandNeed:
    need = get_object_or_404(LandNeed, pk=pk, territory=request.territory)
    scope = company_scope(request.user, request.territory)
    if scope is not None and need.siret not in scope:
        raise PermissionDenied
    return need


@permission_required(Action.DECLARE)
def needs(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    team = company_scope(request.user, territory) is None
    names, services = commune_names(territory), dict(SERVICES)
    rows = [
        (n, [names.get(c, c) for c in n.communes], [str(services.get(s, s)) for s in n.services])
        for n in visible_needs(request)
    ]
    pooling = PoolingNeedForm(territory=territory) if team else None
    return render(
        request,
        "land/exchange/needs.html",
        {
            "territory": territory,
            "rows": rows,
            "team": team,
            "pooling": pooling if pooling is not None and pooling.fields["opportunity"].queryset.exists() else None,
        },
    )


def _save(request: HttpRequest, need: LandNeed | None) -> HttpResponse:
    scope = company_scope(request.user, request.territory)
    form = NeedForm(request.POST or None, instance=need, territory=request.territory, sirets=scope)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.territory = request.territory
        if need is None:
            saved.origin = LandNeed.Origin.TEAM if scope is None else LandNeed.Origin.COMPANY
            saved.declared_by = request.user
        found = establishments([saved.siret]).get(saved.siret) if saved.siret else None
        if found is not None:
            saved.company_name = saved.company_name or found.name[:200]
        saved.save()
        refresh_matches(request.territory)
        messages.success(request, _("The land or premises need is saved."))
        return redirect("land:needs", slug=request.territory.slug)
    return render(
        request,
        "land/exchange/need_form.html",
        {"territory": request.territory, "form": form, "need": need},
        status=400 if form.errors else 200,
    )


@permission_required(Action.DECLARE)
def need_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _save(request, None)


@permission_required(Action.DECLARE)
def need_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _save(request, _own(request, pk))


@permission_required(Action.DECLARE)
def need_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    need = _own(request, pk)
    if request.method == "POST":
        need.delete()
        messages.success(request, _("The land or premises need is deleted."))
        return redirect("land:needs", slug=slug)
    return render(request, "land/exchange/need_delete.html", {"territory": request.territory, "need": need})


@permission_required(Action.EDIT)
def need_from_pooling(request: HttpRequest, slug: str) -> HttpResponse:
    """A need of the companies of a synergy pooling (once per pooling); GET goes back to the needs."""
    territory = request.territory
    if request.method != "POST":
        return redirect("land:needs", slug=slug)
    form = PoolingNeedForm(request.POST, territory=territory)
    if not form.is_valid():
        rows = [(n, [], []) for n in visible_needs(request)]
        return render(
            request,
            "land/exchange/needs.html",
            {"territory": territory, "rows": rows, "team": True, "pooling": form},
            status=400,
        )
    opportunity = form.cleaned_data["opportunity"]
    reference = f"opportunity:{opportunity.pk}"
    if territory.land_needs.filter(origin=LandNeed.Origin.POOLING, source_reference=reference).exists():
        messages.error(request, _("« %(title)s » already has its land need.") % {"title": opportunity.title})
        return redirect("land:needs", slug=slug)
    members = ", ".join(c.get("name", "") for c in opportunity.companies if c.get("name"))
    LandNeed.objects.create(
        territory=territory, origin=LandNeed.Origin.POOLING, source_reference=reference,
        company_name=(members or opportunity.title)[:200], kind=form.cleaned_data["kind"],
        transaction=form.cleaned_data["transaction"], surface_min=form.cleaned_data["surface_min"],
        surface_max=form.cleaned_data["surface_max"], description=opportunity.title,
        synthetic=opportunity.synthetic, declared_by=request.user,
    )  # fmt: skip
    refresh_matches(territory)
    messages.success(request, _("The need of « %(title)s » is added.") % {"title": opportunity.title})
    return redirect("land:needs", slug=slug)


@permission_required(Action.EDIT)
def needs_consultation(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation's question block on land and premises needs: which questionnaires have it; POST adds
    it to one of the territory's questionnaires."""
    territory = request.territory
    if request.method == "POST":
        questionnaire = get_object_or_404(territory.questionnaires, pk=request.POST.get("questionnaire") or 0)
        if add_block(questionnaire):
            messages.success(
                request, _("The question block is added to « %(title)s ».") % {"title": questionnaire.title}
            )
        else:
            messages.error(request, _("« %(title)s » has the question block already.") % {"title": questionnaire.title})
        return redirect("land:needs_consultation", slug=slug)
    rows = []
    for questionnaire in territory.questionnaires.all():
        version = questionnaire.current_version()
        rows.append((questionnaire, version is not None and has_block(version.as_schema())))
    taken = territory.land_needs.filter(origin=LandNeed.Origin.CONSULTATION).count()
    return render(
        request,
        "land/exchange/consultation.html",
        {"territory": territory, "rows": rows, "section": land_section(), "taken": taken},
    )


@permission_required(Action.EDIT)
def needs_from_consultation(request: HttpRequest, slug: str) -> HttpResponse:
    """Take the needs of the answers given so far (each answer once); GET goes back to the block's page."""
    if request.method == "POST":
        added = take_consultation_needs(request.territory)
        if added:
            refresh_matches(request.territory)
        messages.success(
            request,
            ngettext(
                "%(n)d land need taken from the consultation's answers.",
                "%(n)d land needs taken from the consultation's answers.",
                added,
            )
            % {"n": added},
        )
    return redirect("land:needs_consultation", slug=slug)
