"""The demo's synthetic synergies: declarations written for the warehouse's establishments by sector,
checked like any other, then what Tindus finds in them followed through the pipeline; all flagged."""

import pytest

from tindus.synergies.compute import declarations as core
from tindus.synergies.demo import load_demo_synergies, sector_declarations
from tindus.synergies.models import Declaration, Opportunity
from tindus.synergies.territory_impacts import implemented_impacts

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
