"""A diagnostic report is built once per process for one warehouse version, zone, period and language: the page
that many people read is not recomputed for each of them, and a new import or a changed perimeter is seen at once."""

import pytest
from django.utils import translation

from tests.diagnostic.conftest import URSSAF
from tests.factories import CustomTerritoryFactory
from tindus.diagnostic import presentation, report, services
from tindus.warehouse.importer import import_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """How many reports were really built."""
    services._reports.clear()
    counted = []
    real = report.build

    def build(*args, **kwargs):
        counted.append(args[1].name)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "build", build)
    yield counted
    services._reports.clear()


def test_a_report_read_again_is_not_built_again(diagnostic_warehouse, haut_doubs, builds):
    first = services.build_report(territory=haut_doubs)
    assert services.build_report(territory=haut_doubs) is first
    assert len(builds) == 1
    services.build_report(territory=haut_doubs, start=2010, end=2020)
    services.build_report(territory=haut_doubs, scope="manufacturing")
    with translation.override("en"):
        services.build_report(territory=haut_doubs)
    assert len(builds) == 4  # another period, scope or language is another report


def test_a_new_warehouse_version_builds_a_new_report(diagnostic_warehouse, synth_doubs, haut_doubs, builds):
    services.build_report(territory=haut_doubs)
    import_file(diagnostic_warehouse, synth_doubs / URSSAF)  # publishes a new version
    services.build_report(territory=haut_doubs)
    assert len(builds) == 2


def test_a_custom_territory_whose_communes_change_gets_a_new_report(diagnostic_warehouse, haut_doubs, builds):
    communes = list(haut_doubs.communes.order_by("code")[:6])
    custom = CustomTerritoryFactory(cog_vintage=communes[0].vintage)
    custom.communes.set(communes[:3])
    small = services.build_report(territory=custom)
    custom.communes.set(communes)
    large = services.build_report(territory=custom)
    assert len(builds) == 2 and large is not small


def test_the_drawings_of_a_kept_report_are_kept_with_it(diagnostic_warehouse, haut_doubs, builds, monkeypatch):
    drawn = []
    real = presentation.choropleth
    monkeypatch.setattr(presentation, "choropleth", lambda report, level: drawn.append(level) or real(report, level))
    kept = services.build_report(territory=haut_doubs)
    first = presentation.visuals(kept)
    assert presentation.visuals(services.build_report(territory=haut_doubs)) is first
    assert drawn == ["commune", "epci"]
    with translation.override("en"):
        presentation.visuals(kept)
    assert len(drawn) == 4
