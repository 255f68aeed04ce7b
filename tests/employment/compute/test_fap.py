"""FAP 2021 levels, and FAP 2009 tension reaching BMO jobs through the 22 domains only."""

import pytest

from tindus.employment.compute.fap import (
    TENSION_NOTE,
    domain_tensions,
    job_tensions,
    read_correspondence,
    read_fap2009,
    read_tensions,
)
from tindus.employment.compute.problems import DataError


@pytest.fixture(scope="module")
def fap2009():
    return read_fap2009()


@pytest.fixture(scope="module")
def tensions(fap2009):
    return read_tensions(fap2009=fap2009)


def test_the_four_levels_of_fap_2021(fap2021):
    assert [len(fap2021.labels[level]) for level in ("341", "228", "86", "22")] == [341, 228, 86, 22]
    assert fap2021.domain("D1X33") == "D" and fap2021.labels["228"]["D1X33"] == "Soudeurs"
    assert fap2021.children["A0X41"][:2] == ("A0X41a", "A0X41b")
    assert fap2021.describe("A0X41").startswith("Eleveurs ; Eleveurs de bovins")


def test_every_bmo_job_is_a_fap_2021_family(bmo_2025, fap2021):
    assert set(bmo_2025.job_codes) <= set(fap2021.domain_of)
    assert all(bmo_2025.job_names[c] == fap2021.labels["228"][c] for c in bmo_2025.job_codes)


def test_the_domain_correspondence_is_documented_domain_by_domain(fap2021, fap2009):
    links = read_correspondence()
    assert set(links) == set(fap2021.labels["22"]) == set(fap2009.domain_labels)
    for domain, link in links.items():
        assert link.label_2021 == fap2021.labels["22"][domain].strip()
        assert link.label_2009 == fap2009.domain_labels[link.domain_2009]
        assert link.relation == ("same label" if link.label_2021 == link.label_2009 else "renamed")
    assert {d for d, link in links.items() if link.relation == "renamed"} == {"H", "L"}


def test_a_domain_tension_is_the_employment_weighted_mean_of_its_families(tensions, fap2009):
    dijon = [r for r in tensions if r.place == ("dep", "21") and fap2009.domain_of[r.family] == "D"]
    used = [r for r in dijon if r.index is not None and r.employment]
    expected = sum(r.index * r.employment for r in used) / sum(r.employment for r in used)
    domain = domain_tensions(tensions, fap2009, ("dep", "21"))["D"]
    assert domain.index == pytest.approx(expected)
    assert domain.families == len(used)
    strong = sum(r.employment for r in used if r.category in (4.0, 5.0)) / sum(r.employment for r in used)
    assert domain.strong_share == pytest.approx(strong)


def test_a_bmo_job_gets_its_domain_tension_and_says_so(tensions, fap2009, fap2021):
    places = [domain_tensions(tensions, fap2009, p) for p in (("dep", "25"), ("reg", "27"), ("nat", ""))]
    found = job_tensions(["D1X33", "K0X30"], fap2021, read_correspondence(), places)
    machining = found["D1X33"]
    assert machining.tension.place == ("dep", "25") and machining.note == TENSION_NOTE
    assert machining.link.domain_2009 == "D"
    assert found["K0X30"].tension is None  # Artisanat: no family of the 2019 file
    assert found["K0X30"].note == "no FAP 2009 tension published for this domain"


def test_a_place_without_the_domain_falls_back_to_the_next(tensions, fap2009, fap2021):
    national = domain_tensions(tensions, fap2009, ("nat", ""))
    found = job_tensions(["D1X33"], fap2021, read_correspondence(), [{}, national])
    assert found["D1X33"].tension.place == ("nat", "")


def test_an_unknown_fap_code_is_refused(fap2021, tmp_path, fap2009):
    with pytest.raises(KeyError, match="unknown FAP 2021 code 'D9X99'"):
        job_tensions(["D9X99"], fap2021, read_correspondence(), [])
    bad = tmp_path / "tensions.csv"
    bad.write_text(
        "fap,Emploi moyen,Tension ,Catégorie Tension,Année,niveau_geo,niveau_fap,reg,dep\n"
        "A0Z40,63100,0.1,3.0,2019,nat,fap 225,,\n"
        "A0X40,63100,0.1,3.0,2019,nat,fap 225,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        read_tensions(bad, fap2009)
    assert (caught.value.line, caught.value.column) == (3, "fap")
    assert "unknown FAP 2009 code 'A0X40'" in str(caught.value)


def test_a_code_written_alike_in_both_nomenclatures_still_gets_its_domain_figure(tensions, fap2009, fap2021):
    """``G0A40`` is a FAP 2021 family and a FAP 2009 one: the job gets domain G's tension, not that family's."""
    national = domain_tensions(tensions, fap2009, ("nat", ""))
    family = next(r for r in tensions if r.family == "G0A40" and r.place == ("nat", ""))
    found = job_tensions(["G0A40"], fap2021, read_correspondence(), [national])["G0A40"]
    assert found.tension == national["G"]
    assert found.tension.index != pytest.approx(family.index)
