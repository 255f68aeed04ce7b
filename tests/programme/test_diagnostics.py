"""Diagnostics side by side: each territory's figures as its own diagnostic page shows them (masked cells
included), ranks, the région and France as references, territories out of the warehouse, access."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tests.browser.crawl import parse
from tests.conftest import signed_in
from tests.diagnostic.conftest import diagnostic_warehouse, synth_doubs  # noqa: F401  (shared fixtures)
from tests.factories import CustomTerritoryFactory, MembershipFactory, PlanFactory, SteeringMembershipFactory
from tests.jobs.inprocess import run_queue
from tindus.diagnostic.report import ZoneNotCoveredError
from tindus.diagnostic.services import build_report, not_covered_message
from tindus.diagnostic.templatetags.diagnostic_format import stat
from tindus.jobs.models import Job
from tindus.programme import diagnostics
from tindus.programme.compute import diagnostics as core
from tindus.programme.scope import followed_territories
from tindus.referentials.models import Commune, Region

pytestmark = pytest.mark.django_db
SECRET = "s"
REGION_URL = reverse("programme:region_diagnostics", kwargs={"region": "27"})
NATIONAL_URL = reverse("programme:national_diagnostics")


# --- the arithmetic, on plain data --------------------------------------------------------------------------


def test_large_employers_add_the_published_bands_of_50_or_more_and_are_secret_with_any_of_them():
    table = [{"code": "12", "establishments": 40}, {"code": "21", "establishments": 9},
             {"code": "22", "establishments": 4}, {"code": "41", "establishments": 1}]  # fmt: skip
    assert core.large_employers(table) == 14
    table[2]["establishments"] = SECRET
    assert core.large_employers(table) == SECRET
    table[2]["establishments"] = 4
    table[0]["establishments"] = SECRET  # a band under 50 takes no part
    assert core.large_employers(table) == 14
    assert core.large_employers([]) == 0


def test_ranks_put_the_highest_first_share_equal_ranks_and_leave_masked_figures_out():
    values = {
        "a": {"industry_jobs": 500, "industry_share": 0.3},
        "b": {"industry_jobs": SECRET, "industry_share": 0.5},
        "c": {"industry_jobs": 900, "industry_share": 0.3},
        "d": {"industry_jobs": 500, "industry_share": None},
        "e": None,  # out of the warehouse
    }
    ranks = core.ranks(values)
    jobs = {key: ranks[key]["industry_jobs"] for key in values}
    assert jobs["c"] == {"position": 1, "count": 3, "tied": False}
    assert jobs["a"] == jobs["d"] == {"position": 2, "count": 3, "tied": True}
    assert jobs["b"] is None and jobs["e"] is None
    share = {key: ranks[key]["industry_share"] for key in values}
    assert share["b"]["position"] == 1 and share["a"]["position"] == share["c"]["position"] == 2
    assert share["a"]["tied"] and share["d"] is None and share["b"]["count"] == 3
    # An indicator nobody has stays unranked for everyone.
    assert all(ranks[key]["large_employers"] is None for key in values)


# --- the pages ----------------------------------------------------------------------------------------------


@pytest.fixture
def coordinator():
    return SteeringMembershipFactory().user


@pytest.fixture
def national():
    return SteeringMembershipFactory(role="national_team").user


@pytest.fixture
def followed_wave_1(haut_doubs, auxois):
    """The demo territories of wave 1 are followed once in use (a plan)."""
    PlanFactory(territory=haut_doubs)
    PlanFactory(territory=auxois)
    return haut_doubs, auxois


def computed(client, url):
    """The page once its job has run: the first visit starts it and says so, the next one shows the table."""
    first = client.get(url)
    assert first.status_code == 200
    page = first.content.decode()
    assert 'id="job-status"' in page and "data-refresh" in page and "<table" not in page
    assert Job.objects.filter(status=Job.Status.PENDING).count() == 1
    run_queue()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def table_rows(page: str, table_id: str) -> dict[str, list[str]]:
    """Row label → the texts of its cells, for the table ``table_id`` of the page."""
    table = re.search(rf'<table id="{table_id}".*?</table>', page, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", re.sub(r"<thead>.*?</thead>", "", table, flags=re.S), re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def expected_cells(values: dict) -> list[str]:
    return [stat(values[key], core.UNITS[key]) for key in core.INDICATORS]


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_region_page_shows_each_territorys_figures_and_masked_cells_as_its_own_page(followed_wave_1, coordinator):
    client = signed_in(coordinator)
    with translation.override("fr"):
        page = computed(client, REGION_URL)
    shown = table_rows(page, "region-indicators")
    followed = followed_territories(Region.objects.get(code="27"))
    masked, compared = set(), 0
    for item in followed:
        row = shown[item.label]
        try:
            with translation.override("fr"):
                report = build_report(territory=item.territory)
        except LookupError:
            continue
        compared += 1
        zone = next(r for r in report["comparison"] if r["kind"] == "zone")
        large = [r["establishments"] for r in report["size_structure"] if r["code"] in core.LARGE_BANDS]
        figures = {figure["id"]: figure["value"] for figure in report["figures"]}
        expected = {
            **{key: zone[key] for key in core.COMPARED},
            "establishment_share": figures["share.industry_establishments"],
            "large_employers": SECRET if SECRET in large else sum(large),
        }
        assert row == expected_cells(expected), item.label
        masked |= {(item.label, key) for key, value in expected.items() if value == SECRET}
        # The territory's own page shows the same figures (its comparison table's first row).
        own = client.get(reverse("diagnostic:territory", kwargs={"slug": item.territory.slug})).content.decode()
        zone_row = table_rows(own, "comparison")[zone["label"]]
        assert zone_row[1:4] == row[1:2] + row[3:5]  # industrial share, annual rate, LQ
    assert compared >= 3  # Alliances Luxe et Précision Doubs (wave 2) and both demo territories of wave 1
    # The demo's size table masks some bands of 50 or more (Auxois Morvan): « s » on both pages.
    assert masked, "the test needs a masked figure"
    for label, key in masked:
        assert shown[label][core.INDICATORS.index(key)] == SECRET
    assert "données synthétiques" in page and "URSSAF" in page and "SIRENE" in page


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_ranks_follow_the_published_figures_of_the_region(followed_wave_1, coordinator):
    client = signed_in(coordinator)
    page = computed(client, REGION_URL)
    table, _job = diagnostics.current(Region.objects.get(code="27"))
    covered = {row["label"]: row["values"] for row in table["territories"] if row["values"]}
    ranks = table_rows(page, "region-ranks")
    ranked = _("Territories ranked")
    assert set(ranks) == set(covered) | {ranked}
    for index, key in enumerate(core.INDICATORS):
        published = {label: v[key] for label, v in covered.items() if isinstance(v[key], int | float)}
        for label, values in covered.items():
            cell = ranks[label][index]
            if values[key] == SECRET:
                assert cell == SECRET
                continue
            higher = sum(1 for other in published.values() if other > values[key])
            position = _("%(position)s of %(n)s") % {"position": higher + 1, "n": len(published)}
            assert cell.startswith(position), (label, key, cell)
            assert (_("(tied)") in cell) == (list(published.values()).count(values[key]) > 1)
        assert ranks[ranked][index] == str(len(published))


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_region_and_france_rows_are_the_reports_comparison_rows(followed_wave_1, coordinator):
    table = _table(coordinator, REGION_URL, "27")
    report = build_report(territory=followed_wave_1[0])
    region = next(r for r in report["comparison"] if r["kind"] == "region" and r["code"] == "27")
    france = next(r for r in report["comparison"] if r["kind"] == "france")
    (row,) = table["regions"]
    for key in core.COMPARED:
        assert row["values"][key] == region[key] and table["france"]["values"][key] == france[key]
    assert table["france"]["label"] == france["label"] == report["reference"]
    assert row["followed"] == len(table["territories"])
    assert row["covered"] == sum(1 for t in table["territories"] if t["values"] is not None) >= 3


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_the_regions_establishments_are_counted_as_a_report_counts_a_zones(followed_wave_1, coordinator):
    """A custom territory made of every commune the warehouse holds in the région gets, on its own diagnostic
    page, the share of industry in establishments and the count of establishments of 50 employees or more
    that the région's row shows."""
    table = _table(coordinator, REGION_URL, "27")
    whole = CustomTerritoryFactory(name="Toute la région couverte")
    whole.communes.set(Commune.objects.filter(vintage=2026, departement__code__in=("21", "25")))
    report = build_report(territory=whole)
    region = table["regions"][0]["values"]
    assert region["large_employers"] == core.large_employers(report["size_structure"])
    figures = {figure["id"]: figure["value"] for figure in report["figures"]}
    assert region["establishment_share"] == figures["share.industry_establishments"]
    # In the demo, the warehouse's « France » is the région itself.
    assert {k: table["france"]["values"][k] for k in ("large_employers", "establishment_share")} == {
        k: region[k] for k in ("large_employers", "establishment_share")
    }


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_a_territory_out_of_the_warehouse_says_why_and_has_no_figure(coordinator):
    client = signed_in(coordinator)
    with translation.override("fr"):
        page = computed(client, REGION_URL)
        table, _job = diagnostics.current(Region.objects.get(code="27"))
    outside = next(row for row in table["territories"] if row["label"] == "Grand Chalon")
    assert outside["values"] is None and all(rank is None for rank in outside["ranks"].values())
    with translation.override("fr"):
        expected = not_covered_message(ZoneNotCoveredError(["71"], ["21", "25"]))
    assert outside["reason"] == expected
    row = table_rows(page, "region-indicators")["Grand Chalon"]
    assert row == [_("Data not available for this territory:") + " " + expected]
    assert "Grand Chalon" not in table_rows(page, "region-ranks")


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_downloads_keep_masked_cells_and_the_source_line(followed_wave_1, coordinator):
    client = signed_in(coordinator)
    page = computed(client, REGION_URL)
    assert 'href="?tableau=region-indicators&amp;format=csv"' in page
    response = client.get(REGION_URL, {"tableau": "region-indicators", "format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "données synthétiques" in text.splitlines()[0] and "URSSAF" in text.splitlines()[0]
    table, _job = diagnostics.current(Region.objects.get(code="27"))
    masked = [row["label"] for row in table["territories"] if (row["values"] or {}).get("large_employers") == SECRET]
    assert masked
    for label in masked:
        line = next(line for line in text.splitlines() if line.startswith(label + ";"))
        assert line.split(";")[-1] == SECRET
    assert client.get(REGION_URL, {"tableau": "region-ranks", "format": "xlsx"}).status_code == 200


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_the_job_is_shared_and_started_once_per_state(coordinator, national, haut_doubs):
    client = signed_in(coordinator)
    client.get(REGION_URL)
    signed_in(national).get(REGION_URL)
    assert Job.objects.count() == 1
    run_queue()
    client.get(REGION_URL)
    assert Job.objects.count() == 1
    # A territory joining the followed ones (a plan) makes a new table.
    PlanFactory(territory=haut_doubs)
    client.get(REGION_URL)
    assert Job.objects.count() == 2


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_national_page_has_a_row_per_region_linking_to_its_page(followed_wave_1, national):
    client = signed_in(national)
    with translation.override("fr"):
        page = computed(client, NATIONAL_URL)
        table, _job = diagnostics.current(None)
    regions = table_rows(page, "national-regions")
    assert len(table["regions"]) == Region.objects.count()
    for region in Region.objects.all():
        assert region.name in regions
        assert f'href="{reverse("programme:region_diagnostics", kwargs={"region": region.code})}"' in page
    bfc = next(r for r in table["regions"] if r["code"] == "27")
    assert regions["Bourgogne-Franche-Comté"][2:] == expected_cells(bfc["values"])
    assert len(table["territories"]) == len(followed_territories())
    assert set(table_rows(page, "national-indicators")) >= {row["label"] for row in table["territories"]}
    # A région whose territories all lie outside the warehouse has no figure, and says so.
    others = [r for r in table["regions"] if r["code"] != "27" and r["followed"]]
    assert others and all(r["values"] is None and r["covered"] == 0 for r in others)
    assert regions[others[0]["name"]][2] == _("Data not available: the warehouse holds no figure of it.")


@pytest.mark.usefixtures("diagnostic_warehouse")
def test_steering_of_another_region_and_territory_roles_are_refused(auxois, national):
    elsewhere = SteeringMembershipFactory(region=Region.objects.get(code="11")).user
    assert signed_in(elsewhere).get(REGION_URL).status_code == 403
    assert signed_in(elsewhere).get(NATIONAL_URL).status_code == 403
    team = MembershipFactory(territory=auxois, role="team").user
    assert signed_in(team).get(REGION_URL).status_code == 403
    anonymous = Client().get(REGION_URL)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    assert signed_in(national).get(REGION_URL).status_code == 200
    assert Job.objects.count() == 1  # no job for those refused
    assert signed_in(elsewhere).get(reverse("programme:region_diagnostics", kwargs={"region": "99"})).status_code == 404


def test_warehouse_unavailable_gives_the_diagnostics_503_page(coordinator):
    response = signed_in(coordinator).get(REGION_URL)
    assert response.status_code == 503
    assert "Diagnostic indisponible" in response.content.decode()
    assert not Job.objects.exists()


def _table(user, url: str, code: str | None) -> dict:
    computed(signed_in(user), url)
    table, _job = diagnostics.current(Region.objects.get(code=code) if code else None)
    assert table is not None
    return table


def test_a_region_without_territory_says_so_without_job_nor_warehouse():
    followed = {item.region_id for item in followed_territories()}
    empty = Region.objects.exclude(pk__in=followed).first()
    assert empty is not None, "the test needs a région where the programme follows no territory"
    user = SteeringMembershipFactory(region=empty).user
    response = signed_in(user).get(reverse("programme:region_diagnostics", kwargs={"region": empty.code}))
    assert response.status_code == 200  # no warehouse in this test: the page does not need it
    page = response.content.decode()
    assert 'id="no-territory"' in page and "<table" not in page and "data-refresh" not in page
    assert not Job.objects.exists()


@pytest.mark.usefixtures("diagnostic_warehouse")
@pytest.mark.parametrize("url", [REGION_URL, NATIONAL_URL])
def test_every_id_is_used_once_and_the_contents_lead_to_each_section(followed_wave_1, national, url):
    page = computed(signed_in(national), url)
    parsed = parse(page)
    assert not [i for i, n in Counter(parsed.ids).items() if n > 1]
    contents = re.search(r'<nav class="page-contents".*?</nav>', page, re.S).group(0)
    anchors = re.findall(r'href="#([^"]+)"', contents)
    assert len(anchors) >= 3 and all(re.search(rf'<h2 id="{anchor}"', page) for anchor in anchors)
    # The tables name their source line, which names the warehouse's sources and their vintage.
    assert all('data-source="diagnostics-sources"' in t for t in re.findall(r"<table [^>]*>", page))
    assert re.search(r'id="diagnostics-sources">.*URSSAF.*\(2024\).*SIRENE', page, re.S)
