"""Proposals born from gaps: made from a job's page, listed, exported as a LHÉO skeleton, turned into a
project of the action plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..analysis import territory_links
from ..forms import ProposalForm
from ..lheo_export import action_skeleton
from ..models import Proposal
from ..pooling import pools_for
from ..proposals import create_proposal, make_project
from ..reference import fap2021
from .needs import report_for


@permission_required(Action.EDIT)
def propose(request: HttpRequest, slug: str, job: str) -> HttpResponse:
    """Record a proposal for a job's gap (POST from the job's page); a pooled recruitment needs at least two
    companies that declared the need close to each other."""
    job = job.upper()
    name = fap2021().labels["228"].get(job)
    if name is None:
        raise Http404
    page = reverse("employment:job", kwargs={"slug": slug, "job": job})
    form = ProposalForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        if request.method == "POST":
            messages.error(request, _("Choose the kind of proposal."))
        return redirect(page)
    report, _settings = report_for(request)
    kind = form.cleaned_data["kind"]
    pool = None
    if kind == Proposal.Kind.POOLED:
        links, _official = territory_links(request.territory)
        needs = [n for n in request.territory.employment_needs.all() if n.job == job or job in links.get(n.rome, ())]
        pools = pools_for(request.territory, job, needs)
        if not pools:
            messages.error(
                request,
                _("A pooled recruitment needs at least two companies that declared this need within 40 km of each "
                  "other: declare their needs first."),
            )  # fmt: skip
            return redirect(page)
        pool = pools[0]
    proposal = create_proposal(
        request.territory, job=job, job_name=name, kind=kind, report=report, user=request.user,
        title=form.cleaned_data["title"], description=form.cleaned_data["description"], pool=pool,
    )  # fmt: skip
    messages.success(request, _("Proposal recorded: %(title)s.") % {"title": proposal.title})
    return redirect("employment:proposal", slug=slug, pk=proposal.pk)


@permission_required(Action.VIEW_PRIVATE)
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    items = request.territory.employment_proposals.select_related("project")
    return render(request, "employment/proposals.html", {"territory": request.territory, "proposals": items})


@permission_required(Action.VIEW_PRIVATE)
def proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(Proposal.objects.select_related("project"), pk=pk, territory=request.territory)
    return render(request, "employment/proposal.html", {"territory": request.territory, "proposal": item})


@permission_required(Action.VIEW_PRIVATE)
def proposal_lheo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A training pathway as a LHÉO 2.3 action skeleton for the Carif-Oref."""
    item = get_object_or_404(Proposal, pk=pk, territory=request.territory, kind=Proposal.Kind.TRAINING)
    links, _official = territory_links(request.territory)
    rome = sorted(code for code, jobs in links.items() if item.job in jobs)
    response = HttpResponse(action_skeleton(item, rome), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lheo-parcours-{item.job}-{item.pk}.xml"'
    return response


@permission_required(Action.EDIT)
def proposal_project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Make a project of the action plan of a proposal, citing the job as its evidence (POST)."""
    item = get_object_or_404(Proposal, pk=pk, territory=request.territory)
    if request.method == "POST":
        project = make_project(item, request.user)
        messages.success(request, _("Project created in the action plan: %(title)s.") % {"title": project.title})
        return redirect("plan:project", slug=slug, pk=project.pk)
    return redirect("employment:proposal", slug=slug, pk=pk)
