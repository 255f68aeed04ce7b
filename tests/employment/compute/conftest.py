"""The real files the cores are tested on, read once per session.

Copies shipped in the repository come first, so that the tests run in a clean clone (CI): the national BMO
2024 and 2025 data sheets (``src/tindus/employment/data``, loaded by ``tindus setup``), the LHÉO samples with
their personal contact details removed and the RNCP sample (``tests/employment/data``, see its README). Only
the 3.5 MB official 2024 workbook stays in the shared folder beside the repository (``../shared/data``):
the one test that reads it whole skips without it; its layout is also tested on a small workbook built in the
tests with the real header.
"""

import os
from pathlib import Path

import pytest

from tindus.employment.compute.basins import basin_job_matrix, read_basin_map
from tindus.employment.compute.bmo import read_bmo
from tindus.employment.compute.fap import read_fap2021

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = (ROOT / "src" / "tindus" / "employment" / "data", ROOT / "tests" / "employment" / "data")
SHARED = Path(os.environ.get("TINDUS_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared(*parts: str) -> Path:
    """A real file: its copy in the repository when there is one, else the shared folder's (or a skip)."""
    for folder in SHIPPED:
        path = folder.joinpath(*parts[1:]) if len(parts) > 1 else folder.joinpath(*parts)
        if path.exists():
            return path
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"the shared data file {path} is not on this machine")
    return path


@pytest.fixture(scope="session")
def bmo_2024_csv():
    return read_bmo(shared("emploi-formation", "bmo_2024_open_data.csv.gz"))


@pytest.fixture(scope="session")
def bmo_2024_workbook():
    return read_bmo(shared("emploi-formation", "Base_open_data_BMO_2024.xlsx"))


@pytest.fixture(scope="session")
def bmo_2025():
    return read_bmo(shared("emploi-formation", "bmo_2025_open_data.csv.gz"))


@pytest.fixture(scope="session")
def basin_map():
    """The copy shipped with the app (identical to the shared file)."""
    return read_basin_map(ROOT / "src/tindus/employment/data/bassin_emploi.csv.gz")


@pytest.fixture(scope="session")
def matrix_2025(bmo_2025):
    return basin_job_matrix(bmo_2025)


@pytest.fixture(scope="session")
def fap2021():
    return read_fap2021()
