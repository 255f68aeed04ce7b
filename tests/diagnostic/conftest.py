import pytest

from tindus.warehouse.importer import import_file
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.services import get_warehouse

URSSAF = "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv"


@pytest.fixture(scope="session")
def synth_doubs(tmp_path_factory, django_db_setup, django_db_blocker):
    """Synthetic files for Côte-d'Or and Doubs at a fifth of their size, made once for the diagnostic tests."""
    from tindus.warehouse.services import synth_inputs
    from tindus.warehouse.synth import generate

    folder = tmp_path_factory.mktemp("doubs")
    with django_db_blocker.unblock():
        communes, nafs = synth_inputs(["21", "25"])
    generate(folder, communes, nafs, scale=0.2, seed=11, parquet=False)
    return folder


@pytest.fixture
def diagnostic_warehouse(synth_doubs, db):
    warehouse = get_warehouse()
    sync_reference(warehouse)
    import_file(warehouse, synth_doubs / "StockEtablissement_utf8.zip")
    import_file(warehouse, synth_doubs / URSSAF)
    return warehouse
