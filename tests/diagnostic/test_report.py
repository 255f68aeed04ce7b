"""The diagnostic of the Haut-Doubs on a synthetic warehouse: figures, secrecy, exports, page, command."""

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.jobs.inprocess import result_bytes, run_job
from tindus.diagnostic import data
from tindus.diagnostic.compute.secrecy import TOTAL, crosstab, recoverable_cells
from tindus.diagnostic.services import build_report
from tindus.diagnostic.templatetags.diagnostic_format import stat

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(diagnostic_warehouse, haut_doubs):
    return build_report(territory=haut_doubs)


def figure(report, fid):
    return next(f for f in report["figures"] if f["id"] == fid)


def test_every_figure_has_its_definition_source_vintage_and_label(report):
    assert report["synthetic"] is True
    for f in report["figures"]:
        assert f["definition"] and f["source"] and f["vintage"], f
        assert f["synthetic"] is True
    assert figure(report, "total.jobs")["vintage"] == "2024"


def test_figures_match_the_warehouse(report, diagnostic_warehouse, haut_doubs):
    with diagnostic_warehouse.session(read_only=True) as con:
        communes = data.territory_communes(con, haut_doubs.slug)
        expected = con.execute(
            "SELECT sum(jobs) FILTER (WHERE n.section IN ('B','C','D','E')), sum(jobs) FROM employment m "
            "JOIN ref_naf n USING (naf) WHERE year = 2024 AND commune IN (SELECT unnest(?::VARCHAR[]))",
            [communes],
        ).fetchone()
    assert figure(report, "total.industry_jobs")["value"] == round(expected[0])
    assert figure(report, "share.industry_jobs")["value"] == pytest.approx(expected[0] / expected[1], abs=1e-4)


def test_shift_share_adds_up_to_the_observed_change(report):
    change = figure(report, "growth.change")["value"]
    parts = sum(figure(report, f"shift_share.{k}")["value"] for k in ("national", "mix", "local"))
    assert parts == pytest.approx(change, abs=1)


def test_readings_state_only_published_figures(report):
    """Each share and location quotient in a sentence is a published cell of the report's own tables."""
    import re

    assert report["readings"]
    total = figure(report, "total.industry_jobs")["value"]
    published = {r["label"]: r for r in report["sectors"] if not r["secret"]}
    published_naf = {r["label"]: r for r in report["by_level"]["naf"] if r["jobs"] != "s"}
    masked_labels = {r["label"] for r in report["sectors"] if r["secret"]} | {
        r["label"] for r in report["by_level"]["naf"] if r["jobs"] == "s"
    }
    for sentence in report["readings"]:
        named = [label for label in (*published, *published_naf) if sentence.startswith(label)]
        assert named, f"a reading names a sector that no published row shows: {sentence}"
        assert not any(sentence.startswith(label) for label in masked_labels - set(named))
        row = published.get(named[0]) or published_naf[named[0]]
        share = row["share"] if "share" in row else row["jobs"] / total
        weight = int(re.search(r"(\d+) ?%", sentence).group(1))
        assert weight == round(share * 100), sentence
        lq = re.search(r"(\d+,\d) (?:fois|times)", sentence)
        if lq and "lq_france" in row:
            assert float(lq.group(1).replace(",", ".")) == pytest.approx(row["lq_france"], abs=0.051), sentence


def test_published_sector_by_epci_table_reveals_no_secret_cell(report):
    table = report["sector_by_epci"]
    columns = [c["id"] for c in table["columns"]]
    rows = [r["id"] for r in table["rows"]]
    cells, masked = {}, set()
    for row in table["rows"]:
        for column, value in zip(columns, row["cells"], strict=True):
            cells[(row["id"], column)] = 0 if value == "s" else value
            if value == "s":
                masked.add((row["id"], column))
    assert masked, "the Haut-Doubs table should have secret cells"
    rebuilt = crosstab(
        {k: v for k, v in cells.items() if TOTAL not in k}, [r for r in rows if r != TOTAL],
        [c for c in columns if c != TOTAL],
    )  # fmt: skip
    assert recoverable_cells(rebuilt, masked) == set()


def test_secret_sectors_are_hidden_everywhere(report):
    for row in report["sectors"]:
        if row["secret"]:
            assert {row[k] for k in ("jobs", "share", "lq_france", "lq_rest_of_region", "change")} == {"s"}


