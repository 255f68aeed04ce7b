"""French texts compare offline, whatever the accents, the plurals and the little words."""

import pytest

from tindus.synergies.compute.text import char_ngrams, idf_weights, similarity, stems, text_similarity


def test_accents_plurals_and_stop_words_do_not_matter():
    assert stems("Copeaux d'acier") == stems("copeau acier") == ("copeau", "aci")
    assert text_similarity("Copeaux d'acier", "copeau acier") == pytest.approx(1.0)
    assert stems("Métaux ferreux") == stems("metal ferreux")
    assert stems("palettes en bois") == stems("palette bois")
    assert stems("eaux déminéralisées") == stems("eau demineralisee")
    assert stems("aciers") == stems("acier")


def test_unrelated_texts_are_far_apart():
    assert text_similarity("copeaux d'acier", "chaleur fatale") == 0.0
    assert 0 < text_similarity("copeaux d'acier inox", "chutes d'acier") < 1


def test_rare_words_weigh_more():
    corpus = [stems(t) for t in ("déchets de bois", "déchets de carton", "déchets de verre", "copeaux de bois")]
    idf = idf_weights(corpus)
    assert idf["copeau"] > idf["dechet"]
    wood, shavings, carton = stems("déchets de bois"), stems("copeaux de bois"), stems("déchets de carton")
    assert similarity(wood, shavings, idf) > similarity(wood, carton, idf)


def test_character_ngrams_for_fuzzy_lookups():
    assert {"_ac", "aci", "ier", "er_"} <= char_ngrams("Acier")
    assert char_ngrams("l'acier") == char_ngrams("acier")
