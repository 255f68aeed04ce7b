"""Opportunities through the pages: discovered from the warehouse and confirmed into declarations, pooled,
moved along the pipeline with reasons that feed the ranking back, their impact, the network, and the
action plan citing them."""

from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from tests.factories import ProjectFactory, sirene_establishments
from tests.factories import siret as valid_siret
from tests.jobs.inprocess import result_bytes, run_job
from tindus.jobs.models import Job
from tindus.plan import evidence
from tindus.synergies import opportunities
from tindus.synergies.compute import impact as core_impact
from tindus.synergies.compute.feedback import keys_for_match
from tindus.synergies.models import Declaration, EmissionFactor, Opportunity, Status, StatusChange
from tindus.synergies.ranking import candidates

from .conftest import ACIERIE, BOULANGERIE, PANNEAUX, SCIERIE, USINAGE

pytestmark = pytest.mark.django_db


def url(territory, name, **kwargs):
    return reverse(f"synergies:{name}", kwargs={"slug": territory.slug, **kwargs})


def declare(territory, siret, name, commune, direction, text, **fields):
    return Declaration.objects.create(territory=territory, siret=siret, company_name=name, commune=commune,
                                      direction=direction, category=fields.pop("category", "matieres"), text=text,
                                      **fields)  # fmt: skip


def test_a_discovered_hypothesis_is_followed_then_confirmed_into_declarations(team_client, sirene, auxois):
    page = team_client.get(url(auxois, "discover"))
    proposals = page.context["proposals"]
    sawdust = [row for row in proposals if "P001" in row[0].pattern_ids]
    assert sawdust, [row[0].title for row in proposals]
    proposal, _score, _note, signature, followed, _candidates = sawdust[0]
    assert followed is None and "hypothèse" in proposal.explanation
    assert (
        "SCIERIE DE MONTBARD" in page.content.decode() and "Idaho Forest Products Commission" in page.content.decode()
    )
    response = team_client.post(url(auxois, "discover"), {"signature": signature})
    opportunity = Opportunity.objects.get()
    assert response["Location"] == url(auxois, "opportunity", pk=opportunity.pk)
    assert opportunity.hypothesis and opportunity.status == Status.DETECTED and opportunity.kind == "discovery"
    assert {(c["siret"], c["role"]) for c in opportunity.companies} == {(SCIERIE, "provider"), (PANNEAUX, "receiver")}
    assert "P001" in opportunity.feedback_keys.split()[0]
    # a bad confirmation is refused at the field, nothing saved
    bad = team_client.post(url(auxois, "opportunity", pk=opportunity.pk),
                           {"action": "confirm", "siret": SCIERIE, "text": "sciure", "quantity": "-2",
                            "unit": "t"})  # fmt: skip
    assert bad.status_code == 400 and "quantity" in bad.context["confirm_form"].errors
    assert not Declaration.objects.exists()
    team_client.post(url(auxois, "opportunity", pk=opportunity.pk),
                     {"action": "confirm", "siret": SCIERIE, "text": "sciure sèche", "quantity": "30", "unit": "t",
                      "frequency": "mensuel"})  # fmt: skip
    opportunity.refresh_from_db()
    offer = Declaration.objects.get()
    assert (offer.siret, offer.direction, offer.origin, offer.quantity) == (SCIERIE, "resource", "discovery", 30)
    assert opportunity.offer == offer and opportunity.hypothesis and opportunity.status == Status.PROPOSED
    team_client.post(url(auxois, "opportunity", pk=opportunity.pk),
                     {"action": "confirm", "siret": PANNEAUX, "text": "sciure pour panneaux"})  # fmt: skip
    opportunity.refresh_from_db()
    assert opportunity.need.siret == PANNEAUX and not opportunity.hypothesis


# A data centre in Semur-en-Auxois and a greenhouse grower in Montbard, next to the fabric of conftest.py.
DATA_CENTRE, GREENHOUSE = valid_siret("2000000700001"), valid_siret("2000000800001")


@pytest.fixture
def with_heat(sirene):
    return sirene_establishments([(DATA_CENTRE, "21603", "63.11Z", "11", "DONNÉES DE SEMUR"),
                                  (GREENHOUSE, "21425", "01.13Z", "03", "SERRES DE MONTBARD")])  # fmt: skip


def resource_reasons(proposal):
    return [r for r in proposal.reasons if r.startswith("Lien par la ressource")]


