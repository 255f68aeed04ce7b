"""The French stemmer under the web server's threads: each thread stems its own words right."""

import sys
from concurrent.futures import ThreadPoolExecutor

from tindus.consultation.compute.themes import tokens

ANSWERS = [
    "Les recrutements des techniciens de maintenance restent très difficiles dans nos ateliers",
    "Mutualiser les formations des opérateurs régleurs entre entreprises voisines",
    "Le foncier disponible manque pour agrandir les bâtiments industriels existants",
    "Développer l'apprentissage et l'alternance avec les lycées professionnels du bassin",
] * 50


def test_threads_stemming_at_once_get_the_stems_of_one_thread():
    expected = [tokens(text) for text in ANSWERS]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, as a busy server does
    try:
        with ThreadPoolExecutor(8) as pool:
            for _round in range(5):
                assert list(pool.map(tokens, ANSWERS)) == expected
    finally:
        sys.setswitchinterval(switch)
