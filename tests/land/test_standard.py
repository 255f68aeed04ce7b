"""The models ↔ the CNIG model: every field of the standard survives a save and a read, from the standard's own
examples and from a GeoPackage written by the cores; a save is all or nothing, by identifier."""

import dataclasses

import pytest
from shapely.geometry import box

from tindus.land.compute.geopackage import read_geopackage, validate_for_export, write_geopackage
from tindus.land.compute.inventory import GEOMETRY_FIELD
from tindus.land.compute.problems import LandDataError
from tindus.land.compute.tables import read_csv_inventory
from tindus.land.models import LandUnit, Occupant, Pole, Zone
from tindus.land.standard import inventory_of, save_inventory

from .standard_builders import EXAMPLE_SIRET, EXAMPLE_UNIT, LAYERS, TODAY, example_files, small_inventory

pytestmark = pytest.mark.django_db


def rows(inventory) -> dict[str, dict[str, dict[str, str]]]:
    """Layer → feature key → its cells as the standard's CSV writes them (the geometry left out)."""
    out = {}
    for layer, features in inventory.layers().items():
        out[layer] = {}
        for feature in features:
            row = feature.text_row()
            row.pop(GEOMETRY_FIELD[layer])
            out[layer][feature.key] = row
    return out


def assert_same(back, original) -> None:
    assert rows(back) == rows(original)
    for layer in LAYERS:
        shapes = {f.key: f.geometry for f in original.layers()[layer]}
        for feature in back.layers()[layer]:
            assert feature.geometry.hausdorff_distance(shapes[feature.key]) < 0.01, (layer, feature.key)


def test_the_standards_examples_survive_a_save_and_a_read(territory):
    original = read_csv_inventory(example_files())
    save_inventory(territory, original)
    back = inventory_of(territory)
    assert_same(back, original)
    occupant = Occupant.objects.get(siret=EXAMPLE_SIRET)
    assert occupant.state == Occupant.State.CONFIRMED
    assert [u.terr_id for u in occupant.units.all()] == [EXAMPLE_UNIT]
    zone = Zone.objects.get(territory=territory)
    assert zone.site_vocadomi == "entrepôts, logistique" and zone.pole.pole_id == "80024_POLE-ECO_00162"
    assert "reseau_gaz" in zone.services and zone.extra["reseau_fluvial"] == "non"
    assert zone.extra["site_creation_date"] == "2015"
    assert LandUnit.objects.get(terr_id=EXAMPLE_UNIT).extra["terr_cle_en_main"] == "oui"


def test_a_geopackage_written_by_the_cores_survives_a_save_and_a_read(territory, tmp_path):
    path = tmp_path / "inventaire.gpkg"
    write_geopackage(small_inventory(), path, today=TODAY)
    original = read_geopackage(path, today=TODAY)
    save_inventory(territory, original)
    back = inventory_of(territory)
    assert_same(back, original)
    assert validate_for_export(back, today=TODAY) == []
    assert sorted(u.terr_id for u in Occupant.objects.get(siret=original.establishments[2].siret).units.all()) == [
        "21231_TERRAIN-ECO_00102",
        "21231_TERRAIN-ECO_00103",
    ]


def test_a_second_save_updates_by_identifier(territory):
    inventory = small_inventory()
    save_inventory(territory, inventory)
    changed = small_inventory()
    changed.zones[0].site_nom = "Zone renommée"
    changed.units[0].terr_surf_brute = 1.5
    saved = save_inventory(territory, changed)
    assert saved.created == dict.fromkeys(LAYERS, 0)
    assert saved.updated == {"POLE-ECO": 1, "SITE-ECO": 2, "TERRAIN-ECO": 5, "ETABLISSEMENT": 5}
    assert Zone.objects.filter(territory=territory).count() == 2
    assert Zone.objects.get(site_id="21231_SITE-ECO_00001").site_nom == "Zone renommée"
    assert LandUnit.objects.get(terr_id="21231_TERRAIN-ECO_00101").terr_surf_brute == 15_000  # 1.5 ha


