"""Gaps become proposals: a project of the action plan citing the job, a training pathway exported as a LHÉO 2.3
action skeleton, a pooled recruitment when several companies close to each other share the need."""

import pytest
from django.urls import reverse

from tindus.employment.analysis import needs_report
from tindus.employment.compute.lheo import read_lheo
from tindus.employment.models import LocalNeed, Proposal, RomeLink
from tindus.plan.evidence import resolve
from tindus.plan.models import EvidenceLink

from .conftest import in_english

pytestmark = pytest.mark.django_db


def url(territory, name, **kwargs):
    return reverse(f"employment:{name}", kwargs={"slug": territory.slug, **kwargs})


def test_a_gap_becomes_a_project_of_the_plan_that_cites_it(national_bmo, territory, team):
    gap = needs_report(territory).territory_table.gaps[0]
    browser = in_english(team)
    response = browser.post(url(territory, "propose", job=gap.need.job), {"proposal-kind": "project"})
    proposal = Proposal.objects.get()
    assert response["Location"] == url(territory, "proposal", pk=proposal.pk)
    project = proposal.project
    assert project.territory == territory and project.status == "idea" and gap.need.name in project.title
    link = EvidenceLink.objects.get(project=project)
    assert (link.kind, link.reference) == ("employment", gap.need.job)
    assert resolve("employment", territory, gap.need.job).url == url(territory, "job", job=gap.need.job)
    assert proposal.evidence["year"] == 2025 and proposal.evidence["gap"] is True
    assert proposal.evidence["projects"][0] == pytest.approx(gap.need.projects.value)
    page = browser.get(reverse("plan:project", kwargs={"slug": territory.slug, "pk": project.pk}))
    assert link.label in page.content.decode()


def test_a_training_pathway_is_exported_as_a_valid_lheo_skeleton(national_bmo, territory, team):
    RomeLink.objects.create(territory=territory, rome="K1302", job="T2A60", status="confirmed")
    browser = in_english(team)
    form = {"proposal-kind": "training", "proposal-title": "Parcours ADVF"}
    browser.post(url(territory, "propose", job="T2A60"), form)
    proposal = Proposal.objects.get()
    assert proposal.project is None and proposal.title == "Parcours ADVF"
    response = browser.get(url(territory, "proposal_lheo", pk=proposal.pk))
    offers = read_lheo(response.content, name="skeleton.xml")  # validated against the LHÉO 2.3 schema
    assert offers.version == "LHÉO 2.3" and offers.actions[0].title == "Parcours ADVF"
    assert offers.actions[0].codes.rome == ("K1302",) and offers.actions[0].codes.rome_version == "V4"
    assert offers.sessions[0].start is None and offers.sessions[0].commune  # dates to fill, the territory's place
    browser.post(url(territory, "proposal_project", pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.project is not None and EvidenceLink.objects.filter(project=proposal.project).exists()


def test_a_pooled_recruitment_needs_two_companies_close_to_each_other(national_bmo, territory, team):
    browser = in_english(team)
    need = {"territory": territory, "origin": "company", "job": "D2X32", "difficulty": "strong"}
    LocalNeed.objects.create(siret="35600000000048", company_name="Peinture A", commune="25411", count=2, **need)
    response = browser.post(url(territory, "propose", job="D2X32"), {"proposal-kind": "pooled"}, follow=True)
    assert "at least two companies" in response.content.decode() and not Proposal.objects.exists()
    LocalNeed.objects.create(siret="44306184100047", company_name="Peinture B", commune="25356", count=3, **need)
    browser.post(url(territory, "propose", job="D2X32"), {"proposal-kind": "pooled"})
    proposal = Proposal.objects.get()
    assert [c["name"] for c in proposal.companies] == ["Peinture A", "Peinture B"]
    assert sum(c["people"] for c in proposal.companies) == 5


def test_the_committee_reads_proposals_but_does_not_make_them(national_bmo, territory, committee):
    browser = in_english(committee)
    assert browser.post(url(territory, "propose", job="T2A60"), {"proposal-kind": "project"}).status_code == 403
    assert browser.get(url(territory, "proposals")).status_code == 200
