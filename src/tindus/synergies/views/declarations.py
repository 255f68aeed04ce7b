"""Declaring resources and needs, and the complementary declarations each one meets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tindus.accounts.permissions import Action, company_scope, has_permission, permission_required

from .. import intake, opportunities
from ..compute import declarations as core
from ..forms import DeclarationForm
from ..models import Declaration, Opportunity, Origin
from ..pages import page
from ..ranking import candidates


def _scoped(request: HttpRequest) -> tuple[frozenset[str] | None, object]:
    scope = company_scope(request.user, request.territory)
    rows = request.territory.synergy_declarations.all()
    if scope is not None:
        rows = rows.filter(siret__in=scope)
    return scope, rows


def _own(request: HttpRequest, pk: int) -> tuple[frozenset[str] | None, Declaration]:
    scope, rows = _scoped(request)
    return scope, get_object_or_404(rows, pk=pk)


def _ewc_codes() -> list[tuple[str, str]]:
    """The European List of Waste as suggestions: each code as the list writes it (« 16 06 01* »), its label."""
    return [
        (core.ewc_display(code, hazardous), label) for code, (label, hazardous) in sorted(core.ewc_reference().items())
    ]


@permission_required(Action.DECLARE)
def declarations(request: HttpRequest, slug: str) -> HttpResponse:
    scope, rows = _scoped(request)
    form = DeclarationForm(request.POST or None, territory=request.territory, sirets=scope)
    if request.method == "POST" and form.is_valid():
        declaration = form.save(commit=False)
        declaration.origin = Origin.TEAM if scope is None else Origin.COMPANY
        declaration.created_by = request.user
        declaration.save()
        messages.success(request, _("The declaration has been saved."))
        return redirect("synergies:declaration", slug=slug, pk=declaration.pk)
    return page(
        request,
        "declarations.html",
        {"declarations": rows, "form": form, "facilitator": scope is None,
         "ewc_codes": _ewc_codes()},
        status=400 if form.errors else 200,
    )  # fmt: skip


@permission_required(Action.DECLARE)
def declaration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One declaration: edit it, and see the complementary declarations of other companies, with why."""
    scope, item = _own(request, pk)
    form = DeclarationForm(request.POST or None, instance=item, territory=request.territory, sirets=scope,
                           initial={"siret": item.siret})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The declaration has been saved."))
        return redirect("synergies:declaration", slug=slug, pk=pk)
    facilitator = scope is None
    return page(
        request,
        "declaration.html",
        {"declaration": item, "form": form, "facilitator": facilitator,
         "candidates": candidates(item, facilitator=facilitator), "ewc_codes": _ewc_codes()},
        status=400 if form.errors else 200,
    )  # fmt: skip


@permission_required(Action.DECLARE)
def declaration_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _scope, item = _own(request, pk)
    if request.method != "POST":
        return redirect("synergies:declaration", slug=slug, pk=pk)
    item.delete()
    messages.success(request, _("The declaration has been deleted."))
    return redirect("synergies:declarations", slug=slug)


@permission_required(Action.DECLARE)
def follow_match(request: HttpRequest, slug: str, pk: int, other: int) -> HttpResponse:
    """Propose a candidate to both companies: the pair enters the pipeline as « proposée »."""
    scope, item = _own(request, pk)
    if request.method != "POST":
        return redirect("synergies:declaration", slug=slug, pk=pk)
    found = {c.declaration.pk: c for c in candidates(item, facilitator=scope is None, k=30)}
    if other not in found:
        raise PermissionDenied
    candidate = found[other]
    opportunity = opportunities.follow_match(
        item, candidate.declaration, request.user, candidate.score, candidate.reasons, candidate.distance_km
    )  # fmt: skip
    messages.success(request, _("The opportunity is now followed by the territory's team."))
    if has_permission(request.user, Action.VIEW_PRIVATE, request.territory):
        return redirect("synergies:opportunity", slug=slug, pk=opportunity.pk)
    return redirect("synergies:declaration", slug=slug, pk=pk)


@permission_required(Action.DECLARE)
def agree(request: HttpRequest, slug: str, pk: int, opportunity: int) -> HttpResponse:
    """The company of declaration ``pk`` agrees to reveal its identity to the other side of an opportunity."""
    _scope, item = _own(request, pk)
    followed = get_object_or_404(Opportunity, pk=opportunity, territory=request.territory)
    if request.method == "POST":
        side = "offer" if followed.offer_id == item.pk else "need" if followed.need_id == item.pk else None
        if side is None:
            raise PermissionDenied
        opportunities.agree(followed, side, request.user)
        messages.success(request, _("Your agreement is recorded: names are shown once both companies agree."))
    return redirect("synergies:declaration", slug=slug, pk=pk)


@permission_required(Action.EDIT)
def take_consultation(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("synergies:declarations", slug=slug)
    added = intake.take(request.territory)
    text = ngettext(
        "%(n)s declaration taken from the consultation.", "%(n)s declarations taken from the consultation.", added
    )
    messages.success(request, text % {"n": added})
    return redirect("synergies:declarations", slug=slug)
