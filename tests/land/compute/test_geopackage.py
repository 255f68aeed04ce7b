"""The standard's GeoPackage: round trip, the template's layout, validation both ways, all or nothing."""

import os
import shutil
import sqlite3
import warnings

import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import Polygon, box

from tindus.land.compute.geopackage import LAYER_NAMES, TEMPLATE, read_geopackage, template_layout, write_geopackage
from tindus.land.compute.problems import LandDataError
from tindus.land.compute.schema import load_schema, validate_rows

from .builders import TODAY, X, Y, small_inventory


@pytest.fixture
def exported(tmp_path):
    path = tmp_path / "inventaire.gpkg"
    write_geopackage(small_inventory(), path, today=TODAY)
    return path


def test_the_export_reopens_with_the_templates_layers_and_fields(exported):
    assert [tuple(r) for r in pyogrio.list_layers(exported)] == [tuple(r) for r in pyogrio.list_layers(TEMPLATE)]
    for name in LAYER_NAMES.values():
        found, template = pyogrio.read_info(exported, layer=name), pyogrio.read_info(TEMPLATE, layer=name)
        assert list(found["fields"]) == list(template["fields"])
        assert list(found["ogr_types"]) == list(template["ogr_types"])
        assert found["crs"] == "EPSG:2154"
    with sqlite3.connect(exported) as db:
        assert db.execute("select count(*) from layer_styles").fetchone()[0] == 4  # the QGIS forms came along
    assert pyogrio.read_info(exported, layer="terrain_eco")["features"] == 5


def test_the_export_passes_the_table_schema(exported):
    """Each feature read back with pyogrio, renamed to the schema's fields, validates."""
    for layer, name in LAYER_NAMES.items():
        _, fids, _, values = pyogrio.raw.read(exported, layer=name, return_fids=True)[0:4]
        info = pyogrio.read_info(exported, layer=name)
        schema = load_schema(layer)
        by_attr = {f.name.lower().replace("-", "_"): f.name for f in schema.fields}
        rows = []
        for i, fid in enumerate(fids):
            row = {by_attr[f]: values[j][i] for j, f in enumerate(info["fields"])}
            rows.append((int(fid), {k: (None if v is None or v != v else str(v)) for k, v in row.items()}))
        geometry = {"POLE-ECO": "pole_geompoint", "SITE-ECO": "site_geomsurf", "TERRAIN-ECO": "terr_geomsurf",
                    "ETABLISSEMENT": "etab_geompoint"}[layer]  # fmt: skip
        checked = type(schema)(layer, tuple(f for f in schema.fields if f.name != geometry), schema.primary_key,
                               schema.foreign_keys, schema.missing_values)  # fmt: skip
        assert validate_rows(checked, rows, lines=False)[1] == [], layer


def test_the_round_trip_keeps_everything(exported):
    original, back = small_inventory(), read_geopackage(exported, today=TODAY)
    assert [u.terr_id for u in back.units] == [u.terr_id for u in original.units]
    assert back.units[0].terr_identif_date == original.units[0].terr_identif_date
    assert back.establishments[2].terr_id == original.establishments[2].terr_id  # the pipe list, whole
    assert back.establishments[3].etab_fermeture_date == original.establishments[3].etab_fermeture_date
    assert back.units[2].geometry.equals(original.units[2].geometry)
    assert back.zones[0].geometry.geom_type == "MultiPolygon"
    assert back.occupancy("21231_TERRAIN-ECO_00101").active == original.occupancy("21231_TERRAIN-ECO_00101").active


def test_an_invalid_inventory_writes_nothing(tmp_path):
    inventory = small_inventory()
    inventory.units[0].geometry = Polygon([(X + 10, Y + 10), (X + 90, Y + 90), (X + 90, Y + 10), (X + 10, Y + 90)])
    inventory.zones[0].site_type = "zone"
    path = tmp_path / "out.gpkg"
    with pytest.raises(LandDataError) as error:
        write_geopackage(inventory, path, today=TODAY)
    assert {(p.layer, p.field) for p in error.value.problems} == {("TERRAIN-ECO", "geom"), ("SITE-ECO", "site_type")}
    assert list(tmp_path.iterdir()) == []