def test_no_headcount_more_precise_than_the_band(report):
    from tindus.diagnostic.report import BANDS
    from tindus.diagnostic.wording import band_label

    bands = {band_label(code) for code in BANDS}
    assert report["top_employers"] and all(e["size_band"] in bands | {"s"} for e in report["top_employers"])
    # A band that the size table masks is masked in the list of employers too.
    masked = {r["band"] for r in report["size_structure"] if r["establishments"] == "s"}
    assert not masked & {e["size_band"] for e in report["top_employers"]}
    assert set(report["top_employers"][0]) == {"name", "commune", "naf", "naf_label", "size_band"}


def test_manufacturing_scope_and_period(diagnostic_warehouse, haut_doubs):
    industry = build_report(territory=haut_doubs, start=2010, end=2020)
    manufacturing = build_report(territory=haut_doubs, scope="manufacturing", start=2010, end=2020)
    assert manufacturing["period"] == {"start": 2010, "end": 2020}
    assert "C" in manufacturing["scope_label"]
    made = figure(manufacturing, "total.industry_jobs")["value"]
    section_c = next(r for r in industry["by_level"]["section"] if r["code"] == "C")["jobs"]
    assert made == section_c  # the same cell, masked or not, in both reports
    if made != "s":
        assert made <= figure(industry, "total.industry_jobs")["value"]
    with pytest.raises(ValueError):
        build_report(territory=haut_doubs, start=1990)


def test_an_epci_and_a_custom_territory(diagnostic_warehouse):
    from tindus.referentials.models import Commune
    from tindus.territories.perimeters import PerimeterChoice, save_custom_territory

    epci = build_report(epci="242504116")
    assert epci["zone"]["kind"] == "epci" and figure(epci, "total.jobs")["value"] > 0
    village = Commune.objects.get(vintage=2026, code="25411", kind="commune-actuelle")
    custom = build_report(territory=save_custom_territory("Morteau seule", PerimeterChoice([], [village])))
    assert custom["zone"]["name"] == "Morteau seule"


def test_exports(client, diagnostic_warehouse, haut_doubs):
    url = reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug})
    as_json = json.loads(client.get(url, {"format": "json"}).content)
    assert as_json["zone"]["name"] == "Haut-Doubs Horloger"
    html = client.get(url, {"format": "html"}).content.decode()
    assert "<svg" in html and "<link" not in html  # self-contained
    # PDF and XLSX are drawn in the background: the page answers at once with the job's public page.
    xlsx = run_job(client.get(url, {"format": "xlsx"}))
    assert (
        xlsx.is_shared
        and xlsx.territory == haut_doubs
        and xlsx.result_filename == "diagnostic-haut-doubs-horloger.xlsx"
    )
    book = load_workbook(io.BytesIO(result_bytes(xlsx)))
    assert {"Secteurs", "Secteurs × EPCI"} <= set(book.sheetnames) or len(book.sheetnames) >= 6
    values = [c.value for row in book.worksheets[2].iter_rows() for c in row]
    assert "s" in values
    pdf = run_job(client.get(url, {"format": "pdf"}))
    assert result_bytes(pdf).startswith(b"%PDF") and len(result_bytes(pdf)) > 20_000
    download = client.get(reverse("shared_jobs:download", kwargs={"pk": pdf.pk}))
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]


def test_page_shows_maps_charts_and_sources(client, diagnostic_warehouse, haut_doubs):
    html = client.get(reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug})).content.decode()
    assert html.count("<svg") >= 4 and "choro-" in html
    assert "synthétique" in html


def test_command_line(diagnostic_warehouse, tmp_path):
    out = StringIO()
    call_command("diagnostic", "--wave", "1", "ti-2704", "--out", str(tmp_path / "d.json"), stderr=out)
    assert json.loads((tmp_path / "d.json").read_text())["zone"]["id"] == "ti-2704"
    call_command("diagnostic", "--epci", "242504116", "--format", "xlsx", "--out", str(tmp_path / "e.xlsx"),
                 stderr=out)  # fmt: skip
    assert (tmp_path / "e.xlsx").stat().st_size > 5000
    with pytest.raises(CommandError):
        call_command("diagnostic", "--wave", "1", "ti-9999", stderr=out)
    with pytest.raises(CommandError):
        call_command("diagnostic", "--wave", "1", "ti-2704", "--format", "pdf", stderr=out)


def test_without_warehouse_the_page_says_so(client, haut_doubs):
    response = client.get(reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug}))
    assert response.status_code == 503


