"""A territory's key figures are computed once per process for a warehouse version and a list of communes: its
page does not query DuckDB for every visitor, and a new import is seen at once (with the diagnostic tests, whose
synthetic warehouse it reads)."""

import pytest

from tests.diagnostic.conftest import URSSAF
from tindus.warehouse import queries
from tindus.warehouse.importer import import_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch):
    queries._figures.clear()
    counted = []
    real = queries._key_figures

    def compute(warehouse, codes):
        counted.append(codes)
        return real(warehouse, codes)

    monkeypatch.setattr(queries, "_key_figures", compute)
    yield counted
    queries._figures.clear()


def test_key_figures_read_again_are_not_computed_again(diagnostic_warehouse, haut_doubs, computed):
    codes = list(haut_doubs.communes.values_list("code", flat=True))
    first = queries.key_figures(diagnostic_warehouse, codes)
    assert first["establishments"].value
    assert queries.key_figures(diagnostic_warehouse, reversed(codes)) is first  # the same communes
    queries.key_figures(diagnostic_warehouse, codes[:10])
    assert len(computed) == 2


def test_a_new_warehouse_version_computes_them_again(diagnostic_warehouse, synth_doubs, haut_doubs, computed):
    codes = list(haut_doubs.communes.values_list("code", flat=True))
    queries.key_figures(diagnostic_warehouse, codes)
    import_file(diagnostic_warehouse, synth_doubs / URSSAF)
    queries.key_figures(diagnostic_warehouse, codes)
    assert len(computed) == 2