def rebuild(source, target, layer, fid=None, field=None, value=None, geometry=None, as_text=None, template=True):
    """A copy of ``source`` with one feature changed (a field value or its geometry), or one field of
    ``layer`` written as text (``as_text``); written with pyogrio, as another tool would."""
    if template:
        shutil.copyfile(TEMPLATE, target)
        os.chmod(target, 0o644)
    for cnig, name in LAYER_NAMES.items():
        meta, fids, wkb, values = pyogrio.raw.read(source, layer=name, return_fids=True)
        fields = list(meta["fields"])
        values = [v.copy() for v in values]
        wkb = wkb.copy()
        template_types = pyogrio.read_info(TEMPLATE, layer=name)["ogr_types"]
        masks = [np.isnan(v) if v.dtype.kind == "f" else None for v in values]
        for k, kind in enumerate(template_types):
            if kind == "OFTInteger" and values[k].dtype.kind == "f":
                values[k] = np.nan_to_num(values[k]).astype(np.int32)
        if cnig == layer:
            row = list(fids).index(fid) if fid is not None else None
            if field is not None:
                values[fields.index(field)][row] = value
            if geometry is not None:
                wkb[row] = shapely.to_wkb(geometry)
            if as_text is not None:
                k = fields.index(as_text)
                values[k] = np.array([str(v) for v in values[k]], dtype=object)
        with warnings.catch_warnings():  # GDAL notes the pipe list longer than TEXT(23)
            warnings.simplefilter("ignore", RuntimeWarning)
            pyogrio.raw.write(
                target, wkb, values, fields, field_mask=masks, layer=name, driver="GPKG",
                geometry_type=meta["geometry_type"], crs="EPSG:2154", append=template,
            )  # fmt: skip
    return target


def test_a_geopackage_with_a_self_intersecting_unit_is_refused_whole(exported, tmp_path):
    bowtie = Polygon([(X + 10, Y + 10), (X + 90, Y + 90), (X + 90, Y + 10), (X + 10, Y + 90)])
    bad = rebuild(exported, tmp_path / "bad.gpkg", "TERRAIN-ECO", fid=1, geometry=bowtie)
    with pytest.raises(LandDataError) as error:
        read_geopackage(bad, today=TODAY)
    assert [(p.layer, p.feature, p.field) for p in error.value.problems] == [
        ("TERRAIN-ECO", small_inventory().units[0].terr_id, "geom")
    ]
    assert "Self-intersection" in error.value.problems[0].describe()


def test_a_wrong_value_is_named(exported, tmp_path):
    bad = rebuild(exported, tmp_path / "bad.gpkg", "SITE-ECO", fid=1, field="site_identif_date", value="05/01/2024")
    with pytest.raises(LandDataError) as error:
        read_geopackage(bad, today=TODAY)
    assert [(p.layer, p.feature, p.field) for p in error.value.problems] == [
        ("SITE-ECO", "21231_SITE-ECO_00001", "site_identif_date")
    ]
    bad = rebuild(exported, tmp_path / "zero.gpkg", "TERRAIN-ECO", fid=2, field="terr_surf_brute", value=-3.0)
    with pytest.raises(LandDataError) as error:
        read_geopackage(bad, today=TODAY)
    assert [(p.feature, p.field) for p in error.value.problems] == [("21231_TERRAIN-ECO_00102", "terr_surf_brute")]


def test_a_wrong_field_type_is_named(exported, tmp_path):
    bad = rebuild(exported, tmp_path / "typed.gpkg", "TERRAIN-ECO", as_text="terr_surf_brute", template=False)
    with pytest.raises(LandDataError) as error:
        read_geopackage(bad, today=TODAY)
    assert [(p.layer, p.field, p.params.get("found")) for p in error.value.problems] == [
        ("TERRAIN-ECO", "terr_surf_brute", "OFTString")
    ]


def test_a_unit_moved_outside_its_zone_in_the_file_is_refused(tmp_path):
    inventory = small_inventory()
    inventory.units[4].site_id = "21231_SITE-ECO_00001"  # lies in zone 2
    with pytest.raises(LandDataError) as error:
        write_geopackage(inventory, tmp_path / "x.gpkg", today=TODAY)
    assert [(p.feature, p.field) for p in error.value.problems] == [("21231_TERRAIN-ECO_00201", "geom")]


def test_the_layout_is_read_from_the_template():
    layout = template_layout()
    assert ("site_id", "TEXT", 20) in layout["SITE-ECO"]
    assert ("site_taux_vacance", "MEDIUMINT", None) in layout["SITE-ECO"]
    assert len(layout["ETABLISSEMENT"]) == 29
    assert box(0, 0, 1, 1).area == 1