def test_the_discovery_page_lists_each_reason_with_the_resource_and_its_source(team_client, with_heat, auxois):
    found = opportunities.discovered(auxois)
    html = team_client.get(url(auxois, "discover")).content.decode()
    assert "data/knowledge/" in html
    for proposal, *_rest in found:  # every reason of every proposal, each an item of its own list
        assert "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in proposal.reasons) + "</ul>" in html
    pairs = [(SCIERIE, PANNEAUX), (DATA_CENTRE, GREENHOUSE)]
    for provider, receiver in pairs:  # the sawmill's chips for the panels, the data centre's heat for the greenhouse
        proposal = next(p for p, *_rest in found if p.involves(provider, receiver) and resource_reasons(p))
        (reason,) = resource_reasons(proposal)
        assert any(source.citation() in reason for source in proposal.sources), reason
    linked = [p for p, *_rest in found if p.kind == "resource"]  # proposals no documented pattern names
    assert linked and all(resource_reasons(p) for p in linked)
    for proposal in linked:
        assert f"« {proposal.resource_label} »" in resource_reasons(proposal)[0]
        assert escape(proposal.kind_label) in html


def test_the_discovery_page_shows_the_estimated_probability_of_each_proposal(team_client, with_heat, auxois):
    found = opportunities.discovered(auxois)
    page = team_client.get(url(auxois, "discover"))
    html = page.content.decode()
    assert found and escape(gettext("Estimated probability of confirmation")) in html
    for (proposal, score, _note, _signature), row in zip(found, page.context["proposals"], strict=True):
        assert score == proposal.score  # no outcome recorded yet: the probability is the proposal's own
        shown = f"{proposal.score * 100:.0f}\u202f%"
        assert row[1] == shown and f"<strong>{shown}</strong>" in html
        assert proposal.kind == "io" or any(f"confirme : {shown}" in r for r in proposal.reasons)  # as its reasons say


def test_a_followed_hypothesis_keeps_one_reason_a_line(team_client, with_heat, auxois):
    proposal, score, _note, signature = next(row for row in opportunities.discovered(auxois)
                                             if row[0].involves(DATA_CENTRE, GREENHOUSE))  # fmt: skip
    team_client.post(url(auxois, "discover"), {"signature": signature})
    opportunity = Opportunity.objects.get()
    lines = opportunity.explanation.splitlines()
    assert lines[: len(proposal.reasons)] == list(proposal.reasons)
    assert lines[len(proposal.reasons) :] == ["— " + s.citation() for s in proposal.sources]
    html = team_client.get(url(auxois, "opportunity", pk=opportunity.pk)).content.decode()
    assert "<br>".join(escape(r) for r in proposal.reasons) in html


def test_the_pipeline_asks_a_reason_to_abandon_and_keeps_its_history(team_client, auxois):
    opportunity = Opportunity.objects.create(territory=auxois, kind="match", title="sciure", category="matieres",
                                             signature="s", status=Status.PROPOSED)  # fmt: skip
    target = url(auxois, "opportunity", pk=opportunity.pk)
    refused = team_client.post(target, {"action": "status", "status": "abandoned", "reason": "", "note": ""})
    assert refused.status_code == 400 and "reason" in refused.context["status_form"].errors
    for status in ("contact", "study"):
        team_client.post(target, {"action": "status", "status": status})
    team_client.post(target, {"action": "status", "status": "abandoned", "reason": "qualite", "note": "trop humide"})
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.abandon_reason, opportunity.abandon_note) == ("abandoned", "qualite",
                                                                                          "trop humide")  # fmt: skip
    assert list(StatusChange.objects.values_list("status", flat=True)) == ["contact", "study", "abandoned"]
    pipeline = team_client.get(url(auxois, "pipeline")).context["columns"]
    assert [len(items) for _value, _label, items in pipeline] == [0, 0, 0, 0, 0, 1]


