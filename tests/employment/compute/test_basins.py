"""BMO basins summed to a territory: parts added, masked parts kept, straddling basins apportioned and said."""

import csv
import gzip
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from tindus.employment.compute.basins import (
    basin_job_matrix,
    missing_basins,
    territory_basins,
    territory_figures,
)
from tindus.employment.compute.bmo import MASKED
from tindus.employment.compute.figures import french_number

REFERENTIALS = Path(__file__).resolve().parents[3] / "src/tindus/referentials/data"


def wave2_communes(territory: str) -> list[str]:
    with gzip.open(REFERENTIALS / "ti_2023_vague2_communes_cog2023.csv.gz", "rt", encoding="utf-8") as stream:
        return [r["insee_com"] for r in csv.DictReader(stream) if r["id_ti"] == territory]


def test_the_commune_table(basin_map):
    assert len(basin_map.commune_basin) == 37_498
    assert len(basin_map.labels) == 404
    assert basin_map.commune_basin["21425"] == 2718  # Montbard
    assert basin_map.commune_basin["39012"] == 2726  # a Jura commune in the Besançon basin


def test_the_basins_missing_from_the_commune_table_are_reported_with_their_bmo_names(bmo_2024_csv, basin_map):
    assert missing_basins(bmo_2024_csv, basin_map) == {104: "BASSIN ILES DU NORD", 304: "MATOURY", 7549: "Aiguillon"}


def test_the_departement_rows_of_a_basin_are_parts_added(bmo_2024_csv):
    matrix = basin_job_matrix(bmo_2024_csv)
    b = matrix.basin_index()[2708]  # AUTUN: rows under Dept 71 and 21
    j = matrix.jobs.index("A1X42")
    assert matrix.values["projects"][b, j] == 38 + 576
    assert matrix.values["difficult"][b, j] == 38 + 235
    assert matrix.masked["projects"][b, j] == 0 and matrix.present[b, j] == 2


def test_a_masked_part_keeps_the_basin_total_a_lower_bound(bmo_2024_csv, basin_map):
    table = bmo_2024_csv
    parts = defaultdict(list)
    for i in range(len(table)):
        parts[(int(table.basin[i]), int(table.job[i]))].append(int(table.projects[i]))
    (basin, job), values = next(
        (key, v) for key, v in parts.items() if len(v) > 1 and MASKED in v and any(x != MASKED for x in v)
    )
    matrix = basin_job_matrix(table)
    b = matrix.basin_index()[basin]
    published = sum(x for x in values if x != MASKED)
    assert matrix.values["projects"][b, job] == published
    assert matrix.masked["projects"][b, job] == values.count(MASKED)
    whole = territory_figures(matrix, territory_basins(basin_map.communes(basin), basin_map))
    figures = next(f for f in whole.jobs if f.job == table.job_codes[job])
    assert figures.projects.render() == f"at least {french_number(published)}"


def test_a_territory_made_of_whole_basins_counts_them_whole(basin_map, matrix_2025):
    communes = basin_map.communes(2718) + basin_map.communes(2716)  # MONTBARD and BEAUNE, all their communes
    territory = territory_basins(communes, basin_map)
    assert territory.method == "whole" and territory.straddling == ()
    assert territory.weights == {2716: 1.0, 2718: 1.0}
    figures = territory_figures(matrix_2025, territory)
    index = matrix_2025.basin_index()
    for row in figures.jobs[:5]:
        j = matrix_2025.jobs.index(row.job)
        expected = sum(matrix_2025.values["projects"][index[b], j] for b in (2716, 2718))
        assert row.projects.value == expected


def test_straddling_basins_are_named_and_apportioned_by_their_communes(basin_map, matrix_2025):
    territory = territory_basins(wave2_communes("ti-2702"), basin_map)  # Auxois Morvan
    assert territory.method == "communes"
    assert 2715 in territory.straddling  # a few communes of the Dijon basin
    dijon = next(b for b in territory.basins if b.code == 2715)
    assert dijon.share == pytest.approx(dijon.communes_inside / dijon.communes_total) and dijon.share < 1
    figures = territory_figures(matrix_2025, territory)
    assert figures.method_label == "share of the basin's communes inside the territory"
    assert dict((b.code, name) for b, name in figures.basins)[2715] == "DIJON"  # the BMO name


def test_shares_given_by_the_caller_are_used_and_their_method_stated(basin_map, matrix_2025):
    communes = wave2_communes("ti-2702")
    straddling = territory_basins(communes, basin_map).straddling
    shares = dict.fromkeys(straddling, 0.5)
    territory = territory_basins(communes, basin_map, shares, method="population")
    assert territory.method == "population" and territory.method_label.startswith("share of the basin's population")
    assert all(b.share == 0.5 for b in territory.basins if b.straddling)
    half = territory_figures(matrix_2025, territory)
    j = matrix_2025.jobs.index(half.jobs[0].job)
    index = matrix_2025.basin_index()
    expected = sum(
        matrix_2025.values["projects"][index[b.code], j] * b.share for b in territory.basins if b.code in index
    )
    assert half.jobs[0].projects.value == pytest.approx(expected)


def test_a_missing_share_or_method_is_refused(basin_map):
    communes = wave2_communes("ti-2702")
    with pytest.raises(ValueError, match="without the method"):
        territory_basins(communes, basin_map, {2715: 0.1})
    with pytest.raises(ValueError, match="no establishments share given for basin"):
        territory_basins(communes, basin_map, {}, method="establishments")
    with pytest.raises(ValueError, match="not between 0 and 1"):
        straddling = territory_basins(communes, basin_map).straddling
        territory_basins(communes, basin_map, dict.fromkeys(straddling, 1.5), method="population")


def test_communes_absent_from_the_table_are_reported(basin_map):
    territory = territory_basins(["21425", "98735"], basin_map)  # Montbard, and a Polynesian commune
    assert territory.unknown_communes == ("98735",)
    assert [b.code for b in territory.basins] == [2718]


def test_the_difficult_share_rests_on_rows_where_both_are_published(bmo_2025, basin_map, matrix_2025):
    territory = territory_basins(basin_map.communes(2726), basin_map)  # BESANCON, whole
    figures = {f.job: f for f in territory_figures(matrix_2025, territory).jobs}
    rows = np.flatnonzero(bmo_2025.basin == 2726)
    for job, row in figures.items():
        mine = rows[bmo_2025.job[rows] == bmo_2025.job_codes.index(job)]
        both = mine[(bmo_2025.projects[mine] != MASKED) & (bmo_2025.difficult[mine] != MASKED)]
        if len(both):
            expected = bmo_2025.difficult[both].sum() / bmo_2025.projects[both].sum()
            assert row.difficult_share == pytest.approx(expected)
            assert row.difficult_share_basis == bmo_2025.projects[both].sum()
        else:
            assert row.difficult_share is None
