"""The ranking of the companies a participant should meet, on plain data with the real knowledge base: the
documented exchange patterns and the INSEE input-output table shipped with the synergies engine."""

import pytest

from tindus.events.compute.suggestions import Profile, rank_all, suggest
from tindus.synergies.compute import discovery
from tindus.synergies.compute.declarations import Company, Declaration

MORTEAU = (47.058, 6.606)
AVOUDREY = (47.131, 6.359)


@pytest.fixture(scope="module")
def knowledge():
    return {"knowledge": discovery.load_knowledge()}


def profile(id, naf, where=MORTEAU, band="12", **fields):
    return Profile(id=id, siret=f"s{id}", name=fields.pop("name", f"Entreprise {id}"), naf=naf, commune="25411",
                   lat=where[0], lon=where[1], size_band=band, **fields)  # fmt: skip


@pytest.fixture
def wood_and_others():
    return [
        profile("1", "16.10A", name="Scierie"),
        profile("2", "16.21Z", AVOUDREY, "21", name="Panneaux"),
        profile("3", "10.71A", name="Boulangerie", band="03"),
        profile("4", "47.11B", name="Supérette", band="02"),
        profile("5", "96.02A", name="Coiffure", band="01"),
    ]


def test_a_sawmill_and_a_panel_maker_rank_first_for_each_other_naming_the_exchange(knowledge, wood_and_others):
    sawmill = suggest(wood_and_others, "1", **knowledge)
    panels = suggest(wood_and_others, "2", **knowledge)
    assert sawmill[0].other == "2" and panels[0].other == "1"
    assert sawmill[0].score > max((s.score for s in sawmill[1:]), default=0)
    documented = [r for r in sawmill[0].reasons if r.kind == "pattern"]
    assert documented and any("scierie" in r.text.lower() for r in documented)  # « Sciures, copeaux… de scierie »
    assert "you could supply" in documented[0].text  # the sawmill gives…
    assert "could supply you" in [r for r in panels[0].reasons if r.kind == "pattern"][0].text  # …the panels take
    assert any(r.kind == "supply" for r in sawmill[0].reasons)  # the same A38 branch (wood) buys from itself


def test_without_the_knowledge_base_sectors_alone_suggest_nothing(wood_and_others):
    assert suggest(wood_and_others, "1") == []


def test_what_one_offers_meets_what_the_other_seeks_in_either_direction():
    people = [
        profile("1", "", seeks=("formation",), offers=("logistique",)),
        profile("2", "", offers=("competences",)),  # skills meet a training need (the matcher's rule)
        profile("3", "", seeks=("logistique",)),
        profile("4", "", offers=("eau",)),
    ]
    labels = {"formation": "formation", "competences": "compétences", "logistique": "logistique"}
    ranked = rank_all(people, labels=labels)
    assert [s.other for s in ranked["1"]] == ["2", "3"]
    assert ranked["1"][0].reason == "This company offers « compétences », which you seek (« formation »)."
    assert ranked["1"][1].reason == "This company seeks « logistique », which you offer."
    assert ranked["4"] == []


def test_the_same_need_in_a_pooling_category_suggests_a_joint_approach():
    people = [profile("1", "", seeks=("recrutement",)), profile("2", "", seeks=("recrutement", "matieres")),
              profile("3", "", seeks=("matieres",))]  # fmt: skip
    ranked = rank_all(people)
    assert [s.other for s in ranked["1"]] == ["2"] and ranked["1"][0].reasons[0].kind == "pooling"
    assert ranked["3"] == []  # materials are exchanged, not pooled


def test_pairs_already_asked_met_or_forbidden_are_left_out(knowledge, wood_and_others):
    ranked = rank_all(wood_and_others, exclude=[frozenset({"1", "2"})], **knowledge)
    assert "2" not in [s.other for s in ranked["1"]] and "1" not in [s.other for s in ranked["2"]]


def test_declarations_in_the_territory_are_matched_and_pooled():
    people = [profile("1", "", name="A"), profile("2", "", name="B"), profile("3", "", name="C")]
    companies = [Company(p.siret, p.name, "25411", *MORTEAU) for p in people]
    declarations = [
        Declaration("d1", "s1", "resource", "matieres", "Copeaux de bois", ewc="030105"),
        Declaration("d2", "s2", "need", "matieres", "Copeaux pour chaudière", ewc="030105"),
        Declaration("d3", "s1", "need", "recrutement", "Soudeur", rome=("H2913",)),
        Declaration("d4", "s3", "need", "recrutement", "Soudeurs", rome=("H2913",)),
    ]
    ranked = rank_all(people, companies=companies, declarations=declarations)
    match = [r for r in ranked["2"][0].reasons if r.kind == "declarations"]
    assert ranked["2"][0].other == "1" and "Copeaux de bois" in match[0].text
    pool = [r for r in ranked["3"][0].reasons if r.kind == "pooling"]
    assert ranked["3"][0].other == "1" and "H2913" in pool[0].text


def test_the_list_is_cut_and_reproducible(knowledge, wood_and_others):
    people = wood_and_others + [profile(str(i), "16.10A", name=f"Scierie {i}") for i in range(6, 12)]
    first = suggest(people, "2", k=3, **knowledge)
    assert len(first) == 3 and first == suggest(people, "2", k=3, **knowledge)
    scores = [s.score for s in first]
    assert scores == sorted(scores, reverse=True)


def test_one_participant_s_list_is_the_one_ranked_for_everybody(knowledge, wood_and_others):
    people = [*wood_and_others, profile("6", "25.62A", seeks=("formation",)), profile("7", "", offers=("formation",))]
    everybody = rank_all(people, **knowledge)
    for p in people:
        assert rank_all(people, viewers=[p.id], **knowledge) == {p.id: everybody[p.id]}


@pytest.mark.filterwarnings("error")
def test_a_company_the_map_cannot_place_is_left_out_of_the_declarations():
    nowhere = float("nan")
    people = [profile("1", ""), profile("2", ""), profile("3", "")]
    companies = [Company("s1", "A", "25411", *MORTEAU), Company("s2", "B", "25411", *MORTEAU),
                 Company("s3", "C", "", nowhere, nowhere)]  # fmt: skip
    declarations = [Declaration("d1", "s1", "resource", "matieres", "Copeaux de bois", ewc="030105"),
                    Declaration("d2", "s2", "need", "matieres", "Copeaux", ewc="030105"),
                    Declaration("d3", "s3", "need", "matieres", "Copeaux", ewc="030105")]  # fmt: skip
    ranked = rank_all(people, companies=companies, declarations=declarations)
    assert [s.other for s in ranked["1"]] == ["2"] and ranked["3"] == []
