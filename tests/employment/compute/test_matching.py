"""Proposed links between ROME 4.0 jobs and BMO jobs, ranked with a score and the words that matched."""

import csv
import gzip
from pathlib import Path

import pytest

from tindus.employment.compute.matching import propose_links

ROME = Path(__file__).resolve().parents[3] / "src/tindus/referentials/data/rome_v4_metiers.csv.gz"


@pytest.fixture(scope="module")
def proposals(fap2021):
    with gzip.open(ROME, "rt", encoding="utf-8") as stream:
        rome = [(r["code_rome"], r["libelle"]) for r in csv.DictReader(stream)]
    described = {code: fap2021.describe(code) for code in fap2021.labels["228"]}
    return {p.rome: p for p in propose_links(rome, described, labels=fap2021.labels["228"])}


@pytest.mark.parametrize(
    ("rome", "job"),
    [
        ("H2913", "D1X33"),  # Soudeur / Soudeuse → Soudeurs
        ("G1803", "S2X61"),  # Serveur / Serveuse en restauration → Serveurs de cafés restaurants
        ("J1501", "V0X60"),  # Aide-soignant / Aide-soignante → Aides-soignants (hyphenated words)
    ],
)
def test_the_obvious_link_comes_first(proposals, rome, job):
    best = proposals[rome].candidates[0]
    assert best.job == job and 0 < best.score <= 1


def test_candidates_are_ranked_with_the_words_that_matched(proposals):
    serveur = proposals["G1803"]
    scores = [c.score for c in serveur.candidates]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 3
    assert serveur.candidates[0].shared == ("serveur", "restauration")
    assert serveur.candidates[0].label == "Serveurs de cafés restaurants"


def test_a_label_sharing_no_word_gets_no_candidate():
    (proposal,) = propose_links([("K2410", "Astrophysicien / Astrophysicienne")], {"D1X33": "Soudeurs"})
    assert proposal.candidates == ()


def test_rare_words_weigh_more_than_common_ones():
    jobs = {"A": "Agents de nettoyage", "B": "Agents de sécurité", "C": "Agents d'accueil", "D": "Vigiles de sécurité"}
    (proposal,) = propose_links([("X", "Agent de sécurité")], jobs, min_score=0)
    assert [c.job for c in proposal.candidates[:2]] == ["B", "D"]
