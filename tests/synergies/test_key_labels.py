"""What the ranking learnt is told in words: each key the feedback uses reads as a phrase, never as itself."""

import pytest

from tindus.synergies.compute.discovery.knowledge import load_patterns
from tindus.synergies.key_labels import key_label

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("ewc:120101", "12 01 01"),
        ("ewc:1201", "12 01"),
        ("rome:H2903", "H2903"),
        ("category:matieres", "matières"),
        ("equipement:centre_d'usinage", "centre d'usinage"),
        ("pool:equipement:presse_plieuse", "presse plieuse"),
        ("pool:collecte:1201*", "12 01"),
        ("pool:rome:H2903", "H2903"),
        ("pool:formation:cac+carist", "formation"),
        ("pool:achats", "achats groupés"),
        ("io:CA>CH", "Métallurgie"),
    ],
)
def test_every_kind_of_key_reads_as_words(key, words):
    label = key_label(key)
    assert words in label
    assert key not in label and ":" + key.partition(":")[2] not in label  # the key itself is not shown


def test_a_documented_pattern_is_named_by_what_is_exchanged():
    pattern = load_patterns()[0]
    assert pattern.resource_label in key_label(f"pattern:{pattern.id}")
    assert pattern.id not in key_label(f"pattern:{pattern.id}")
