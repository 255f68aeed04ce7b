"""Pooling: groups of three companies or more with the same need, split by distance, scored, explained."""

import random

import pytest

from tindus.synergies.compute.declarations import Company, Declaration
from tindus.synergies.compute.pooling import find_pools, subject_stems

# Around Besançon (A, B, C, D within ~5 km, F about 26 km by road) and Dijon (E, G, H, about 100 km away).
COMPANIES = [
    Company("A", "Fonderie A", "Besançon", 47.240, 6.020),
    Company("B", "Mécanique B", "Besançon", 47.250, 6.035),
    Company("C", "Usinage C", "Besançon", 47.230, 6.000),
    Company("D", "Décolletage D", "Besançon", 47.255, 6.010),
    Company("F", "Forge F", "Baume-les-Dames", 47.400, 6.150),
    Company("E", "Emboutissage E", "Dijon", 47.320, 5.040),
    Company("G", "Galvanisation G", "Dijon", 47.330, 5.050),
    Company("H", "Hydraulique H", "Dijon", 47.310, 5.030),
]


def need(id, company, category, **fields) -> Declaration:
    return Declaration(id=id, company=company, direction="need", category=category, **fields)


def offer(id, company, category, **fields) -> Declaration:
    return Declaration(id=id, company=company, direction="resource", category=category, **fields)


def pools_by_key(declarations, **options):
    return {p.key: p for p in find_pools(COMPANIES, declarations, **options)}


def test_recruitment_of_the_same_rome_job_is_one_pool():
    pools = find_pools(
        COMPANIES,
        [
            need("1", "A", "recrutement", rome=("H2903",), quantity=2, unit="personnes", frequency="annuel"),
            need("2", "B", "recrutement", rome=("H2903",), quantity=1, unit="personnes", frequency="annuel"),
            need("3", "C", "competences", rome=("H2903",), quantity=3, unit="personnes", frequency="annuel"),
            need("4", "D", "recrutement", rome=("N1103",)),
        ],
    )
    assert len(pools) == 1
    pool = pools[0]
    assert pool.key == "rome:H2903"
    assert pool.title == "Recrutement mutualisé : H2903 (3 entreprises)"
    assert pool.companies == ("A", "B", "C") and pool.declarations == ("1", "2", "3")
    assert pool.total_quantity == 6 and pool.quantity_unit == "personnes" and pool.quantified == 3
    assert "groupement d'employeurs" in pool.explanation and "km" in pool.explanation
    assert 0 < pool.max_distance_km < 10 and 0 < pool.score <= 1


def test_a_company_counts_once():
    declarations = [
        need("1", "A", "recrutement", rome=("H2903",)),
        need("2", "A", "recrutement", rome=("H2903",), text="deuxième site"),
        need("3", "B", "recrutement", rome=("H2903",)),
    ]
    assert find_pools(COMPANIES, declarations) == []
    pools = find_pools(COMPANIES, declarations, min_companies=2)
    assert pools[0].companies == ("A", "B") and pools[0].declarations == ("1", "2", "3")


def test_only_needs_are_pooled_except_waste_collection():
    declarations = [offer(str(i), c, "recrutement", rome=("H2903",)) for i, c in enumerate("ABC")]
    declarations += [need(f"n{i}", c, "matieres", ewc="120101", text="chutes d'acier") for i, c in enumerate("ABC")]
    assert find_pools(COMPANIES, declarations) == []


def test_training_needs_written_differently_share_a_pool():
    assert set(subject_stems("formation cariste CACES")) == set(subject_stems("CACES cariste formations"))
    pools = pools_by_key(
        [
            need("1", "A", "formation", text="formation cariste CACES"),
            need("2", "B", "formation", text="CACES cariste formations"),
            need("3", "C", "formation", text="Formation CACES chariot cariste"),
            need("4", "D", "formation", text="formation soudure TIG"),
        ]
    )
    assert list(pools) == ["formation:cac+carist"]
    pool = pools["formation:cac+carist"]
    assert pool.companies == ("A", "B", "C")
    assert pool.title == "Formation mutualisée : cariste CACES (3 entreprises)"
    assert "mots en commun : cariste, CACES." in pool.explanation


def test_purchasing_logistics_and_equipment():
    pools = pools_by_key(
        [
            need("1", "A", "achats", text="achats groupés de gants de protection"),
            need("2", "B", "achats", text="gants de protection"),
            need("3", "C", "achats", text="Achat de gants de protection nitrile"),
            need("4", "A", "logistique", text="transport frigorifique vers Lyon"),
            need("5", "B", "logistique", text="transport frigorifique Lyon"),
            need("6", "D", "logistique", text="transport frigorifique mutualisé vers Lyon"),
            need("7", "A", "equipements", equipment="Presse plieuse"),
            need("8", "C", "equipements", equipment="presse  plieuse"),
            need("9", "D", "equipements", equipment="presse plieuse"),
        ]
    )
    assert set(pools) == {"achats:gant+protect", "logistique:frigorif+lyon+transport", "equipement:presse_plieuse"}
    assert pools["achats:gant+protect"].title == "Achats groupés : gants de protection (3 entreprises)"
    assert pools["logistique:frigorif+lyon+transport"].title.startswith(
        "Logistique mutualisée : transport frigorifique vers Lyon"
    )
    assert pools["equipement:presse_plieuse"].companies == ("A", "C", "D")


