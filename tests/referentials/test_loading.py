"""Loading the shipped reference files: counts, idempotence, and all-or-nothing on a bad file."""

import gzip
import shutil

import pytest
from django.db.models import Count

from tindus.referentials.loading import is_up_to_date, load_all, reference_files
from tindus.referentials.models import (
    Commune,
    Epci,
    NafAggregate,
    NafItem,
    Outline,
    ReferenceLoad,
    RomeJob,
    WasteCode,
)
from tindus.referentials.readers import DATA_DIR, ReferenceFileError
from tindus.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_everything_the_platform_needs_is_loaded():
    assert Commune.objects.filter(vintage=2023, kind="commune-actuelle").count() == 35039
    assert Commune.objects.filter(vintage=2026, kind="commune-actuelle").count() == 34969
    assert Epci.objects.filter(vintage=2026).count() == 1255
    levels = dict(NafItem.objects.values_list("level").annotate(n=Count("id")))
    assert levels == {"section": 21, "division": 88, "groupe": 272, "classe": 615, "sous-classe": 732}
    aggregates = {lv: NafAggregate.objects.filter(level=lv).count() for lv in ("A10", "A17", "A38", "A64", "A88")}
    assert aggregates == {"A10": 10, "A17": 17, "A38": 38, "A64": 64, "A88": 88}
    assert RomeJob.objects.count() == 1584
    assert WasteCode.objects.filter(level=3).count() == 842
    assert WasteCode.objects.filter(level=3, hazardous=True).count() == 408
    assert Territory.objects.filter(kind="official", wave=1).count() == 149
    assert Territory.objects.filter(kind="official", wave=2).count() == 183
    assert Outline.objects.filter(layer="commune").count() == 1261


def test_watchmaking_subclass_has_all_its_levels():
    watch = NafItem.objects.get(level="sous-classe", code="26.52Z")
    assert (watch.ape_code, watch.a10, watch.a17, watch.a38, watch.a88) == ("2652Z", "BE", "C3", "CI", "26")
    assert watch.parent_code == "26.52"
    assert "horlogerie" in watch.label.lower()
    assert NafAggregate.objects.get(level="A38", code="CI").label.startswith("FABRICATION DE PRODUITS INFORMATIQUES")


def test_commune_is_linked_to_its_epci_of_the_same_vintage():
    morteau = Commune.objects.get(vintage=2023, code="25411", kind="commune-actuelle")
    assert morteau.name == "Morteau"
    assert morteau.epci.siren == "242504116" and morteau.epci.vintage == 2023
    assert morteau.departement.code == "25" and morteau.region.code == "27"


def test_reload_is_idempotent_and_keeps_keys():
    before = {(c, k): pk for c, k, pk in Commune.objects.filter(vintage=2026).values_list("code", "kind", "id")}
    territory_ids = set(Territory.objects.values_list("id", flat=True))
    report = load_all()
    assert not report.skipped and report.counts["communes_2026"] == 37590
    after = {(c, k): pk for c, k, pk in Commune.objects.filter(vintage=2026).values_list("code", "kind", "id")}
    assert after == before
    assert set(Territory.objects.values_list("id", flat=True)) == territory_ids
    assert is_up_to_date()
    assert load_all(if_changed=True).skipped


def _copy_data(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    for path in reference_files(DATA_DIR):
        shutil.copy(path, target / path.name)
    return target


def _rewrite(path, transform):
    text = gzip.decompress(path.read_bytes()).decode()
    path.write_bytes(gzip.compress(transform(text).encode()))


def test_malformed_file_changes_nothing_and_names_file_and_line(tmp_path):
    data = _copy_data(tmp_path)

    def break_line_4(text):
        lines = text.split("\n")
        lines[3] = lines[3].replace(",commune-actuelle,", ",village,", 1)
        return "\n".join(lines)

    _rewrite(data / "communes_2026.csv.gz", break_line_4)
    rows_before = Commune.objects.count()
    provenance_before = list(ReferenceLoad.objects.values_list("dataset", "sha256"))
    with pytest.raises(ReferenceFileError) as error:
        load_all(data)
    assert error.value.path.name == "communes_2026.csv.gz"
    assert error.value.line == 4
    assert "village" in error.value.reason
    assert Commune.objects.count() == rows_before
    assert list(ReferenceLoad.objects.values_list("dataset", "sha256")) == provenance_before


def test_cross_file_inconsistency_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    # A territory groupement pointing at an EPCI SIREN that does not exist.
    _rewrite(data / "ti_2019_vague1_groupements.csv.gz", lambda t: t.replace("242504116", "242504117", 1))
    with pytest.raises(ReferenceFileError) as error:
        load_all(data)
    assert error.value.path.name == "ti_2019_vague1_groupements.csv.gz"
    assert "242504117" in error.value.reason


def test_reload_updates_a_changed_label_in_place(tmp_path):
    data = _copy_data(tmp_path)
    _rewrite(
        data / "rome_v4_metiers.csv.gz",
        lambda t: t.replace("Conducteur / Conductrice d'engins agricoles", "Pilote d'engins agricoles", 1),
    )
    job_id = RomeJob.objects.get(code="A1101").pk
    load_all(data)
    job = RomeJob.objects.get(code="A1101")
    assert (job.pk, job.label) == (job_id, "Pilote d'engins agricoles")