def test_an_exchange_often_abandoned_for_quality_ranks_lower_next_time(team_client, auxois):
    need = declare(auxois, PANNEAUX, "PANNEAUX DE SEMUR", "21603", "need", "copeaux de bois", ewc="030105")
    sawdust = declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "21425", "resource", "copeaux de bois", ewc="030105")
    bark = declare(auxois, USINAGE, "USINAGE DE MONTBARD", "21425", "resource", "copeaux de bois", ewc="030101")
    before = candidates(need, facilitator=True)
    assert [c.declaration for c in before][0] == sawdust
    # earlier in the territory, three exchanges of 03 01 05 were abandoned for the material's quality and
    # three of 03 01 01 were implemented
    for i, (offered, status, reason) in enumerate([("030105", Status.ABANDONED, "qualite")] * 3
                                                  + [("030101", Status.IMPLEMENTED, "")] * 3):  # fmt: skip
        keys = keys_for_match(need.as_core(), replace(sawdust.as_core(), ewc=offered))
        Opportunity.objects.create(territory=auxois, kind="match", title=f"old {i}", category="matieres",
                                   signature=f"old{i}", status=status, abandon_reason=reason,
                                   feedback_keys=" ".join(keys))  # fmt: skip
    after = candidates(need, facilitator=True)
    first = after[0]
    assert first.declaration == bark, [(c.declaration.text, c.score) for c in after]
    penalised = next(c for c in after if c.declaration == sawdust)
    assert penalised.score < penalised.matcher_score and "qualité" in penalised.feedback_note
    assert "qualité" in team_client.get(url(auxois, "home")).content.decode()


def test_pooling_groups_three_companies_with_the_same_need(team_client, auxois):
    for siret, name, commune in ((SCIERIE, "SCIERIE", "21425"), (USINAGE, "USINAGE", "21425"),
                                 (ACIERIE, "ACIÉRIE", "21663")):  # fmt: skip
        declare(auxois, siret, name, commune, "need", "soudeurs", category="recrutement", rome="H2913")
    declare(auxois, BOULANGERIE, "BOULANGERIE", "21603", "need", "boulanger", category="recrutement", rome="D1102")
    pools = team_client.get(url(auxois, "pools")).context["pools"]
    assert len(pools) == 1
    pool, signature, followed, names = pools[0]
    assert sorted(names) == ["ACIÉRIE", "SCIERIE", "USINAGE"] and followed is None
    team_client.post(url(auxois, "pools"), {"signature": signature})
    opportunity = Opportunity.objects.get()
    assert opportunity.kind == "pooling" and len(opportunity.companies) == 3


def test_impact_of_an_implemented_synergy_and_its_territory_total(team_client, auxois):
    opportunity = Opportunity.objects.create(territory=auxois, kind="match", title="sciure", category="matieres",
                                             signature="s", status=Status.IMPLEMENTED)  # fmt: skip
    target = url(auxois, "opportunity", pk=opportunity.pk)
    refused = team_client.post(target, {"action": "impact", "tonnes_per_year": "-5"})
    assert refused.status_code == 400
    team_client.post(target, {"action": "impact", "tonnes_per_year": "120", "disposal_route": "stockage_isdnd_bois",
                              "virgin_material": "bois_plaquettes", "distance_km": "35",
                              "disposal_cost_eur_per_t": "90"})  # fmt: skip
    factors = {f.key: f.value for f in EmissionFactor.objects.filter(territory=auxois)}
    expected = 120 * (factors["stockage_isdnd_bois"] + factors["bois_plaquettes"]) / 1000
    expected -= 120 * 35 * factors[core_impact.DEFAULT_TRANSPORT] / 1000
    total = team_client.get(url(auxois, "impact")).context["total"]
    assert total.tonnes_diverted == 120 and total.co2e_avoided_t == pytest.approx(expected)
    assert total.euros_saved == pytest.approx(120 * 90)
    # the team edits a factor: the impact follows; a factor without source is refused
    wood = EmissionFactor.objects.get(territory=auxois, key="stockage_isdnd_bois")
    forms = list(EmissionFactor.objects.filter(territory=auxois))
    data = {"form-TOTAL_FORMS": len(forms), "form-INITIAL_FORMS": len(forms)}
    for i, f in enumerate(forms):
        data.update({f"form-{i}-id": f.pk, f"form-{i}-value": f.value, f"form-{i}-source": f.source,
                     f"form-{i}-vintage": f.vintage, f"form-{i}-notes": f.notes})  # fmt: skip
    position = forms.index(wood)
    assert team_client.post(url(auxois, "factors"), {**data, f"form-{position}-source": ""}).status_code == 400
    team_client.post(url(auxois, "factors"), {**data, f"form-{position}-value": "700"})
    total = team_client.get(url(auxois, "impact")).context["total"]
    assert total.co2e_avoided_t == pytest.approx(expected + 120 * (700 - factors["stockage_isdnd_bois"]) / 1000)


