"""Opportunities: discovered from open data, pooled, or matched between declarations, and their pipeline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, has_permission, permission_required
from tindus.plan.models import EvidenceLink

from .. import opportunities
from ..compute import declarations as core
from ..forms import ConfirmForm, ImpactForm, StatusForm
from ..models import Kind, Opportunity, Status, StatusChange
from ..names import company_names, naf_labels
from ..pages import page
from ..places import sirene_provenance
from ..territory_impacts import factor_rows, impact_of
from ..visibility import Disclosure, sees_names


@permission_required(Action.VIEW_PRIVATE)
def pipeline(request: HttpRequest, slug: str) -> HttpResponse:
    items = list(request.territory.synergy_opportunities.all())
    disclosure = Disclosure.of(request.territory, editor=sees_names(request.user, request.territory))
    shown = [disclosure.shown(o) for o in items]
    columns = [(value, label, [o for o in shown if o.status == value]) for value, label in Status.choices]
    return page(request, "pipeline.html", {"columns": columns,
                                                       "total": len(items)})  # fmt: skip


@permission_required(Action.VIEW_PRIVATE)
def opportunity(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One opportunity: why, who, its history; the team moves it along the pipeline and records its impact."""
    item = get_object_or_404(Opportunity, pk=pk, territory=request.territory)
    editor = has_permission(request.user, Action.EDIT, request.territory)
    factors = factor_rows(request.territory)
    status_form = StatusForm(initial={"status": item.status})
    impact_form = ImpactForm(instance=item, factors=factors)
    confirm_form = ConfirmForm()
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "status":
            status_form = StatusForm(request.POST)
            if status_form.is_valid():
                data = status_form.cleaned_data
                opportunities.move(item, data["status"], request.user, data["reason"], data["note"])
                messages.success(request, _("The status has been changed."))
                return redirect("synergies:opportunity", slug=slug, pk=pk)
        elif action == "impact":
            impact_form = ImpactForm(request.POST, instance=item, factors=factors)
            if impact_form.is_valid():
                impact_form.save()
                messages.success(request, _("The impact has been recomputed."))
                return redirect("synergies:opportunity", slug=slug, pk=pk)
        elif action == "confirm":
            confirm_form = ConfirmForm(request.POST)
            if confirm_form.is_valid() and _confirm(request, item, confirm_form):
                messages.success(request, _("The company's confirmation is now a declaration."))
                return redirect("synergies:opportunity", slug=slug, pk=pk)
        elif action == "agree" and request.POST.get("side") in ("offer", "need"):
            opportunities.agree(item, request.POST["side"], request.user)
            return redirect("synergies:opportunity", slug=slug, pk=pk)
        else:
            raise Http404
    disclosure = Disclosure.of(request.territory, editor=editor, shown=[item])
    roles = {"provider": _("provider"), "receiver": _("receiver"), "member": _("member")}
    companies = [{**c, "role_label": roles.get(c["role"], c["role"]),
                  # one confirmation form per company, each with ids of its own
                  "confirm_form": _confirm_form_of(confirm_form, c["siret"], index)}
                 for index, c in enumerate(disclosure.companies(item))]  # fmt: skip
    evidence_of = EvidenceLink.objects.filter(
        kind="synergy", reference=str(item.pk), project__territory=request.territory
    ).select_related("project")
    bound = any(f.is_bound and f.errors for f in (status_form, impact_form, confirm_form))
    return page(
        request,
        "opportunity.html",
        {"opportunity": item, "title": disclosure.title(item), "explanation": disclosure.redact(item, item.explanation),
         "changes": _changes(request, item, disclosure), "editor": editor, "status_form": status_form,
         "impact_form": impact_form, "confirm_form": confirm_form, "impact": impact_of(item, factors),
         "companies": companies, "evidence_of": evidence_of,
         # the two sides' agreement to be named (a pool has no sides: its anonymous members stay so)
         "anonymous": item.kind != Kind.POOLING and bool(disclosure.anonymous_in(item)),
         "unmatched_confirm_errors": [] if any(c["confirm_form"] is confirm_form for c in companies)
                                     else confirm_form.non_field_errors(),
         "agreement_sides": [("offer", item.offer_agrees, _("Record the provider's agreement")),
                             ("need", item.need_agrees, _("Record the receiver's agreement"))],
         "confirmable": item.kind == Kind.DISCOVERY and item.hypothesis},
        status=400 if bound else 200,
    )  # fmt: skip


def _changes(request: HttpRequest, item: Opportunity, disclosure: Disclosure) -> list[tuple[StatusChange, str, str]]:
    """The pipeline's log as this viewer may read it: (change, note, who). While a company is hidden, a note
    names it by its pseudonym, and only the team's members are named as the authors of changes (the person
    of an anonymous company moved it, or agreed, from its declaration page)."""
    rows = list(item.changes.select_related("by"))
    hidden = bool(disclosure.hidden(item))
    team = {u for u in {c.by for c in rows if c.by} if not hidden or sees_names(u, request.territory)}
    return [(c, disclosure.redact(item, c.note), (c.by.get_full_name() or c.by.username) if c.by in team else "")
            for c in rows]  # fmt: skip


