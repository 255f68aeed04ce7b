"""The shipped Cartofriches export: quirks cleaned and reported, statuses, all or nothing."""

import collections
import gzip

import pytest

from tindus.land.compute.friches import EXPORT, read_cartofriches
from tindus.land.compute.problems import LandDataError


def test_the_two_demo_departements_import_cleanly_with_their_statuses():
    done = read_cartofriches(departements={"21", "25"})
    assert len(done.brownfields) == 29
    assert collections.Counter(b.status for b in done.brownfields) == {
        "potential": 16, "without project": 10, "with project": 3,
    }  # fmt: skip
    assert {b.departement for b in done.brownfields} == {"21", "25"}
    assert all(-5.2 < b.point.x < 9.6 and 41.3 < b.point.y < 51.2 for b in done.brownfields)


def test_each_fix_says_line_field_before_and_after():
    fixes = read_cartofriches(departements={"21", "25"}).fixes
    dates = [f for f in fixes if f.field == "site_identif_date"]
    assert len(dates) == 29
    first = dates[0]
    day, month, year = first.before.split("/")
    assert first.after == f"{year}-{month}-{day}" and first.line > 1 and first.site_id
    assert {f.after for f in fixes if f.field == "source_producteur"} == {""}
    assert {f.before for f in fixes if f.field == "source_producteur"} == {"lou dupont"}
    assert [(f.line, f.before, f.after) for f in fixes if f.field == "urba_zaer"] == [(0, "", "inconnu")]
    assert all("_X_" not in f.after for f in fixes if f.field == "proprio_nom")


def test_insee_codes_are_padded_and_site_types_mapped_on_the_whole_file_selection():
    done = read_cartofriches(departements={"03"})
    padded = [f for f in done.fixes if f.field == "comm_insee"]
    assert padded and all(len(f.before) == 4 and f.after == "0" + f.before for f in padded)
    assert all(b.record["comm_insee"] == b.site_id.split("_")[0] for b in done.brownfields)


def test_the_whole_file_is_refused_naming_what_no_known_quirk_explains():
    """Excel-mangled parcel references (« 5,748E+13 »), « residentiel » without accent, one identification
    date missing: the national file is not imported, every problem located."""
    with pytest.raises(LandDataError) as error:
        read_cartofriches()
    problems = error.value.problems
    assert all(p.layer == "friches" and p.line > 1 and p.feature and p.field for p in problems)
    fields = collections.Counter(p.field for p in problems)
    assert fields["unite_fonciere_refcad"] >= 30
    assert fields["site_identif_date"] == 1


def test_a_point_written_latitude_first_outside_france_is_still_a_point_but_a_broken_one_is_refused():
    text = gzip.decompress(EXPORT.read_bytes()).decode()
    header, first = text.split("\n")[:2]
    broken = first.replace("POINT (-1.453596 48.97212)", "POINT(-1.45")
    with pytest.raises(LandDataError) as error:
        read_cartofriches(f"{header}\n{broken}\n".encode())
    assert [(p.line, p.field) for p in error.value.problems] == [(2, "geompoint")]


def test_unknown_owner_codes_are_notes_not_refusals():
    text = gzip.decompress(EXPORT.read_bytes()).decode()
    header, first = text.split("\n")[:2]
    done = read_cartofriches(f"{header}\n{first.replace(';X1a;', ';P6b;')}\n".encode())
    assert [(n.field, n.params["value"]) for n in done.notes] == [("proprio_type", "P6b")]
