"""The real shared files (read-only, beside the repository: ``../shared/data``), read once per session.

The 2024 workbook is large (53 443 rows): it is read once, and compared with its CSV export.
"""

import os
from pathlib import Path

import pytest

from tindus.employment.compute.basins import basin_job_matrix, read_basin_map
from tindus.employment.compute.bmo import read_bmo
from tindus.employment.compute.fap import read_fap2021

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("TINDUS_SHARED_DATA", ROOT.parent / "shared" / "data"))
EMPLOI = SHARED / "emploi-formation"


def shared(*parts: str) -> Path:
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
    return read_basin_map(Path(__file__).resolve().parents[3] / "src/tindus/employment/data/bassin_emploi.csv.gz")


@pytest.fixture(scope="session")
def matrix_2025(bmo_2025):
    return basin_job_matrix(bmo_2025)


@pytest.fixture(scope="session")
def fap2021():
    return read_fap2021()
