"""The territory's synergies at a glance: pipeline, impact with its factors, and the network of companies."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.forms import modelformset_factory
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required
from tindus.core.collation import french_key, sorted_by_name
from tindus.jobs.api import job_url, start_job
from tindus.territories.models import Territory

from ..compute import network as graph
from ..forms import EmissionFactorForm
from ..key_labels import key_label
from ..models import Category, EmissionFactor, Status
from ..names import naf_labels
from ..pages import page
from ..ranking import feedback_model
from ..tasks import export_synergies_workbook
from ..territory_impacts import factor_rows, implemented_impacts
from ..visibility import Disclosure, sees_names

NETWORK_LABELLED = 12  # names written on the drawing at most; the others on pointing or focus


@permission_required(Action.VIEW_PRIVATE)
def home(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    opportunities = list(territory.synergy_opportunities.all())
    counts = [(label, sum(1 for o in opportunities if o.status == value)) for value, label in Status.choices]
    declarations = territory.synergy_declarations.all()
    _rows, total = implemented_impacts(territory)
    model = feedback_model(territory)
    learnt = [(key_label(key), model.multiplier(key), model.explain(key)) for key in sorted(model.stats)]
    return page(request, "home.html", {
        "counts": counts, "n_opportunities": len(opportunities), "total": total,
        "n_resources": declarations.filter(direction="resource").count(),
        "n_needs": declarations.filter(direction="need").count(),
        "n_companies": declarations.values("siret").distinct().count(), "learnt": learnt,
    })  # fmt: skip


@permission_required(Action.VIEW_PRIVATE)
def impact(request: HttpRequest, slug: str) -> HttpResponse:
    """Each implemented synergy's impact and the territory's total, with every factor's source."""
    rows, total = implemented_impacts(request.territory)
    disclosure = Disclosure.of(request.territory, editor=sees_names(request.user, request.territory))
    titled = [(o, disclosure.title(o), result) for o, result in rows]
    return page(request, "impact.html", {"rows": titled, "total": total, "factors": factor_rows(request.territory)})


@permission_required(Action.EDIT)
def factors(request: HttpRequest, slug: str) -> HttpResponse:
    """The territory's emission factors, editable; each keeps its source and vintage."""
    factor_rows(request.territory)  # seeds the territory's copy on first use
    formset_class = modelformset_factory(EmissionFactor, form=EmissionFactorForm, extra=0)
    queryset = request.territory.emission_factors.all()
    formset = formset_class(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, _("The emission factors have been saved."))
        return redirect("synergies:impact", slug=slug)
    return page(request, "factors.html", {"formset": formset}, status=400 if request.method == "POST" else 200)


def _network(territory: Territory, *, editor: bool, include_abandoned: bool = False) -> graph.Network:
    """The network of the territory's followed synergies, each company by its name, commune and activity, as
    far as the viewer may name it (a hidden company is a pseudonym, without commune or activity)."""
    items = list(territory.synergy_opportunities.all())
    disclosure = Disclosure.of(territory, editor=editor, shown=items, places=True)
    shown = [disclosure.shown(o) for o in items]
    activities = naf_labels(s.naf for s in disclosure.details.values())
    known = {siret: graph.Node(siret, s.label, activities.get(s.naf, s.naf), s.commune)
             for siret, s in disclosure.details.items()}  # fmt: skip
    known |= {c["siret"]: graph.Node(c["siret"], c["name"]) for o in shown for c in o.companies if c["hidden"]}
    return graph.from_synergies(shown, include_abandoned=include_abandoned, known=known)


def _link_rows(built: graph.Network, statuses: dict[str, str], kinds: dict[str, str]) -> list[tuple]:
    """One row per pair of linked companies, for the table that says what the drawing shows."""
    rows = []
    for u, v, data in built.graph.edges(data=True):
        a, b = sorted((built.nodes[u], built.nodes[v]), key=lambda node: french_key(node.label))
        what = " ; ".join(data["labels"]) or ", ".join(kinds.get(k, k) for k in data["kinds"])
        rows.append((a, b, what, ", ".join(statuses.get(x, x) for x in data["statuses"]), data["active"]))
    return sorted(rows, key=lambda row: (french_key(row[0].label), french_key(row[1].label)))


@permission_required(Action.VIEW_PRIVATE)
def network(request: HttpRequest, slug: str) -> HttpResponse:
    """Companies linked by the synergies followed, their communities and the most connected ones."""
    abandoned = request.GET.get("abandonnees") == "1"
    editor = sees_names(request.user, request.territory)
    built = _network(request.territory, editor=editor, include_abandoned=abandoned)
    statuses = {k: str(v) for k, v in Status.choices}
    kinds = {k: str(v) for k, v in Category.choices}
    svg = graph.to_svg(
        built, title=_("Network of synergies between companies"), empty_text=_("No synergy to show yet."),
        community_label=_("Community {number}"), isolated_label=_("Without active synergy"),
        labelled=NETWORK_LABELLED,
        status_labels=statuses, kind_labels=kinds,
    )  # fmt: skip
    communities = [
        (i + 1, sorted_by_name((built.nodes[n] for n in members), name=lambda node: node.label),
         graph.colour(built, members[0]))
        for i, members in enumerate(built.communities) if len(members) > 1
    ]  # fmt: skip
    links = _link_rows(built, statuses, kinds)
    ranking = [r for r in built.ranking if r[1] > 0][:10]
    sections = [("network-drawing", _("Drawing of the network"))]
    sections += [("network-connected", _("Most connected companies"))] if ranking else []
    sections += [("network-communities", _("Communities"))] if communities else []
    sections += [("network-links", _("Every link"))] if links else []
    return page(request, "network.html", {
        "svg": svg, "network": built, "communities": communities, "links": links, "ranking": ranking,
        "labelled": NETWORK_LABELLED, "sections": sections if len(sections) > 1 else [],
    })  # fmt: skip


@permission_required(Action.VIEW_PRIVATE)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """The follow-up and impacts as a workbook, for the committee, built in the background (POST) and
    downloaded from the job's page; anonymous companies as its author may see them when it is built (see
    :mod:`..visibility`)."""
    if request.method == "POST":
        job = start_job(export_synergies_workbook, territory=request.territory, author=request.user)
        return redirect(job_url(job))
    return page(request, "export.html", {})


@permission_required(Action.VIEW_PRIVATE)
def network_json(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    synthetic = territory.synergy_opportunities.filter(synthetic=True).exists()
    source = _("Opportunities followed by the team of %(name)s, in Tindus.") % {"name": territory.name}
    built = _network(territory, editor=sees_names(request.user, territory))
    return JsonResponse({"source": source, "synthetic": synthetic, **graph.to_json(built)})
