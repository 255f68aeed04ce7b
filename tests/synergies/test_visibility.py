"""The one rule of who is named: which companies of an opportunity are anonymous, and what a viewer who is not
the team reads instead."""

import pytest

from tindus.synergies import opportunities
from tindus.synergies.models import Declaration, Opportunity
from tindus.synergies.visibility import Disclosure

from .conftest import ACIERIE, BOULANGERIE, PANNEAUX, SCIERIE

pytestmark = pytest.mark.django_db


def declare(territory, siret, name, direction, text, **fields):
    return Declaration.objects.create(territory=territory, siret=siret, company_name=name, direction=direction,
                                      category=fields.pop("category", "matieres"), text=text, **fields)  # fmt: skip


def follow(need, offer):
    return opportunities.follow_match(need, offer, None, 0.5, [])


def test_an_anonymous_side_is_hidden_the_other_named_and_the_team_sees_both(auxois):
    need = declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "need", "sciure", confidentiality="anonymous")
    offer = declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "resource", "sciure sèche")
    match = follow(need, offer)
    committee = Disclosure.of(auxois, editor=False, shown=[match])
    assert committee.hidden(match) == {ACIERIE}
    assert [(c["siret"], c["hidden"]) for c in committee.companies(match)] == [(SCIERIE, False), ("anonyme-1", True)]
    assert committee.title(match) == "sciure sèche → sciure"
    assert committee.redact(match, "appel à Aciérie des  Laumes, SIRET 200 000 040 00010") == (
        f"appel à {committee.pseudonym(ACIERIE)}, SIRET {committee.pseudonym(ACIERIE)}"
    )
    team = Disclosure.of(auxois, editor=True, shown=[match])
    assert team.hidden(match) == set() and team.anonymous_in(match) == {ACIERIE}
    assert team.title(match) == match.title and "ACIÉRIE DES LAUMES" in team.title(match)


def test_a_company_open_elsewhere_is_named_there_and_nothing_ties_it_to_its_pseudonym(auxois):
    hidden = follow(declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "need", "sciure", confidentiality="anonymous"),
                    declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "resource", "sciure"))  # fmt: skip
    open_ = follow(
        declare(auxois, PANNEAUX, "PANNEAUX DE SEMUR", "need", "chaleur", category="energie"),
        declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "resource", "chaleur fatale", category="energie"),
    )
    committee = Disclosure.of(auxois, editor=False, shown=[hidden, open_])
    assert {c["siret"] for c in committee.companies(open_)} == {ACIERIE, PANNEAUX}
    assert {c["siret"] for c in committee.companies(hidden)} == {SCIERIE, "anonyme-1"}


def test_pseudonyms_are_numbered_alike_on_every_page(auxois):
    first = follow(declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "need", "sciure", confidentiality="anonymous"),
                   declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "resource", "sciure"))  # fmt: skip
    second = follow(declare(auxois, BOULANGERIE, "BOULANGERIE", "need", "chaleur", category="energie",
                            confidentiality="anonymous"),
                    declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "resource", "chaleur", category="energie",
                            confidentiality="anonymous"))  # fmt: skip
    on_one_page = Disclosure.of(auxois, editor=False, shown=[second])
    on_another = Disclosure.of(auxois, editor=False, shown=[first, second])
    for disclosure in (on_one_page, on_another):
        assert [c["siret"] for c in disclosure.companies(second)] == ["anonyme-1", "anonyme-2"]


def test_anonymity_outlives_the_declaration_and_follows_its_changes(auxois):
    need = declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "need", "sciure", confidentiality="anonymous")
    match = follow(need, declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "resource", "sciure"))
    need.confidentiality = "territory"  # the company now shows itself
    need.save()
    assert Disclosure.of(auxois, editor=False).hidden(match) == set()
    need.confidentiality = "anonymous"
    need.save()
    need.delete()  # its declaration gone, what was recorded when the exchange was followed still holds
    match.refresh_from_db()
    assert match.need is None and Disclosure.of(auxois, editor=False).hidden(match) == {ACIERIE}
    assert "ACIÉRIE" not in Disclosure.of(auxois, editor=False).title(match)


def test_an_opportunity_followed_before_anonymity_was_recorded_is_read_from_the_company_s_declarations(auxois):
    declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "need", "soudeurs", category="recrutement",
            confidentiality="anonymous")  # fmt: skip
    pool = Opportunity.objects.create(
        territory=auxois, kind="pooling", title="Recrutement : soudeurs (dont ACIÉRIE DES LAUMES)",
        category="recrutement", signature="p",
        companies=[{"siret": ACIERIE, "name": "ACIÉRIE DES LAUMES", "role": "member"},
                   {"siret": SCIERIE, "name": "SCIERIE DE MONTBARD", "role": "member"}],
    )  # fmt: skip
    committee = Disclosure.of(auxois, editor=False, shown=[pool])
    assert committee.hidden(pool) == {ACIERIE}
    assert committee.title(pool) == f"Recrutement : soudeurs (dont {committee.pseudonym(ACIERIE)})"


def test_a_discovery_hypothesis_names_the_establishments_of_sirene(auxois):
    declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "resource", "chutes", confidentiality="anonymous")
    hypothesis = Opportunity.objects.create(
        territory=auxois, kind="discovery", title="chutes d'acier", category="matieres", signature="d",
        companies=[{"siret": ACIERIE, "name": "ACIÉRIE DES LAUMES", "role": "provider"}],
    )  # fmt: skip
    assert Disclosure.of(auxois, editor=False).hidden(hypothesis) == set()
