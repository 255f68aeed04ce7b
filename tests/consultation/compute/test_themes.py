from tindus.consultation.compute.themes import features, group_themes, tokens

ANSWERS = [
    "Nous avons du mal à recruter des régleurs sur commande numérique.",
    "Difficultés de recrutement de régleurs CN, les candidats manquent.",
    "Le recrutement des techniciens de maintenance est très difficile.",
    "Les transports en commun sont insuffisants pour venir à l'usine.",
    "Pas de bus le matin : le transport des salariés pose problème.",
    "Un covoiturage organisé et des transports collectifs aideraient nos salariés.",
    "Former nos opérateurs à l'usinage et à la commande numérique.",
    "Des formations en usinage et en commande numérique pour les opérateurs.",
    "ok",
]


def test_french_words_meet_across_accents_plurals_and_forms():
    assert {s for s, _w in tokens("Les recrutements")} == {s for s, _w in tokens("recruter")}
    assert features("régulier") == features("regulier")
    assert "l" not in {s for s, _w in tokens("l'emploi")} and "emploi" in {s for s, _w in tokens("l'emploi")}


def test_answers_are_grouped_into_themes_with_examples():
    themes, loose = group_themes(ANSWERS)
    assert sorted(t.members for t in themes) == [[0, 1, 2], [3, 4, 5], [6, 7]]
    assert loose == [8]
    transport = next(t for t in themes if 3 in t.members)
    assert any(k.startswith("transport") for k in transport.keywords)
    assert transport.count == len(transport.members) and len(transport.examples) <= 3
    assert all(e in ANSWERS for e in transport.examples)
