"""The Table Schema validator on the shipped CNIG files and on broken rows."""

import pytest

from tindus.land.compute import DATA
from tindus.land.compute.problems import LandDataError
from tindus.land.compute.schema import load_schema, validate_csv, validate_rows

EXAMPLES = {
    "POLE-ECO": "pole-eco",
    "SITE-ECO": "site-eco",
    "TERRAIN-ECO": "terrain-eco",
    "ETABLISSEMENT": "etablissement",
    "friches": "friches",
}


@pytest.mark.parametrize("layer", ["POLE-ECO", "TERRAIN-ECO", "friches"])
def test_the_valid_examples_pass(layer):
    records, problems = validate_csv(DATA / f"exemple_valide_{EXAMPLES[layer]}.csv", layer)
    assert problems == []
    assert len(records) == 1


def test_the_site_example_is_not_valid_and_each_fault_is_named():
    """The standard's own « valid » SITE-ECO example writes « entrepôts;logistique » across two columns
    and « EPCI » in upper case: the validator names each field."""
    _, problems = validate_csv(DATA / "exemple_valide_site-eco.csv", "SITE-ECO")
    assert {(p.line, p.feature, p.field) for p in problems} == {
        (2, "80024_SITE-ECO_00001", "site_vocadomi"),
        (2, "80024_SITE-ECO_00001", "site_etat"),
        (2, "80024_SITE-ECO_00001", "site_evol_urba"),
        (2, "80024_SITE-ECO_00001", "site_moa_type"),
    }
    assert "« EPCI » is not one of the standard's values" in [p.explain() for p in problems]


def test_an_enum_written_at_field_level_is_checked():
    """``geocodage_qualite``'s list sits outside ``constraints``; « Localisation… » capitalised is refused."""
    assert load_schema("ETABLISSEMENT").field("geocodage_qualite").enum is not None
    _, problems = validate_csv(DATA / "exemple_valide_etablissement.csv", "ETABLISSEMENT")
    assert [(p.field, p.params["value"]) for p in problems] == [("geocodage_qualite", "Localisation au bâtiment")]


def terrain_csv(**changes: str) -> bytes:
    text = (DATA / "exemple_valide_terrain-eco.csv").read_text(encoding="utf-8")
    header, row = text.strip().split("\n")
    cells = dict(zip(header.split(";"), row.split(";"), strict=True))
    cells.update(changes)
    return (header + "\n" + ";".join(cells.values()) + "\n").encode()


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"terr_surf_brute": "9,9"}, "terr_surf_brute", "is not a number"),
        ({"terr_identif_date": "29/08/2023"}, "terr_identif_date", "is not a date"),
        ({"terr_etat_occup": "libre"}, "terr_etat_occup", "is not one of the standard's values"),
        ({"terr_refcad": "80024000ZO003"}, "terr_refcad", "does not have the expected form"),
        ({"terr_maitrise_fonc": "NA"}, "terr_maitrise_fonc", "required value missing"),
        ({"terr_geomsurf": '{"type": "Polygone"}'}, "terr_geomsurf", "not a GeoJSON geometry"),
        ({"terr_url_cartofriches": "cartofriches.cerema.fr"}, "terr_url_cartofriches", "expected form"),
    ],
)
def test_a_csv_breaking_the_table_schema_names_line_feature_and_field(change, field, reason):
    _, problems = validate_csv(terrain_csv(**change), "TERRAIN-ECO")
    assert [(p.layer, p.line, p.feature, p.field) for p in problems] == [
        ("TERRAIN-ECO", 2, "80024_TERRAIN-ECO_00131", field)
    ]
    assert reason in problems[0].describe()


def test_a_duplicate_identifier_and_a_missing_column_are_named():
    text = terrain_csv().decode()
    header, row = text.strip().split("\n")
    _, problems = validate_csv((text + row + "\n").encode(), "TERRAIN-ECO")
    assert [(p.line, p.field, p.params.get("other")) for p in problems] == [(3, "terr_id", 2)]
    short = ";".join(c for c in header.split(";") if c != "terr_usage")
    cut = ";".join(v for c, v in zip(header.split(";"), row.split(";"), strict=True) if c != "terr_usage")
    _, problems = validate_csv(f"{short}\n{cut}\n".encode(), "TERRAIN-ECO")
    assert ("terr_usage", "required column missing") in [(p.field, p.explain()) for p in problems]


def test_a_row_with_too_many_fields_refuses_the_file():
    text = terrain_csv().decode().rstrip("\n") + ";extra\n"
    with pytest.raises(LandDataError) as error:
        validate_csv(text.encode(), "TERRAIN-ECO")
    assert error.value.problems[0].line == 2


def test_feature_without_identifier_is_located_by_its_fid():
    _, problems = validate_rows(load_schema("POLE-ECO"), [(7, {"pole_nom": "x"})], lines=False)
    assert {p.feature for p in problems} == {"fid 7"}
    assert {p.line for p in problems} == {0}
