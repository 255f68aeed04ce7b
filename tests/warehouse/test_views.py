"""What the app shows of the warehouse: provenance, and territory figures with source, vintage and label."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tindus.warehouse.importer import import_file
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.services import Warehouse, get_warehouse

pytestmark = pytest.mark.django_db
URSSAF = "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv"


@pytest.fixture
def app_warehouse(files):
    warehouse = get_warehouse()
    sync_reference(warehouse)
    import_file(warehouse, files / "StockEtablissement_utf8.zip")
    import_file(warehouse, files / URSSAF)
    return warehouse


def test_provenance_page_lists_imports_with_their_nature(client, app_warehouse):
    html = client.get(reverse("warehouse:provenance")).content.decode()
    assert "StockEtablissement_utf8.zip" in html and URSSAF in html
    assert html.count("synthétique</span>") == 2
    assert "2026-10" in html and "2024" in html


def official(imports, vintages):
    """The import log as if these datasets were official data of these vintages."""
    return [{**row, "synthetic": False, "vintage": vintages.get(row["dataset"], row["vintage"])} for row in imports]


def test_the_data_page_says_when_a_newer_release_is_out_and_how_to_fetch_it(client, app_warehouse, settings):
    settings.TINDUS_DATA_STALE_DAYS = 30
    address = reverse("warehouse:provenance")
    # Synthetic data: nothing newer to fetch.
    assert "tindus data fetch sirene --import" not in client.get(address).content.decode()
    old = official(app_warehouse.imports(), {"sirene-etablissements": "2020-01", "urssaf-commune-ape": "2999"})
    with mock.patch.object(Warehouse, "imports", return_value=old), translation.override("fr"):
        html = client.get(address).content.decode()
    assert "<code>tindus data fetch sirene --import</code>" in html
    assert date_format(dt.date(2020, 3, 1)) in html  # the release after 2020-01, due on 1 March 2020
    assert "tindus data fetch urssaf" not in html  # a series not due yet


def test_empty_warehouse_says_how_to_fill_it(client):
    assert "tindus data synth" in client.get(reverse("warehouse:provenance")).content.decode()


def test_territory_page_shows_figures_with_source_vintage_and_label(client, app_warehouse, haut_doubs):
    with app_warehouse.session(read_only=True) as con:
        expected = con.execute(
            "SELECT count(*) FROM establishment e JOIN ref_commune c ON c.code = e.commune "
            "JOIN ref_territory_commune t ON t.commune = c.code WHERE e.active AND t.territory_slug = ?",
            [haut_doubs.slug],
        ).fetchone()[0]
    response = client.get(haut_doubs.get_absolute_url())
    economy = response.context["economy"]
    assert economy["establishments"].value == expected > 100
    assert economy["jobs"].value > 0 and economy["jobs"].vintage == "2024"
    html = response.content.decode()
    block = html[html.index('id="economy"') :]
    assert "synthétique" in block and "2026-10" in block


def test_figures_of_a_tiny_territory_are_masked(client, app_warehouse):
    from tindus.referentials.models import Commune
    from tindus.territories.perimeters import PerimeterChoice, save_custom_territory

    with app_warehouse.session(read_only=True) as con:
        code = con.execute(
            "SELECT commune FROM establishment WHERE active AND commune LIKE '25%' GROUP BY commune "
            "HAVING count(*) BETWEEN 1 AND 2 LIMIT 1"
        ).fetchone()[0]
    commune = Commune.objects.get(vintage=2026, code=code, kind="commune-actuelle")
    territory = save_custom_territory("Village", PerimeterChoice([], [commune]))
    sync_reference(app_warehouse)
    response = client.get(territory.get_absolute_url())
    assert response.context["economy"]["establishments"].secret
    assert '<span class="value">s</span>' in response.content.decode()