def test_the_network_shows_communities_and_the_most_connected(committee_client, auxois):
    def link(a, b, i, status=Status.IMPLEMENTED):
        Opportunity.objects.create(territory=auxois, kind="match", title=f"l{i}", category="matieres",
                                   signature=f"l{i}", status=status,
                                   companies=[{"siret": a, "name": a, "role": "provider"},
                                              {"siret": b, "name": b, "role": "receiver"}])  # fmt: skip

    link(SCIERIE, PANNEAUX, 1)
    link(SCIERIE, USINAGE, 2)
    link(ACIERIE, BOULANGERIE, 3, Status.ABANDONED)
    page = committee_client.get(url(auxois, "network"))
    assert page.context["ranking"][0][0].id == SCIERIE and page.context["ranking"][0][1] == 2
    assert "<svg" in page.content.decode() and "network.js" in page.content.decode()
    assert BOULANGERIE not in {node.id for node, degree, _w in page.context["ranking"]}
    data = committee_client.get(url(auxois, "network_json")).json()
    assert len(data["nodes"]) == 5


def test_an_action_plan_project_cites_an_opportunity(auxois, haut_doubs):
    opportunity = Opportunity.objects.create(territory=auxois, kind="pooling", title="Soudeurs", category="recrutement",
                                             signature="p")  # fmt: skip
    resolved = evidence.resolve("synergy", auxois, str(opportunity.pk))
    assert "Soudeurs" in resolved.label and resolved.url.endswith(f"/suivi/{opportunity.pk}/")
    with pytest.raises(evidence.UnknownEvidenceError):
        evidence.resolve("synergy", haut_doubs, str(opportunity.pk))
    project = ProjectFactory(territory=auxois)
    project.evidencelinks.create(kind="synergy", reference=str(opportunity.pk), label=resolved.label)
    assert project.evidencelinks.get().label == resolved.label


def test_the_follow_up_workbook_carries_its_source_and_impacts(committee_client, auxois):
    from io import BytesIO

    from openpyxl import load_workbook

    Opportunity.objects.create(territory=auxois, kind="match", title="Sciure", category="matieres", signature="s",
                               status=Status.IMPLEMENTED, tonnes_per_year=50, disposal_route="stockage_isdnd_bois",
                               synthetic=True)  # fmt: skip
    assert committee_client.get(url(auxois, "export")).status_code == 200  # a page with a button: nothing starts
    assert not Job.objects.exists()
    job = run_job(committee_client.post(url(auxois, "export")))
    sheet = load_workbook(BytesIO(result_bytes(job))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Source" in rows[0][0] and "synthétiques" in rows[0][0]
    line = dict(zip(rows[1], rows[2], strict=True))
    wood = EmissionFactor.objects.get(territory=auxois, key="stockage_isdnd_bois")
    assert line["Tonnes détournées"] == 50 and line["t CO2e évitées"] == pytest.approx(50 * wood.value / 1000, abs=0.01)
    assert wood.source in line["Facteurs utilisés"]


def test_the_discovery_page_compares_announced_probabilities_with_what_followed(team_client, sirene, auxois):
    assert team_client.get(url(auxois, "discover")).context["reliability"] is None  # nothing decided yet
    rows = team_client.get(url(auxois, "discover")).context["proposals"]
    first, second, third = rows[:3]
    for row in (first, second, third):
        team_client.post(url(auxois, "discover"), {"signature": row[3]})
    confirmed, dropped, pending = (Opportunity.objects.get(signature=row[3]) for row in (first, second, third))
    company = confirmed.companies[0]
    team_client.post(url(auxois, "opportunity", pk=confirmed.pk),
                     {"action": "confirm", "siret": company["siret"], "text": "confirmé par l'entreprise"})  # fmt: skip
    opportunities.move(dropped, Status.ABANDONED, None, reason="qualite")
    page = team_client.get(url(auxois, "discover"))
    reliability = page.context["reliability"]
    announced = [confirmed.score, dropped.score]
    assert reliability.n == 2 and pending.status == Status.DETECTED  # a pending hypothesis says nothing yet
    assert reliability.announced == pytest.approx(sum(min(1, s) for s in announced) / 2)
    assert reliability.observed == 0.5
    assert reliability.brier == pytest.approx(((min(1, announced[0]) - 1) ** 2 + min(1, announced[1]) ** 2) / 2)
    assert escape(gettext("How reliable these probabilities have been here")) in page.content.decode()
