"""The territory's synergies at a glance: pipeline, impact with its factors, and the network of companies."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.forms import modelformset_factory
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, permission_required

from ..compute import network as graph
from ..export import workbook
from ..forms import EmissionFactorForm
from ..models import Category, EmissionFactor, Status
from ..pages import page
from ..ranking import feedback_model, key_label
from ..territory_impacts import factor_rows, implemented_impacts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    return page(request, "impact.html", {"rows": rows, "total": total, "factors": factor_rows(request.territory)})


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


@permission_required(Action.VIEW_PRIVATE)
def network(request: HttpRequest, slug: str) -> HttpResponse:
    """Companies linked by the synergies followed, their communities and the most connected ones."""
    abandoned = request.GET.get("abandonnees") == "1"
    built = graph.from_synergies(request.territory.synergy_opportunities.all(), include_abandoned=abandoned)
    svg = graph.to_svg(
        built, title=_("Network of synergies between companies"), empty_text=_("No synergy to show yet."),
        community_label=_("Community {number}"), isolated_label=_("Without active synergy"),
        status_labels={k: str(v) for k, v in Status.choices}, kind_labels={k: str(v) for k, v in Category.choices},
    )  # fmt: skip
    communities = [(i + 1, [built.nodes[n].label for n in members]) for i, members in enumerate(built.communities)
                   if len(members) > 1]  # fmt: skip
    return page(request, "network.html", {"svg": svg, "network": built, "communities": communities,
                                          "ranking": [r for r in built.ranking if r[1] > 0][:10]})  # fmt: skip


@permission_required(Action.VIEW_PRIVATE)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """The follow-up and impacts as a workbook, for the committee."""
    response = HttpResponse(workbook(request.territory), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="synergies-{slug}.xlsx"'
    return response


@permission_required(Action.VIEW_PRIVATE)
def network_json(request: HttpRequest, slug: str) -> HttpResponse:
    territory = request.territory
    synthetic = territory.synergy_opportunities.filter(synthetic=True).exists()
    source = _("Opportunities followed by the team of %(name)s, in Tindus.") % {"name": territory.name}
    built = graph.from_synergies(territory.synergy_opportunities.all())
    return JsonResponse({"source": source, "synthetic": synthetic, **graph.to_json(built)})
