"""ROME ↔ BMO job links: the official table when imported; meanwhile, links proposed by text similarity that
the team confirms or rejects (kept as the territory's correspondence)."""

from __future__ import annotations

from functools import lru_cache

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.referentials.models import RomeJob

from ..compute.matching import Proposal, propose_links
from ..forms import LinkDecisionForm
from ..models import RomeLink
from ..reference import fap2021

MAX_PROPOSED = 40


@lru_cache(maxsize=1)
def bmo_descriptions() -> tuple[dict[str, str], dict[str, str]]:
    fap = fap2021()
    return {code: fap.describe(code) for code in fap.labels["228"]}, dict(fap.labels["228"])


def proposals(codes: list[tuple[str, str]]) -> list[Proposal]:
    texts, labels = bmo_descriptions()
    return propose_links(codes, texts, labels=labels, top=3)


def codes_in_use(territory) -> tuple[list[str], int]:
    """The ROME 4.0 codes of the territory's actions and local needs, and how many actions carry ROME v3
    codes (LHÉO 2.2 files), which cannot be linked to the referential's 4.0 jobs."""
    used: set[str] = set()
    v3 = 0
    for rome, version in territory.training_actions.values_list("rome", "rome_version"):
        if version == "V3":
            v3 += 1
        elif rome:
            used.update(rome)
    used.update(territory.employment_needs.exclude(rome="").values_list("rome", flat=True))
    return sorted(used), v3


@permission_required(Action.VIEW_PRIVATE)
def links(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    decided = {(link.rome, link.job): link for link in territory.rome_links.all()}
    used, v3 = codes_in_use(territory)
    asked = request.GET.get("rome", "").strip().upper()
    confirmed = {rome for (rome, _job), link in decided.items() if link.status == RomeLink.Status.CONFIRMED}
    wanted = [code for code in used if code not in confirmed]
    if asked:
        wanted = [asked, *[c for c in wanted if c != asked]]
    labels = dict(RomeJob.objects.filter(code__in=wanted).values_list("code", "label"))
    unknown = asked if asked and asked not in labels else ""
    found = proposals([(c, labels[c]) for c in wanted[:MAX_PROPOSED] if c in labels])
    official = territory.official_link_tables.first()
    rome_labels = dict(RomeJob.objects.filter(code__in={r for r, _j in decided}).values_list("code", "label"))
    _texts, job_labels = bmo_descriptions()
    return render(
        request,
        "employment/links.html",
        {
            "territory": territory,
            "proposals": [(p, [(c, decided.get((p.rome, c.job))) for c in p.candidates]) for p in found],
            "decided": [
                (link, rome_labels.get(link.rome, ""), job_labels.get(link.job, "")) for link in decided.values()
            ],
            "official": official,
            "v3": v3,
            "asked": asked,
            "unknown": unknown,
        },
    )


@permission_required(Action.EDIT)
def link_decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm or reject a proposed link (or undo the decision); back to the links page."""
    form = LinkDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rome, job = form.cleaned_data["rome"].upper(), form.cleaned_data["job"].upper()
        if not RomeJob.objects.filter(code=rome).exists() or job not in fap2021().labels["228"]:
            messages.error(request, _("Unknown ROME or BMO job code."))
        elif form.cleaned_data["decision"] == "undo":
            request.territory.rome_links.filter(rome=rome, job=job).delete()
        else:
            RomeLink.objects.update_or_create(
                territory=request.territory, rome=rome, job=job,
                defaults={"status": form.cleaned_data["decision"], "decided_by": request.user},
            )  # fmt: skip
            messages.success(request, _("Decision recorded: %(rome)s → %(job)s.") % {"rome": rome, "job": job})
    return redirect("employment:links", slug=slug)
