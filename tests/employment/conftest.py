"""Fixtures of the employment app's tests: the real BMO files cut to the basins of the two demo territories
(and their neighbours), stored as a national import; small LHÉO files; a team on Haut-Doubs Horloger."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import signed_in
from tindus.employment.bmo_store import known_jobs, store_bmo
from tindus.employment.compute.bmo import BmoTable, read_bmo
from tindus.employment.reference import SHIPPED_BMO

DEPARTEMENTS = ("21", "25", "39", "70", "71", "89", "52", "58", "90")


@lru_cache(maxsize=4)
def real_table(year: int) -> BmoTable:
    return read_bmo(SHIPPED_BMO[year], known_jobs=known_jobs())


def cut(table: BmoTable, departements=DEPARTEMENTS) -> BmoTable:
    """The rows of the basins that have a row in these départements (all their rows: parts are added)."""
    basins = set(table.basin[np.isin(table.departement, departements)].tolist())
    keep = np.isin(table.basin, list(basins))
    arrays = {
        name: getattr(table, name)[keep]
        for name in ("job", "basin", "departement", "projects", "difficult", "seasonal", "lines")
    }
    return dataclasses.replace(
        table,
        **arrays,
        basin_names={b: n for b, n in table.basin_names.items() if b in basins},
        extra={},
    )


@pytest.fixture
def national_bmo(db):
    """BMO 2024 and 2025 as national imports, cut to eastern France's basins (the real figures)."""
    return {year: store_bmo(cut(real_table(year)), sha256=f"test-{year}", shipped=True) for year in (2024, 2025)}


def in_english(user) -> Client:
    """A browser signed in as ``user`` that reads English: the assertions name the English messages, which
    do not change when the French catalogue does."""
    browser = signed_in(user)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


@pytest.fixture
def territory(haut_doubs):
    """The employment tests work on Haut-Doubs Horloger (five EPCI, basins straddling its edge)."""
    return haut_doubs


@pytest.fixture
def company_siret():
    return "90000000100009"


@pytest.fixture
def team_en(team):
    return in_english(team)


@pytest.fixture
def committee_en(committee):
    return in_english(committee)
