"""The demo's synthetic synergies: declarations written for the warehouse's establishments by sector,
checked like any other, then what Tindus finds in them followed through the pipeline; all flagged."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import signed_in
from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.synergies import opportunities
from tindus.synergies.compute import declarations as core
from tindus.synergies.demo import load_demo_synergies, sector_declarations
from tindus.synergies.models import Declaration, Opportunity
from tindus.synergies.territory_impacts import implemented_impacts
from tindus.warehouse.demo import DEMO_DEPARTEMENTS
from tindus.warehouse.importer import import_file
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.services import get_warehouse

pytestmark = pytest.mark.django_db


def test_every_demo_declaration_passes_the_checks():
    known, dangerous = core.ewc_reference(), core.dangerous_ewc_codes()
    for _prefix, items in sector_declarations():
        for direction, category, text, fields in items:
            d = Declaration(siret="c", direction=direction, category=category, text=text, **fields).as_core()
            assert core.validate(d, known, {"c"}, dangerous) == {}, text


def test_the_demo_declares_follows_and_computes(sirene, auxois):
    followed = load_demo_synergies(auxois)
    declarations = Declaration.objects.filter(territory=auxois)
    assert declarations.exists() and all(d.synthetic for d in declarations)
    assert followed == Opportunity.objects.filter(territory=auxois).count() > 0
    assert all(o.synthetic for o in Opportunity.objects.filter(territory=auxois))
    statuses = set(Opportunity.objects.filter(territory=auxois).values_list("status", flat=True))
    assert "implemented" in statuses and len(statuses) >= 2
    rows, total = implemented_impacts(auxois)
    assert rows and total.co2e_avoided_t == pytest.approx(sum(i.co2e_avoided_t for _o, i in rows))
    assert load_demo_synergies(auxois) == 0  # a second start adds nothing


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory, django_db_setup, django_db_blocker):
    """The demo warehouse's synthetic SIRENE files (its départements, its seed 2026), at a twentieth of their size."""
    from tindus.warehouse.services import synth_inputs
    from tindus.warehouse.synth import generate

    folder = tmp_path_factory.mktemp("demo-warehouse")
    with django_db_blocker.unblock():
        communes, nafs = synth_inputs(DEMO_DEPARTEMENTS)
    generate(folder, communes, nafs, scale=0.05, seed=2026, parquet=False,
             outputs=frozenset({"stock-zip", "unites-legales"}))  # fmt: skip
    return folder


def test_both_demo_territories_discover_links_through_a_resource(demo_files, auxois, haut_doubs):
    warehouse = get_warehouse()
    sync_reference(warehouse)
    for name in ("StockUniteLegale_utf8.zip", "StockEtablissement_utf8.zip"):
        import_file(warehouse, demo_files / name)
    for territory in (auxois, haut_doubs):
        linked = [p for p, *_rest in opportunities.discovered(territory) if p.kind == "resource"]
        reasons = [r for p in linked for r in p.reasons if r.startswith("Lien par la ressource")]
        assert reasons, territory.name
        browser = signed_in(MembershipFactory(territory=territory, role=Role.TEAM).user)
        html = browser.get(reverse("synergies:discover", kwargs={"slug": territory.slug})).content.decode()
        assert all(f"<li>{escape(r)}</li>" in html for r in reasons), territory.name