def _confirm_form_of(submitted: ConfirmForm, siret: str, index: int) -> ConfirmForm:
    """The form shown next to a company: the one just submitted for it (with its messages), or a blank one."""
    auto_id = f"id_confirm_{index}_%s"
    if submitted.is_bound and submitted.data.get("siret") == siret:
        submitted.auto_id = auto_id
        return submitted
    return ConfirmForm(auto_id=auto_id)


def _confirm(request: HttpRequest, item: Opportunity, form: ConfirmForm) -> bool:
    data = form.cleaned_data
    if data["siret"] not in {c["siret"] for c in item.companies}:
        form.add_error(None, _("This company is not named by the hypothesis."))
        return False
    draft = core.Declaration(id="new", company=data["siret"], direction=core.NEED, category=item.category,
                             text=data["text"], quantity=data["quantity"], unit=data["unit"],
                             frequency=data["frequency"])  # fmt: skip
    problems = core.validate(draft, core.ewc_reference(), {data["siret"]})
    for field, message in problems.items():
        form.add_error(field if field in form.fields else None, message)
    if problems:
        return False
    opportunities.confirm(item, data["siret"], data["text"], request.user, data["quantity"], data["unit"],
                          data["frequency"])  # fmt: skip
    return True


@permission_required(Action.EDIT)
def discover(request: HttpRequest, slug: str) -> HttpResponse:
    """Synergies to discover before anyone declares anything, from the establishments in the warehouse."""
    found = opportunities.discovered(request.territory)
    if request.method == "POST":
        chosen = {signature: (p, score) for p, score, _note, signature in found}.get(request.POST.get("signature"))
        if chosen is None:
            messages.error(request, _("This hypothesis is no longer proposed: the data may have changed."))
            return redirect("synergies:discover", slug=slug)
        item = opportunities.follow_proposal(request.territory, chosen[0], chosen[1], request.user)
        messages.success(request, _("The hypothesis is now followed: confirm it with the companies."))
        return redirect("synergies:opportunity", slug=slug, pk=item.pk)
    followed = dict(request.territory.synergy_opportunities.filter(kind=Kind.DISCOVERY).values_list("signature", "pk"))
    activities = naf_labels(e.naf for p, *_rest in found for e in (*p.providers, *p.receivers))
    rows = [(p, probability_text(score), note, signature, followed.get(signature),
             [(_("provider"), e.name, activities.get(e.naf, e.naf), e.commune) for e in p.providers]
             + [(_("receiver"), e.name, activities.get(e.naf, e.naf), e.commune) for e in p.receivers])
            for p, score, note, signature in found]  # fmt: skip
    return page(
        request,
        "discover.html",
        {
            "proposals": rows,
            "provenance": sirene_provenance(),
            "reliability": opportunities.discovery_reliability(request.territory),
        },
    )


def probability_text(score: float) -> str:
    """A proposal's score (after the territory's feedback) as the percentage the page shows: « 42 % », as in
    the proposal's own reasons; feedback can lift a score above 1, a probability stops at 100 %."""
    return f"{min(max(score, 0.0), 1.0) * 100:.0f}\u202f%"


@permission_required(Action.EDIT)
def pools(request: HttpRequest, slug: str) -> HttpResponse:
    """Groups of three companies or more with the same need, each a single proposal."""
    found = opportunities.pools(request.territory)
    if request.method == "POST":
        chosen = {signature: pool for pool, signature in found}.get(request.POST.get("signature"))
        if chosen is None:
            messages.error(request, _("This group is no longer proposed: the declarations have changed."))
            return redirect("synergies:pools", slug=slug)
        item = opportunities.follow_pool(request.territory, chosen, request.user)
        return redirect("synergies:opportunity", slug=slug, pk=item.pk)
    followed = dict(request.territory.synergy_opportunities.filter(kind=Kind.POOLING).values_list("signature", "pk"))
    names = company_names(request.territory, [{"siret": c} for pool, _signature in found for c in pool.companies])
    rows = [(pool, signature, followed.get(signature), [names[c] for c in pool.companies])
            for pool, signature in found]  # fmt: skip
    return page(request, "pools.html", {"pools": rows})


@permission_required(Action.EDIT)
def opportunity_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(Opportunity, pk=pk, territory=request.territory)
    if request.method != "POST":
        return redirect("synergies:opportunity", slug=slug, pk=pk)
    item.delete()
    messages.success(request, _("The opportunity has been deleted."))
    return redirect("synergies:pipeline", slug=slug)
