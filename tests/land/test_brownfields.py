"""Brownfields imported from the shipped Cartofriches export: selection, fixes kept, zones linked, updates by
identifier, all or nothing."""

import collections

import pytest

from tests.land.exchange_builders import csv_rows, shipped_csv, zone_around
from tindus.land.brownfields import import_cartofriches, load_shipped_cartofriches, relocate
from tindus.land.compute.friches import read_cartofriches
from tindus.land.compute.problems import LandDataError
from tindus.land.models import Brownfield, BrownfieldImport

pytestmark = pytest.mark.django_db


def test_departements_21_and_25_import_their_29_sites_with_the_fixes(auxois, team):
    record = import_cartofriches(auxois, shipped_csv(), "export.csv", team, departements={"21", "25"})
    rows = Brownfield.objects.filter(territory=auxois)
    assert rows.count() == record.sites == 29
    assert collections.Counter(rows.values_list("site_statut", flat=True)) == {
        "friche potentielle": 16, "friche sans projet": 10, "friche avec projet": 3,
    }  # fmt: skip
    assert record.departements == ["21", "25"] and record.imported_by == team
    dates = [f for f in record.fixes if f["field"] == "site_identif_date"]
    assert len(dates) == 29 and all(f["line"] > 1 and f["site_id"] for f in dates)
    assert {f["before"] for f in record.fixes if f["field"] == "source_producteur"} == {"lou dupont"}
    morteau = rows.get(site_id="25411_21669")
    # the full record is kept as text in the standard's names; promoted columns follow it
    assert morteau.record["site_identif_date"] == "2022-05-14" and morteau.record["activite_fin_annee"] == "2021"
    assert (morteau.comm_insee, morteau.proprio_type, morteau.unite_fonciere_surface) == ("25411", "G1a", 4676)
    assert (morteau.longitude, morteau.latitude) == (6.612896, 47.05982)


def test_by_default_only_the_territorys_communes_are_kept(auxois):
    communes = set(auxois.communes.values_list("code", flat=True))
    expected = {
        b.site_id for b in read_cartofriches(departements={"21"}).brownfields if b.record["comm_insee"] in communes
    }
    assert expected  # the test means something
    record = import_cartofriches(auxois, shipped_csv(), "export.csv")
    assert set(auxois.brownfields.values_list("site_id", flat=True)) == expected
    assert record.departements == ["21"]
    assert all(f["site_id"] in expected for f in record.fixes if f["site_id"])


def test_each_brownfield_is_linked_to_the_zone_holding_its_point(auxois):
    zone = zone_around(auxois, 6.612896, 47.05982)
    import_cartofriches(auxois, shipped_csv(), "export.csv", departements={"21", "25"})
    linked = Brownfield.objects.filter(territory=auxois, zone=zone)
    assert list(linked.values_list("site_id", flat=True)) == ["25411_21669"]
    zone.delete()
    assert relocate(auxois) == 0  # the link went with the zone (SET_NULL)
    other = zone_around(auxois, 6.612896, 47.05982, site_id="Z2")
    assert relocate(auxois) == 1 and auxois.brownfields.get(site_id="25411_21669").zone == other


def test_a_second_import_updates_the_same_sites(auxois):
    import_cartofriches(auxois, shipped_csv(), "a.csv", departements={"21", "25"})
    auxois.brownfields.filter(site_id="25411_21669").update(proprio_nom="changed")
    second = import_cartofriches(auxois, shipped_csv(), "b.csv", departements={"21", "25"})
    assert auxois.brownfields.count() == 29
    morteau = auxois.brownfields.get(site_id="25411_21669")
    assert (morteau.proprio_nom, morteau.source_import) == ("ZEPHYR", second)


def test_a_bad_file_is_refused_with_its_line_and_field_and_nothing_is_saved(auxois):
    content = csv_rows(shipped_csv(), lambda line: line.startswith(("21", "25")))
    lines = content.decode().split("\n")
    lines[3] = (
        lines[3].replace("friche potentielle", "friche en attente").replace("friche sans projet", "friche en attente")
    )
    assert "friche en attente" in lines[3]
    with pytest.raises(LandDataError) as error:
        import_cartofriches(auxois, "\n".join(lines).encode(), "bad.csv", departements={"21", "25"})
    assert [(p.line, p.field) for p in error.value.problems] == [(4, "site_statut")]
    assert not Brownfield.objects.exists() and not BrownfieldImport.objects.exists()


def test_a_file_without_a_site_of_the_territory_is_refused(auxois):
    content = csv_rows(shipped_csv(), lambda line: line.startswith("25"))
    with pytest.raises(LandDataError):
        import_cartofriches(auxois, content, "doubs.csv")
    assert not BrownfieldImport.objects.exists()


def test_the_shipped_export_is_loaded_for_the_territorys_departements(haut_doubs):
    record = load_shipped_cartofriches(haut_doubs)
    assert record.departements == ["25"]
    assert record.sites == haut_doubs.brownfields.count() > 0
    assert {b.site_id[:2] for b in haut_doubs.brownfields.all()} == {"25"}


def test_a_fix_reads_on_a_page_with_the_field_s_title_and_its_name_as_code():
    from tindus.land.brownfields import describe_fix_html, standard_fields

    fix = {"line": 4, "field": "comm_insee", "before": "3013", "after": "03013", "site_id": "03013_1"}
    text = describe_fix_html(fix)
    assert "<code>comm_insee</code>" in text
    assert dict(standard_fields())["comm_insee"] in text
    assert "« 3013 » → « 03013 »" in text
