"""ROME → BMO jobs: the official DARES table first, the team's confirmed links elsewhere."""

import pytest

from tindus.employment.compute.correspondence import action_jobs, merged_links, read_official_table
from tindus.employment.compute.offers import Codes
from tindus.employment.compute.problems import DataError

# The layout public code expects of the DARES file: « ; », Windows-1252, ROME and FAP341 among others.
OFFICIAL = (
    "ROME;Qualif;Libellé ROME;FAP341;Libellé FAP341\r\n"
    "H2913;;Soudeur / Soudeuse;D1X33b;Ouvriers qualifiés en soudage\r\n"
    "A1407;;Éleveur / Éleveuse;A0X41a;Eleveurs de bovins ou d'équins\r\n"
    "A1407;;Éleveur / Éleveuse;A0X41c;Eleveurs de lapins et volailles\r\n"
)


def test_the_official_table_maps_rome_to_228_level_families(tmp_path, fap2021):
    path = tmp_path / "Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv"
    path.write_bytes(OFFICIAL.encode("cp1252"))
    assert read_official_table(path, fap2021) == {"A1407": ("A0X41",), "H2913": ("D1X33",)}


def test_an_unknown_fap_code_in_the_official_table_names_its_line(tmp_path, fap2021):
    path = tmp_path / "table.csv"
    path.write_bytes((OFFICIAL + "H2913;;Soudeur;D1Z33;Soudeurs\r\n").encode("cp1252"))
    with pytest.raises(DataError) as caught:
        read_official_table(path, fap2021)
    assert (caught.value.line, caught.value.column) == (5, "FAP341")
    assert "unknown FAP 2021 code 'D1Z33'" in str(caught.value)


def test_the_official_table_wins_over_confirmed_links():
    links = merged_links({"H2913": ["D1X33"]}, {"H2913": ["D1X30"], "G1803": ["S2X61", "S2X61"]})
    assert links == {"H2913": ("D1X33",), "G1803": ("S2X61",)}


def test_an_action_reaches_its_jobs_through_its_rome_and_certification_codes():
    links = {"H2913": ("D1X33",), "D1102": ("S0X40",)}
    assert action_jobs(Codes(rome=("H2913",), rome_version="V4"), links) == ("D1X33",)
    # ROME v3 codes are not looked up in a v4 table
    assert action_jobs(Codes(rome=("H2913",), rome_version="V3"), links) == ()
    certified = Codes(rncp=("RNCP19468",))
    assert action_jobs(certified, links) == ()
    assert action_jobs(certified, links, rome_of_certification=lambda n: ("D1102",)) == ("S0X40",)
