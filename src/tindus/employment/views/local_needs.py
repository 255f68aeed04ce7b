"""Local recruitment needs: a company representative declares its own establishment's, the team any (after a
meeting, or for a company that asked it to)."""

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

from ..consultation_block import add_block, has_block, recruitment_section, take_consultation_needs
from ..forms import LocalNeedForm
from ..models import LocalNeed
from ..reference import fap2021


def visible_needs(request: HttpRequest) -> QuerySet[LocalNeed]:
    scope = company_scope(request.user, request.territory)
    needs = request.territory.employment_needs.all()
    return needs if scope is None else needs.filter(siret__in=scope)


def _own(request: HttpRequest, pk: int) -> LocalNeed:
    need = get_object_or_404(LocalNeed, pk=pk, territory=request.territory)
    scope = company_scope(request.user, request.territory)
    if scope is not None and need.siret not in scope:
        raise PermissionDenied
    return need


@permission_required(Action.DECLARE)
def needs(request: HttpRequest, slug: str) -> HttpResponse:
    labels = fap2021().labels["228"]
    rows = [(n, labels.get(n.job, "")) for n in visible_needs(request)]
    return render(
        request,
        "employment/needs.html",
        {"territory": request.territory, "rows": rows, "team": company_scope(request.user, request.territory) is None},
    )


def _save(request: HttpRequest, need: LocalNeed | None) -> HttpResponse:
    scope = company_scope(request.user, request.territory)
    form = LocalNeedForm(request.POST or None, instance=need, sirets=scope)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.territory = request.territory
        if need is None:
            saved.origin = LocalNeed.Origin.TEAM if scope is None else LocalNeed.Origin.COMPANY
            saved.declared_by = request.user
        found = establishments([saved.siret]).get(saved.siret) if saved.siret else None
        if found is not None:
            saved.company_name = saved.company_name or found.name
            saved.commune = saved.commune or found.commune
        saved.label = saved.label or fap2021().labels["228"].get(saved.job, "")
        saved.save()
        messages.success(request, _("The recruitment need is saved."))
        return redirect("employment:needs", slug=request.territory.slug)
    return render(
        request,
        "employment/need_form.html",
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
        messages.success(request, _("The recruitment need is deleted."))
        return redirect("employment:needs", slug=slug)
    return render(request, "employment/need_delete.html", {"territory": request.territory, "need": need})


@permission_required(Action.EDIT)
def consultation(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation's question block on recruitment needs: which questionnaires have it; POST adds it to
    one of the territory's questionnaires."""
    territory = request.territory
    if request.method == "POST":
        questionnaire = get_object_or_404(territory.questionnaires, pk=request.POST.get("questionnaire") or 0)
        if add_block(questionnaire):
            messages.success(
                request, _("The question block is added to « %(title)s ».") % {"title": questionnaire.title}
            )
        else:
            messages.error(request, _("« %(title)s » has the question block already.") % {"title": questionnaire.title})
        return redirect("employment:consultation", slug=slug)
    rows = []
    for questionnaire in territory.questionnaires.all():
        version = questionnaire.current_version()
        rows.append((questionnaire, version is not None and has_block(version.as_schema())))
    taken = territory.employment_needs.filter(origin=LocalNeed.Origin.CONSULTATION).count()
    return render(
        request,
        "employment/consultation.html",
        {"territory": territory, "rows": rows, "section": recruitment_section(), "taken": taken},
    )


@permission_required(Action.EDIT)
def consultation_take(request: HttpRequest, slug: str) -> HttpResponse:
    """Take the needs of the answers given so far (each answer and job once); GET goes back to the block."""
    if request.method == "POST":
        added = take_consultation_needs(request.territory)
        messages.success(
            request,
            ngettext(
                "%(n)d need taken from the consultation's answers.",
                "%(n)d needs taken from the consultation's answers.",
                added,
            )
            % {"n": added},
        )
    return redirect("employment:consultation", slug=slug)
