import shutil

import pytest

from tests.diagnostic.conftest import diagnostic_warehouse, synth_doubs  # noqa: F401  (shared fixtures)
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.store import Warehouse


@pytest.fixture(scope="session")
def synth_25(tmp_path_factory, django_db_setup, django_db_blocker):
    """Synthetic files for the Doubs at a twentieth of its size (about 9 000 establishments), made once."""
    from tindus.warehouse.services import synth_inputs
    from tindus.warehouse.synth import generate

    folder = tmp_path_factory.mktemp("synth25")
    with django_db_blocker.unblock():
        communes, nafs = synth_inputs(["25"])
    generate(folder, communes, nafs, scale=0.05, seed=7)
    return folder


@pytest.fixture
def files(synth_25, tmp_path):
    """A private copy of the synthetic files (tests may damage them)."""
    target = tmp_path / "files"
    shutil.copytree(synth_25, target)
    return target


@pytest.fixture
def warehouse(tmp_path, db):
    warehouse = Warehouse(tmp_path / "warehouse.duckdb", memory_limit="1GB", threads=2)
    sync_reference(warehouse)
    return warehouse


def count(warehouse, sql):
    with warehouse.session(read_only=True) as con:
        return con.execute(sql).fetchone()[0]
