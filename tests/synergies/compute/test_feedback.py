"""Feedback from outcomes: smoothed implementation rates per key, reason weights, re-ranking, explanations."""

import pytest

from tindus.synergies.compute.declarations import Declaration
from tindus.synergies.compute.discovery import Proposal
from tindus.synergies.compute.feedback import (
    ABANDON_REASONS,
    REASON_WEIGHTS,
    FeedbackModel,
    Outcome,
    keys_for_match,
    keys_for_proposal,
    outcomes,
    rerank,
)
from tindus.synergies.compute.pooling import Pool

# Items: (name, prior score, feedback keys), all of equal prior score, listed in their ranking order.
ITEMS = [
    ("whey", 0.8, ("pattern:P012", "ewc:020501", "category:matieres")),
    ("heat", 0.8, ("pattern:P030", "category:energie")),
    ("pallets", 0.8, ("pattern:P044", "ewc:150103", "category:matieres")),
    ("water", 0.8, ("pattern:P050", "category:eau")),
]


def ranked(model):
    return [
        (item[0], round(score, 6), note) for item, score, note in rerank(ITEMS, lambda i: i[2], lambda i: i[1], model)
    ]


def names(model):
    return [name for name, _score, _note in ranked(model)]


def test_reasons_and_weights_cover_the_same_list():
    assert ABANDON_REASONS["qualite"] == "qualité ou régularité de la matière"
    assert set(ABANDON_REASONS) | {""} == set(REASON_WEIGHTS)
    pattern_level = [REASON_WEIGHTS[r] for r in ("qualite", "reglementation", "quantite", "cout")]
    pair_level = [REASON_WEIGHTS[r] for r in ("distance", "interlocuteur", "confiance")]
    assert min(pattern_level) > max(pair_level)


def test_outcome_checks_its_status_and_reason():
    with pytest.raises(ValueError):
        Outcome("pattern:P012", "lost")
    with pytest.raises(ValueError):
        Outcome("pattern:P012", "abandoned", "weather")
    assert [o.key for o in outcomes(("a", "b", "a"), "implemented")] == ["a", "b"]


def test_no_outcome_leaves_scores_and_order_identical():
    for model in (None, FeedbackModel.from_outcomes([])):
        assert ranked(model) == [(name, score, "") for name, score, _keys in ITEMS]
    model = FeedbackModel.from_outcomes([Outcome("pattern:P999", "abandoned", "qualite")] * 3)
    assert ranked(model) == [(name, score, "") for name, score, _keys in ITEMS]
    assert model.multiplier("pattern:P012") == 1.0 and model.explain("pattern:P012") is None


def test_a_pattern_abandoned_for_quality_ranks_lower():
    history = outcomes(ITEMS[0][2], "abandoned", "qualite") * 3
    model = FeedbackModel.from_outcomes(history + outcomes(ITEMS[1][2], "implemented"))
    assert 0.5 <= model.multiplier(ITEMS[0][2]) < model.multiplier(ITEMS[2][2]) < 1 == model.multiplier(ITEMS[3][2])
    # below the untouched « water » of equal score, and below « pallets », which only shares its category
    assert names(model) == ["heat", "water", "pallets", "whey"]
    notes = {name: note for name, _score, note in ranked(model)}
    assert notes["whey"].startswith("3 opportunités de ce type abandonnées sur 3 suivies sur le territoire")
    assert ABANDON_REASONS["qualite"] in notes["whey"] and "rang abaissé" in notes["whey"]
    assert "de la même catégorie (matières, coproduits et déchets)" in notes["pallets"]
    assert notes["water"] == ""


def test_implemented_keys_rank_up():
    model = FeedbackModel.from_outcomes(
        outcomes(ITEMS[2][2], "implemented") * 3 + outcomes(ITEMS[1][2], "abandoned", "cout")
    )
    assert 1 < model.multiplier(ITEMS[2][2]) <= 1.5
    assert names(model) == ["pallets", "whey", "water", "heat"]
    note = model.explain(ITEMS[2][2])
    assert note.startswith("3 opportunités de ce type mises en œuvre sur 3 suivies") and "rang relevé" in note


def test_pair_level_reasons_penalise_less_than_pattern_level_ones():
    history = []
    for reason, key in (("qualite", "q"), ("reglementation", "r"), ("distance", "d"), ("interlocuteur", "i")):
        history += [Outcome(key, "abandoned", reason)] * 3
    history += [Outcome("ok", "implemented")] * 12
    model = FeedbackModel.from_outcomes(history)
    assert model.multiplier("q") == model.multiplier("r") < model.multiplier("d") < model.multiplier("i") < 1
    assert "entreprises en présence" in model.explain("i")
    assert "entreprises en présence" not in model.explain("q")