def test_comparison_rows_and_every_level(report):
    kinds = [row["kind"] for row in report["comparison"]]
    # The EPCI of the territory's communes in the warehouse's COG (2026): one commune moved to a sixth EPCI.
    assert kinds[0] == "zone" and kinds.count("epci") == 6 and "france" in kinds and "wave" in kinds
    zone_row = report["comparison"][0]
    assert zone_row["industry_jobs"] == figure(report, "total.industry_jobs")["value"]
    assert set(report["by_level"]) == {"section", "division", "a10", "a17", "a38", "a88", "naf"}
    for level, rows in report["by_level"].items():
        visible = [r["jobs"] for r in rows if r["jobs"] != "s"]
        masked = [r for r in rows if r["jobs"] == "s"]
        assert len(masked) != 1, level  # a lone masked row would be recovered from the total
        assert sum(visible) <= figure(report, "total.industry_jobs")["value"] + len(rows)


def test_establishments_not_disclosed_by_insee_keep_their_identity_hidden(diagnostic_warehouse, haut_doubs):
    with diagnostic_warehouse.session() as con:
        con.execute("UPDATE establishment SET public = FALSE")
        con.execute("DELETE FROM agg_employers")
        con.execute(
            "INSERT INTO agg_employers SELECT siret, siren, name, commune, naf, size_band, public FROM establishment "
            "WHERE active AND size_band NOT IN ('NN', '00')"
        )
    report = build_report(territory=haut_doubs)
    assert report["top_employers"]
    assert {e["name"] for e in report["top_employers"]} == {"(identité non diffusée par l'INSEE)"}


def test_stale_aggregates_are_not_used(diagnostic_warehouse, haut_doubs):
    """If an import died between its commit and the aggregates' refresh, reports read the detailed tables."""
    current = build_report(territory=haut_doubs)
    with diagnostic_warehouse.session() as con:
        con.execute("UPDATE agg_state SET import_id = -1")
        con.execute("DELETE FROM agg_est_commune")  # stale and wrong: must not be read
    stale = build_report(territory=haut_doubs)
    assert [f["value"] for f in stale["figures"]] == [f["value"] for f in current["figures"]]
    assert stale["size_structure"] == current["size_structure"]


def test_a_territory_outside_the_warehouse_says_which_departements_to_import(client, diagnostic_warehouse):
    from tindus.territories.models import Territory

    belfort = Territory.objects.get(wave=1, official_id="ti-2707")  # Doubs, Haute-Saône, Territoire de Belfort
    response = client.get(reverse("diagnostic:territory", kwargs={"slug": belfort.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "70, 90" in html and "tindus data fetch sirene --departements 70,90 --import" in html
    assert "21, 25" in html and "KeyError" not in html and "'zone'" not in html
    out = StringIO()
    with pytest.raises(CommandError, match="70,90"):
        call_command("diagnostic", "--wave", "1", "ti-2707", stderr=out)


def test_the_html_download_is_a_file_with_its_own_policy(client, diagnostic_warehouse, haut_doubs):
    url = reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug})
    response = client.get(url, {"format": "html"})
    assert response["Content-Disposition"].startswith("attachment;")
    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src" not in policy and "default-src 'none'" in policy
    assert "'unsafe-inline'" not in client.get(url)["Content-Security-Policy"]


def test_units_are_explicit_and_formatted_once(client, report, diagnostic_warehouse, haut_doubs):
    units = set(report["units"])
    for f in report["figures"]:
        assert f["unit"] in units, f
        if f["unit"] == "share" and f["value"] != "s":
            assert 0 <= f["value"] <= 1, f
    share = figure(report, "share.industry_jobs")["value"]
    html = client.get(reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug})).content.decode()
    start = html.index('data-indicator="share.industry_jobs"')
    assert f">{stat(share, 'share')}<" in html[start : start + 120] and "%" in stat(share, "share")
    region = next(r for r in report["comparison"] if r["kind"] == "region")
    assert region["label"] == "Bourgogne-Franche-Comté"
    definitions = " ".join(f["definition"] for f in report["figures"])
    assert "indice de spécificité sur l'emploi total" in definitions and "highest value" not in definitions


def test_location_quotients_on_either_base(diagnostic_warehouse, haut_doubs):
    total = build_report(territory=haut_doubs)
    scope = build_report(territory=haut_doubs, base="scope")
    assert total["base"] == "total" and scope["base"] == "scope"
    pairs = [(a["lq_france"], b["lq_france"]) for a, b in zip(total["sectors"], scope["sectors"], strict=True)
             if a["lq_france"] not in ("s", None)]  # fmt: skip
    assert pairs and all(a != b for a, b in pairs)
    # The same sector's two quotients differ by the ratio of the two bases, the same for every sector.
    ratios = [a / b for a, b in pairs]
    assert max(ratios) - min(ratios) < 0.05 * max(ratios)
