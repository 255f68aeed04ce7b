"""The working group's needs table: real BMO figures of the territory's basins, straddling basins apportioned
as the page says, masked cells kept « at least », the territory and each EPCI, the gaps named."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tindus.employment.analysis import Settings, needs_report
from tindus.employment.compute.figures import Figure
from tindus.employment.reading import readings
from tindus.employment.reference import basin_communes
from tindus.referentials.models import Commune

pytestmark = pytest.mark.django_db


def url(territory, name="home", **kwargs):
    return reverse(f"employment:{name}", kwargs={"slug": territory.slug, **kwargs})


def test_the_territory_and_each_epci_get_their_table(national_bmo, territory, committee_en):
    page = committee_en.get(url(territory)).content.decode()
    epcis = list(territory.groupements.filter(nature="EPCI").values_list("name", "siren"))
    assert len(epcis) == 5
    for name, siren in epcis:
        assert f'id="area-{siren}"' in page and name in page
    assert 'id="area-territoire"' in page
    assert "Sources: France Travail, BMO 2025 survey (bmo_2025_open_data.csv.gz)" in page
    assert "straddles the edge" in page and "by the share of their population inside" in page
    assert "at least" in page  # a masked cell stays a lower bound in the sums


def test_a_straddling_basin_counts_for_the_share_of_its_population_inside(national_bmo, territory):
    report = needs_report(territory)
    lines = {b.share.code: b for b in report.territory_table.basins}
    morteau = lines[2727]
    assert morteau.name == "MORTEAU" and morteau.share.straddling
    codes = basin_communes()[2727]
    population = dict(
        Commune.objects.filter(vintage=2023, kind="commune-actuelle", code__in=codes).values_list("code", "population")
    )
    inside = set(territory.communes.values_list("code", flat=True))
    expected = sum(p for c, p in population.items() if c in inside) / sum(population.values())
    assert morteau.share.share == pytest.approx(expected)
    assert 0 < expected < 1
    by_communes = needs_report(territory, Settings(method="communes")).territory_table.basins
    share = next(b.share for b in by_communes if b.share.code == 2727)
    assert share.share == pytest.approx(len(inside & set(codes)) / len(codes))


def test_the_territory_s_figure_is_its_basins_figures_times_their_shares(national_bmo, territory):
    from tindus.employment.bmo_store import matrix_for

    report = needs_report(territory, Settings(year=2024))
    assert report.record.year == 2024
    weights = {b.share.code: b.share.share for b in report.territory_table.basins}
    matrix = matrix_for(report.record, weights)
    j = matrix.jobs.index("T2A60")
    expected = sum(weights[int(b)] * matrix.values["projects"][i, j] for i, b in enumerate(matrix.basins))
    masked = sum(int(matrix.masked["projects"][i, j]) for i, b in enumerate(matrix.basins) if weights[int(b)] > 0)
    row = next(r for r in report.territory_table.rows if r.need.job == "T2A60")
    assert row.need.projects == Figure(pytest.approx(expected), masked)


def test_a_masked_part_is_shown_as_a_lower_bound(national_bmo, territory, committee_en):
    report = needs_report(territory)
    masked = next(r for r in report.territory_table.rows if r.need.projects.masked and r.need.projects.value)
    page = committee_en.get(url(territory)).content.decode()
    row = re.search(rf'<tr id="{masked.anchor}".*?</tr>', page, re.S).group()
    assert masked.need.projects.render().startswith("at least ")
    assert masked.need.projects.render() in row


def test_gaps_are_difficult_jobs_without_a_session_nearby(national_bmo, territory, committee_en):
    report = needs_report(territory)
    gaps = report.territory_table.gaps
    assert gaps and all(g.need.difficult_share >= 0.5 and g.need.sessions_near == 0 for g in gaps)
    page = committee_en.get(url(territory)).content.decode()
    assert f"Gap: {gaps[0].need.name}" in page


def test_the_settings_of_the_address_are_used(national_bmo, territory, committee_en):
    page = committee_en.get(url(territory) + "?annee=2024&rayon=50&mois=6&repartition=communes").content.decode()
    assert "BMO 2024 survey" in page and "within 50 km starting within 6 months" in page
    assert "by the share of their communes inside" in page


def test_every_sentence_of_the_reading_points_to_figures_of_the_page(national_bmo, territory, committee_en):
    with translation.override("en"):  # the page is read in English: its sentences are compared in English
        report = needs_report(territory)
        found = readings(report)
        projects = report.territory_table.projects.render()
    assert len(found) >= 4
    page = committee_en.get(url(territory)).content.decode()
    for reading in found:
        for _what, anchor in reading.figures:
            assert f'id="{anchor}"' in page, anchor
    total = found[0]
    assert projects in total.text
    assert "BMO 2024 counted" in total.text  # the year before, when both are loaded


def test_without_a_bmo_file_the_page_says_so(territory, committee_en):
    page = committee_en.get(url(territory)).content.decode()
    assert "No BMO file is loaded" in page


def test_a_job_s_page_names_its_gap_and_its_figures_by_area(national_bmo, territory, committee_en):
    gap = needs_report(territory).territory_table.gaps[0]
    page = committee_en.get(url(territory, "job", job=gap.need.job)).content.decode()
    assert "Gap" in page and gap.need.name in page
    assert page.count('<tr><th scope="row">') >= 2  # the territory and at least one EPCI
    assert committee_en.get(url(territory, "job", job="ZZZ99")).status_code == 404


def test_the_map_draws_the_territory_locally(national_bmo, territory, committee_en):
    page = committee_en.get(url(territory, "map")).content.decode()
    assert "<svg" in page and "map-communes" in page and "The same as a table" in page