def test_open_statuses_are_ignored():
    base = [Outcome("x", "abandoned", "qualite"), Outcome("y", "implemented")]
    opened = [Outcome(k, s) for k in ("x", "y", "z") for s in ("detected", "proposed", "contact", "study")]
    model, with_open = FeedbackModel.from_outcomes(base), FeedbackModel.from_outcomes(base + opened)
    for key in ("x", "y", "z"):
        assert model.multiplier(key) == with_open.multiplier(key)
        assert model.explain(key) == with_open.explain(key)
    assert with_open.multiplier("z") == 1.0 and with_open.explain("z") is None


def test_more_evidence_moves_further_and_stays_bounded():
    def multiplier(n, status, reason=""):
        return FeedbackModel.from_outcomes([Outcome("k", status, reason)] * n, base_rate=0.4).multiplier("k")

    assert 1 > multiplier(1, "abandoned", "qualite") > multiplier(3, "abandoned", "qualite") >= 0.5
    assert multiplier(100, "abandoned", "qualite") >= 0.5 and multiplier(100, "implemented") <= 1.5
    assert 1 < multiplier(1, "implemented") < multiplier(3, "implemented")


def test_an_outcome_recorded_under_every_key_counts_once():
    model = FeedbackModel.from_outcomes(outcomes(ITEMS[0][2], "abandoned", "qualite") * 3)
    assert model.multiplier(ITEMS[0][2]) == model.multiplier("pattern:P012")
    assert [key for key, shift in model.contributions(ITEMS[0][2]) if shift] == ["pattern:P012"]


def test_broader_keys_weigh_less():
    history = [Outcome("category:matieres", "abandoned", "qualite")] * 4 + [Outcome("pattern:P044", "implemented")]
    model = FeedbackModel.from_outcomes(history)
    assert model.evidence_key(ITEMS[2][2]) == "pattern:P044" and model.multiplier(ITEMS[2][2]) > 1
    assert model.evidence_key(ITEMS[0][2]) == "category:matieres" and 0.8 < model.multiplier(ITEMS[0][2]) < 1

    def alone(key):
        return FeedbackModel.from_outcomes([Outcome(key, "abandoned", "qualite")] * 4).multiplier(key)

    assert alone("pattern:P1") < alone("ewc:120101") < alone("ewc:1201") < alone("category:matieres") < 1


def test_keys_for_match():
    need = Declaration("n", "A", "need", "matieres", text="chutes", ewc="120103")
    offer = Declaration("o", "B", "resource", "matieres", text="chutes", ewc="120101")
    assert keys_for_match(need, offer) == ("ewc:120101", "ewc:120103", "ewc:1201", "category:matieres")
    need = Declaration("n", "A", "need", "recrutement", rome=("H2903", "N1103"))
    offer = Declaration("o", "B", "resource", "recrutement", rome=("H2903",))
    assert keys_for_match(need, offer) == ("rome:H2903", "rome:H29", "category:recrutement")
    need = Declaration("n", "A", "need", "equipements", equipment="Presse plieuse")
    offer = Declaration("o", "B", "resource", "equipements", equipment="presse plieuse")
    assert keys_for_match(need, offer) == ("equipement:presse_plieuse", "category:equipements")
    assert all(" " not in key for key in keys_for_match(need, offer))


def proposal(**fields):
    values = dict(kind="pattern", title="t", resource_category="matieres", ewc="", resource_label="", receiver_use="",
                  providers=(), receivers=(), pairs=(), n_pairs=0, min_distance_km=None, score=0.5, explanation="",
                  sources=())  # fmt: skip
    return Proposal(**{**values, **fields})


def test_keys_for_proposal_and_pool():
    assert keys_for_proposal(proposal(pattern_ids=("P012",), ewc="020501")) == (
        "pattern:P012", "ewc:020501", "ewc:0205", "category:matieres",
    )  # fmt: skip
    io = proposal(kind="io", resource_category="achats", resource_label="Produits de la branche CA (Alimentaire)",
                  receiver_use="Consommations intermédiaires de la branche CB (Textile)")  # fmt: skip
    assert keys_for_proposal(io) == ("io:CA>CB", "category:achats")
    pool = Pool("rome:H2903", "recrutement", "t", ("A", "B", "C"), ("1", "2", "3"), None, "", 0, 1.0, 1.0, 0.6, "")
    assert keys_for_proposal(pool) == ("pool:rome:H2903", "pool:recrutement")


def test_rerank_is_stable_and_generic():
    model = FeedbackModel.from_outcomes([Outcome("b", "abandoned", "qualite")] * 5)
    items = [{"id": i, "score": s, "keys": k} for i, s, k in [(1, 0.5, ("a",)), (2, 0.6, ("b",)), (3, 0.5, ("c",))]]
    result = rerank(items, lambda i: i["keys"], lambda i: i["score"], model)
    assert [item["id"] for item, _score, _note in result] == [1, 3, 2]
    assert result[2][1] == pytest.approx(0.6 * model.multiplier("b")) and result[0][2] == ""
