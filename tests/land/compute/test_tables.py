"""CSV in the standard (export, import, all or nothing) and GeoJSON export."""

import json

import pytest
from shapely.geometry import box

from tindus.land.compute import DATA
from tindus.land.compute.lambert93 import from_lambert93, to_lambert93
from tindus.land.compute.problems import LandDataError
from tindus.land.compute.schema import validate_csv
from tindus.land.compute.tables import read_csv_inventory, to_geojson, write_csv

from .builders import TODAY, X, Y, small_inventory

LAYERS = ("POLE-ECO", "SITE-ECO", "TERRAIN-ECO", "ETABLISSEMENT")


def exported() -> dict[str, bytes]:
    inventory = small_inventory()
    return {layer: write_csv(inventory, layer).encode() for layer in LAYERS}


def test_the_csv_export_passes_the_table_schema_and_reads_back():
    files = exported()
    for layer, data in files.items():
        assert validate_csv(data, layer)[1] == [], layer
    back = read_csv_inventory(files, today=TODAY)
    original = small_inventory()
    assert [u.terr_id for u in back.units] == [u.terr_id for u in original.units]
    assert back.units[3].geometry.equals(original.units[3].geometry)
    assert back.poles[0].geometry.distance(original.poles[0].geometry) < 0.02  # via lon, lat (7 decimals) and back


def test_a_csv_breaking_the_schema_imports_nothing():
    files = exported()
    files["TERRAIN-ECO"] = files["TERRAIN-ECO"].replace(b";1;", b";un;", 1)
    with pytest.raises(LandDataError) as error:
        read_csv_inventory(files, today=TODAY)
    assert [(p.layer, p.line, p.field) for p in error.value.problems] == [("TERRAIN-ECO", 2, "terr_surf_brute")]


def test_a_csv_unit_outside_its_zone_imports_nothing():
    inventory = small_inventory()
    inventory.units[0].geometry = box(X - 300, Y, X - 200, Y + 100)
    files = {layer: write_csv(inventory, layer).encode() for layer in LAYERS}
    with pytest.raises(LandDataError) as error:
        read_csv_inventory(files, today=TODAY)
    assert [(p.layer, p.feature, p.field) for p in error.value.problems] == [
        ("TERRAIN-ECO", "21231_TERRAIN-ECO_00101", "geom")
    ]


def test_the_standards_terrain_example_alone_is_refused_for_its_missing_zone_only():
    """Its GeoJSON is in Lambert-93 metres (accepted); the zone it names is not in the files."""
    with pytest.raises(LandDataError) as error:
        read_csv_inventory({"TERRAIN-ECO": DATA / "exemple_valide_terrain-eco.csv"}, today=TODAY)
    assert [(p.feature, p.field, p.params["value"]) for p in error.value.problems] == [
        ("80024_TERRAIN-ECO_00131", "site_id", "80024_SITE-ECO_00001")
    ]


def test_geojson_is_in_longitude_latitude_with_the_schema_names():
    collection = to_geojson(small_inventory(), "TERRAIN-ECO")
    json.dumps(collection)
    feature = collection["features"][0]
    assert feature["id"] == "21231_TERRAIN-ECO_00101"
    assert feature["properties"]["terr_identif_date"] == "2024-01-05"
    lon, lat = feature["geometry"]["coordinates"][0][0]
    assert 4.9 < lon < 5.2 and 47.2 < lat < 47.4  # Dijon


def test_lambert93_matches_the_projection_origin_and_inverts():
    assert [round(float(v), 3) for v in to_lambert93(3.0, 46.5)] == [700000.0, 6600000.0]
    lon, lat = from_lambert93(*to_lambert93(5.0415, 47.3220))
    assert (float(lon), float(lat)) == pytest.approx((5.0415, 47.3220), abs=1e-9)
