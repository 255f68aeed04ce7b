"""Sector labels as the diagnostic shows them: INSEE's upper-case labels in sentence case, elisions kept."""

import pytest

from tindus.diagnostic.services import naf_labels, sentence_case


def test_sentence_case_restores_the_apostrophe_insee_dropped():
    assert sentence_case("FABRICATION D ÉQUIPEMENTS ÉLECTRIQUES") == "Fabrication d'équipements électriques"
    assert sentence_case("PRODUCTION ET DISTRIBUTION D EAU") == "Production et distribution d'eau"
    assert sentence_case("INDUSTRIE CHIMIQUE") == "Industrie chimique"
    assert sentence_case("Horlogerie") == "Horlogerie"  # already in sentence case: left as it is


@pytest.mark.django_db
def test_no_shipped_sector_label_has_a_lone_d_or_l():
    labels = naf_labels()
    assert labels[("A38", "CJ")] == "Fabrication d'équipements électriques"
    assert not [label for label in labels.values() if " d " in f" {label.lower()} " or " l " in f" {label.lower()} "]
