"""Matching declarations: eligibility, ranking, reasons, and agreement of the indexed and naive matchers."""

import random

import pytest

from tindus.synergies.compute.declarations import UNITS, Company, Declaration
from tindus.synergies.compute.matching import Matcher, Rules
from tindus.synergies.compute.naive import NaiveMatcher

# Around Besançon: B is 1.6 km from A, C about 26 km by road, D (authorised for hazardous waste) 1.8 km.
COMPANIES = [
    Company("A", "Fonderie A", "Besançon", 47.240, 6.020),
    Company("B", "Mécanique B", "Besançon", 47.250, 6.035),
    Company("C", "Usinage C", "Baume-les-Dames", 47.400, 6.150),
    Company("D", "Traitement D", "Besançon", 47.230, 6.000, authorised_hazardous=True),
    Company("E", "Lointaine E", "Dijon", 47.320, 5.040),  # about 100 km: beyond reach
]


def offer(id, company, **fields) -> Declaration:
    return Declaration(id=id, company=company, direction="resource", **fields)


def need(id, company, **fields) -> Declaration:
    return Declaration(id=id, company=company, direction="need", **fields)


STEEL = {"category": "matieres", "unit": "t", "frequency": "annuel", "state": "solide"}
DECLARATIONS = [
    offer("R1", "A", text="limaille et chutes d'acier", ewc="120101", quantity=20, **STEEL),
    need("N-same-near", "B", text="chutes d'acier", ewc="120101", quantity=15, **STEEL),
    need("N-sub-far", "C", text="chutes de laiton", ewc="120103", quantity=15, **STEEL),
    need("N-other-chapter", "B", text="emballages en bois", ewc="150103", quantity=15, **STEEL),
    need("N-far-away", "E", text="chutes d'acier", ewc="120101", quantity=15, **STEEL),
    need("N-own", "A", text="chutes d'acier", ewc="120101", quantity=15, **STEEL),
    need("N-no-code", "C", text="Copeaux d'aciers", quantity=10, **STEEL),
    offer("R-hazardous", "A", text="émulsions d'usinage", ewc="120109", hazardous=True, quantity=5, **STEEL),
    need("N-hazardous-unauthorised", "B", text="émulsions d'usinage", ewc="120109", hazardous=True, **STEEL),
    need("N-hazardous-authorised", "D", text="émulsions d'usinage", ewc="120109", hazardous=True, **STEEL),
    offer("R-welder", "C", category="competences", text="soudeur disponible", rome=("H2913",), unit="jours"),
    need("N-training", "A", category="formation", text="former nos soudeurs", rome=("H2913",), unit="jours"),
    offer("R-heat", "A", category="energie", text="chaleur fatale des fours", temperature_c=90, unit="MWh"),
    need("N-heat", "B", category="energie", text="chaleur pour séchage", temperature_c=60, unit="MWh"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(COMPANIES, DECLARATIONS)


def ids(matches) -> list[str]:
    return [m.other.id for m in matches]


def test_same_code_nearby_beats_same_subchapter_far_away(matcher):
    found = ids(matcher.candidates("R1"))
    assert found[0] == "N-same-near"
    assert found.index("N-same-near") < found.index("N-sub-far")
    assert "N-no-code" in found  # no code given: its text relates it, and stands in for the code


def test_what_is_never_proposed(matcher):
    found = ids(matcher.candidates("R1"))
    assert "N-other-chapter" not in found  # two codes of different sub-chapters are two different things
    assert "N-far-away" not in found  # beyond max_km
    assert "N-own" not in found  # a company is not proposed its own declarations
    assert all(m.other.direction == "need" for m in matcher.candidates("R1"))


def test_hazardous_waste_only_to_an_authorised_receiver(matcher):
    assert ids(matcher.candidates("R-hazardous")) == ["N-hazardous-authorised"]
    assert "R-hazardous" not in ids(matcher.candidates("N-hazardous-unauthorised"))
    for matches in matcher.all_candidates().values():
        for m in matches:
            pair = {m.declaration.id, m.other.id}
            assert pair != {"R-hazardous", "N-hazardous-unauthorised"}
    reasons = matcher.candidates("R-hazardous")[0].reasons
    assert "déchet dangereux : le receveur est autorisé" in reasons


def test_each_proposal_says_why(matcher):
    best = matcher.candidates("R1")[0]
    assert best.reasons[0] == "même code déchet 12 01 01"
    assert "textes proches : chutes, acier" in best.reasons
    assert "à 2,1 km (distance routière estimée)" in best.reasons
    assert "quantités compatibles : 20 t/an offertes, 15 t/an cherchées" in best.reasons
    assert "même fréquence : annuel" in best.reasons
    far = next(m for m in matcher.candidates("R1") if m.other.id == "N-sub-far")
    assert far.reasons[0] == "même sous-chapitre de déchets 12 01"
    no_code = next(m for m in matcher.candidates("R1") if m.other.id == "N-no-code")
    assert "code donné d'un seul côté : les textes en tiennent lieu" in no_code.reasons
    assert 0 < no_code.score < best.score <= 1


def test_neighbouring_categories_and_heat(matcher):
    training = matcher.candidates("N-training")
    assert ids(training) == ["R-welder"]
    assert "métier ROME identique H2913" in training[0].reasons
    assert any(r.startswith("catégories voisines") for r in training[0].reasons)
    heat = matcher.candidates("N-heat")
    assert ids(heat) == ["R-heat"]
    assert "chaleur à 90 °C offerte pour 60 °C cherchés (température suffisante)" in heat[0].reasons


def test_all_candidates_covers_every_declaration(matcher):
    everything = matcher.all_candidates(k=3)
    assert set(everything) == {d.id for d in DECLARATIONS}
    assert all(len(matches) <= 3 for matches in everything.values())
    assert ids(everything["R1"]) == ids(matcher.candidates("R1", k=3))
    assert everything["N-other-chapter"] == []
    with pytest.raises(KeyError):
        matcher.candidates("missing")


def random_territory(seed: int, companies: int = 60, declarations: int = 700):
    rng = random.Random(seed)
    firms = []
    for i in range(companies):
        lat, lon = rng.uniform(47.0, 47.5), rng.uniform(5.6, 6.5)  # about 40 × 70 km
        firms.append(Company(f"C{i}", f"E{i}", "x", lat, lon, authorised_hazardous=rng.random() < 0.2))
    codes = ["120101", "120102", "120103", "120109", "150103", "150101", "170405", "020304", "120301"]
    words = ["copeaux d'acier", "chutes acier inox", "palettes bois", "cartons propres", "boues d'usinage",
             "ferraille", "chaleur fatale", "eau chaude", "entrepôt chauffé", "tournée vers Lyon", "soudeur",
             "cariste", ""]  # fmt: skip
    out = []
    for i in range(declarations):
        category = rng.choice(["matieres", "matieres", "matieres", "competences", "formation", "logistique", "energie",
                               "equipements", "locaux", "services"])  # fmt: skip
        fields = {
            "id": f"D{i}", "company": rng.choice(firms).id, "direction": rng.choice(["need", "resource"]),
            "category": category, "text": rng.choice(words),
            "frequency": rng.choice(["", "mensuel", "annuel", "ponctuel"]),
        }  # fmt: skip
        if rng.random() < 0.8:
            fields["quantity"], fields["unit"] = rng.uniform(1, 100), rng.choice(UNITS[category])
        if category == "matieres":
            fields["state"] = rng.choice(["", "solide", "liquide", "pâteux"])
            if rng.random() < 0.8:
                fields["ewc"] = rng.choice(codes)
            fields["hazardous"] = fields.get("ewc") == "120109" or rng.random() < 0.05
        elif category in ("competences", "formation") and rng.random() < 0.8:
            fields["rome"] = tuple(rng.sample(["H2913", "H2914", "H2909", "N1101", "N1103"], rng.randint(1, 2)))
        elif category == "equipements" and rng.random() < 0.7:
            fields["equipment"] = rng.choice(["presse plieuse", "étuve", "chariot élévateur"])
        elif category == "energie":
            fields["temperature_c"] = rng.uniform(-10, 150)
        out.append(Declaration(**fields))
    return firms, out


@pytest.mark.parametrize(
    ("seed", "rules"), [(1, Rules()), (2, Rules(max_km=20, near_km=5)), (3, Rules(min_stem_cap=5))]
)
def test_indexed_and_naive_matchers_agree(seed, rules):
    firms, declarations = random_territory(seed)
    matcher = Matcher(firms, declarations, rules)
    naive = NaiveMatcher(firms, declarations, features=matcher.features)
    indexed, reference = matcher.all_candidates(10), naive.all_candidates(10)
    assert sum(len(v) for v in reference.values()) > len(declarations)  # a set where there is something to find
    for d in declarations:
        expected = [(m.other.id, m.score) for m in reference[d.id]]
        assert [(m.other.id, m.score) for m in indexed[d.id]] == expected, d
    for d in random.Random(seed).sample(declarations, 50):
        assert ids(matcher.candidates(d.id)) == ids(reference[d.id])
    one_thread = Matcher(firms, declarations, features=matcher.features, workers=1).all_candidates(10)
    assert {key: ids(value) for key, value in one_thread.items()} == {key: ids(value) for key, value in indexed.items()}