def test_waste_collection_pools_resources_by_subchapter_hazardous_apart():
    pools = pools_by_key(
        [
            offer("1", "A", "matieres", ewc="120101", quantity=2, unit="t", frequency="mensuel"),
            offer("2", "B", "matieres", ewc="120103", quantity=500, unit="kg", frequency="annuel"),
            offer("3", "C", "matieres", ewc="120102"),
            offer("4", "D", "matieres", ewc="120109", hazardous=True),  # emulsions: hazardous
            offer("5", "F", "matieres", ewc="120301", hazardous=True),  # another sub-chapter
        ],
        dangerous_ewc=frozenset({"120109", "120301"}),
    )
    assert list(pools) == ["collecte:1201"]
    pool = pools["collecte:1201"]
    assert pool.title == "Collecte mutualisée : 12 01 (3 entreprises)"
    assert pool.total_quantity == pytest.approx(24.5) and pool.quantity_unit == "t" and pool.quantified == 2
    assert "Aucun besoin" in pool.explanation and "24,5 t par an" in pool.explanation


def test_incomparable_quantities_give_no_total():
    pool = find_pools(
        COMPANIES,
        [
            need("1", "A", "formation", text="habilitation électrique", quantity=3, unit="personnes"),
            need("2", "B", "formation", text="habilitation électrique", quantity=2, unit="jours"),
            need("3", "C", "formation", text="habilitation électrique"),
        ],
    )[0]
    assert pool.total_quantity is None and pool.quantified == 0 and "Volume" not in pool.explanation


def test_groups_are_split_by_distance():
    declarations = [need(c, c, "recrutement", rome=("H2903",)) for c in "ABCEGH"]
    pools = find_pools(COMPANIES, declarations)
    assert sorted(p.companies for p in pools) == [("A", "B", "C"), ("E", "G", "H")]
    assert all(p.max_distance_km < 40 for p in pools)
    (joined,) = find_pools(COMPANIES, declarations, max_km=200)
    assert joined.n_companies == 6 and joined.max_distance_km > 90
    assert len({p.signature for p in pools} | {joined.signature}) == 3


def test_single_linkage_chains_members():
    # F is ~26 km from A but ~30 km from C: with max_km=27, F hangs on A and the pool keeps all four.
    declarations = [need(c, c, "recrutement", rome=("H2903",)) for c in "ACDF"]
    (pool,) = find_pools(COMPANIES, declarations, max_km=27)
    assert pool.companies == ("A", "C", "D", "F")
    assert find_pools(COMPANIES, declarations, max_km=15)[0].companies == ("A", "C", "D")


def test_more_companies_and_closer_rank_higher():
    near = [need(f"n{c}", c, "recrutement", rome=("H2903",)) for c in "ABCD"]
    three = [need(f"t{c}", c, "recrutement", rome=("N1103",)) for c in "ABC"]
    spread = [need(f"s{c}", c, "recrutement", rome=("K2204",)) for c in "ABF"]
    pools = find_pools(COMPANIES, spread + three + near)
    assert [p.key for p in pools] == ["rome:H2903", "rome:N1103", "rome:K2204"]
    assert pools[0].score > pools[1].score > pools[2].score


def test_rome_codes_with_the_same_companies_are_merged():
    declarations = [need(c, c, "recrutement", rome=("H2903", "H2913")) for c in "ABC"]
    (pool,) = find_pools(COMPANIES, declarations)
    assert pool.key == "rome:H2903+H2913"
    assert pool.title == "Recrutement mutualisé : H2903, H2913 (3 entreprises)"
    assert "les mêmes métiers" in pool.explanation


def test_deterministic_whatever_the_input_order():
    declarations = [
        need(f"{c}{code}", c, "recrutement", rome=(code,)) for code in ("H2903", "N1103") for c in "ABCDEGH"
    ]
    declarations += [need(f"f{c}", c, "formation", text="cariste CACES") for c in "ABCD"]
    expected = find_pools(COMPANIES, declarations)
    for seed in range(5):
        shuffled = declarations[:]
        random.Random(seed).shuffle(shuffled)
        assert find_pools(list(reversed(COMPANIES)), shuffled) == expected


def test_unknown_companies_are_left_out():
    declarations = [need(c, c, "recrutement", rome=("H2903",)) for c in ("A", "B", "Z")]
    assert find_pools(COMPANIES, declarations) == []
