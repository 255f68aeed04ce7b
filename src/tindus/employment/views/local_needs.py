"""Local recruitment needs: a company representative declares its own establishment's, the team any (after a
meeting, or for a company that asked it to)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, company_scope, permission_required
from tindus.synergies.places import establishments

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