def test_a_reference_to_nothing_saves_nothing(territory):
    inventory = small_inventory()
    inventory.establishments.append(
        dataclasses.replace(inventory.establishments[0], siret="40000013000013", terr_id="21231_TERRAIN-ECO_09999")
    )
    with pytest.raises(LandDataError) as error:
        save_inventory(territory, inventory)
    assert [(p.layer, p.feature, p.field) for p in error.value.problems] == [
        ("ETABLISSEMENT", "40000013000013", "terr_id")
    ]
    assert not Zone.objects.filter(territory=territory).exists() and not Pole.objects.exists()


def test_only_confirmed_occupants_are_exported_and_edits_of_columns_win(territory):
    save_inventory(territory, small_inventory())
    first = small_inventory().establishments[0].siret
    Occupant.objects.filter(siret=first).update(state=Occupant.State.REJECTED)
    unit = LandUnit.objects.get(terr_id="21231_TERRAIN-ECO_00104")
    unit.terr_etat_occup = "friche"
    unit.geometry = {"type": "Polygon", "coordinates": [list(box(853160, 6695160, 853240, 6695240).exterior.coords)]}
    unit.save()
    zone = Zone.objects.get(site_id="21231_SITE-ECO_00001")
    zone.services = ["reseau_gaz"]
    zone.site_comm_nom = ""
    zone.save()
    back = inventory_of(territory)
    assert first not in {e.siret for e in back.establishments} and len(back.establishments) == 4
    changed = next(u for u in back.units if u.terr_id == "21231_TERRAIN-ECO_00104")
    assert changed.terr_etat_occup == "friche" and changed.geometry.area == pytest.approx(6400)
    read = next(z for z in back.zones if z.site_id == "21231_SITE-ECO_00001")
    assert read.reseau_gaz == "oui" and read.site_comm_nom == "Dijon"  # filled from the reference data


def test_a_synthetic_inventory_says_so_in_its_producer_fields(territory):
    save_inventory(territory, small_inventory(), synthetic=True)
    back = inventory_of(territory)
    assert all("synthétique" in z.source_producteur for z in back.zones)
    assert all("synthétique" in e.etab_source_info for e in back.establishments)
    assert validate_for_export(back, today=TODAY) == []


@pytest.mark.parametrize(("band", "size_year", "vintage", "expected"), [
    ("NN", None, "2026-10", "2026"),  # no staff band: the year it holds for is the SIRENE stock's
    ("11", 2023, "2026-10", "2023"),
    ("11", None, "2026-10", None),  # a band without its year is not guessed: the export names the field
])  # fmt: skip
def test_the_staff_year_of_an_occupant_comes_from_sirene(band, size_year, vintage, expected, territory):
    from tindus.land.standard import _fill_establishment, _Names

    row = {"SIRET": EXAMPLE_SIRET}
    fact = {"size_band": band, "size_year": size_year, "vintage": vintage, "source": "SIRENE StockEtablissement"}
    _fill_establishment(row, fact, _Names([], [], territory), synthetic=False)
    assert row.get("etab_effectif_annee") == expected


def test_surfaces_are_hectares_in_the_standard_and_square_metres_in_tindus(territory):
    files = example_files()
    inventory = read_csv_inventory(files, today=TODAY)
    save_inventory(territory, inventory)
    zone = Zone.objects.get(territory=territory, site_id=inventory.zones[0].site_id)
    assert zone.site_surf_brute == pytest.approx(inventory.zones[0].site_surf_brute * 10_000)
    unit = LandUnit.objects.get(zone__territory=territory, terr_id=inventory.units[0].terr_id)
    assert unit.terr_surf_brute == pytest.approx(inventory.units[0].terr_surf_brute * 10_000)
    back = inventory_of(territory)
    assert back.zones[0].site_surf_brute == pytest.approx(inventory.zones[0].site_surf_brute)
    assert back.units[0].terr_surf_brute == pytest.approx(inventory.units[0].terr_surf_brute)


def test_an_occupant_known_only_by_an_older_naf_code_keeps_it_with_its_nomenclature(territory):
    from tindus.land.standard import _fill_establishment, _Names

    row = {"SIRET": EXAMPLE_SIRET, "etab_activite_code": ""}
    fact = {"naf_raw": "71.1Z", "naf_nomenclature": "NAFRev1", "naf_label": None}
    _fill_establishment(row, fact, _Names([], [], territory), synthetic=False)
    assert row["etab_activite_code"] == "71.1Z"
    assert "NAFRev1" in row["etab_activite_libelle"]
