"""France compétences' RNCP/RS export: the TAB before each SIRET, doubled apostrophes, parts by name."""

import shutil
import zipfile

import pytest

from tindus.employment.compute.problems import DataError
from tindus.employment.compute.rncp import part_of, read_rncp_export, siret

from .conftest import shared


@pytest.fixture(scope="module")
def export():
    return read_rncp_export(shared("france-competences-rncp-rs"))


def test_the_parts_are_found_by_the_end_of_their_names():
    assert part_of("echantillon_Rome.csv") == "Rome"
    assert part_of("export_fiches_CSV_Standard_2024_02_22.csv") == "Standard"
    assert part_of("export_fiches_CSV_Blocs_De_Competences_2024_02_22.csv") is None  # not needed
    assert part_of("notes.csv") is None


def test_the_sample_export(export):
    assert len(export.certifications) == 9
    cert = export.certifications["RNCP509"]
    assert cert.title == "Agent vérificateur d'appareils extincteurs" and cert.level == "NIV3" and not cert.active
    assert cert.rome == [("I1203", "Maintenance des bâtiments et des locaux")]
    assert export.rome_of("RNCP4049") == ("D1407", "D1406", "H1102") == export.rome_of("4049")
    assert export.rome_of("RNCP999999") == ()


def test_the_tab_before_each_siret_is_stripped(export):
    assert export.certifications["RNCP509"].certifiers == [
        ("11004301500012", "MINISTERE DE L'EDUCATION NATIONALE ET DE LA JEUNESSE")
    ]
    partners = export.certifications["RS5000"].partners
    assert all(len(number) == 14 and number.isdigit() for number, _name, _habilitation in partners)
    assert siret("\t11004301500012") == "11004301500012"
    with pytest.raises(ValueError):
        siret("\t1100430150001")


def test_habilitated_organisations_become_actions_without_sessions(export):
    offers = export.to_offers()
    assert offers.sessions == ()
    assert {o.siret for o in offers.organisations} >= {"82815245400033", "87920070700013"}
    assert all(a.key.startswith(("RS5000-", "RS6117-")) for a in offers.actions)  # the active certifications
    assert len(export.to_offers(active_only=False).actions) > len(offers.actions)


def test_the_export_is_read_from_its_zip(tmp_path, export):
    archive = tmp_path / "export-fiches-csv-2024-02-22.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in shared("france-competences-rncp-rs").glob("*.csv"):
            z.write(path, f"export_fiches_CSV_{path.stem.removeprefix('echantillon_')}_2024_02_22.csv")
    assert read_rncp_export(archive).certifications.keys() == export.certifications.keys()


def test_a_bad_siret_names_its_file_line_and_column(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(shared("france-competences-rncp-rs"), folder)
    path = folder / "echantillon_Partenaires.csv"
    path.write_bytes(path.read_bytes().replace(b"\t82815245400033", b"\t8281524540003X"))
    with pytest.raises(DataError) as caught:
        read_rncp_export(folder)
    assert (caught.value.file, caught.value.line, caught.value.column) == (
        "echantillon_Partenaires.csv",
        2,
        "Siret_Partenaire",
    )


def test_a_missing_part_is_named(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(shared("france-competences-rncp-rs"), folder)
    (folder / "echantillon_Rome.csv").unlink()
    with pytest.raises(DataError, match="lacks the parts Rome"):
        read_rncp_export(folder)
