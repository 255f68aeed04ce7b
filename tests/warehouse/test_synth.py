"""The synthetic files are in the official formats, valid, deterministic and labelled."""

import csv
import gzip
import io
import json
import zipfile

import duckdb

from tindus.diagnostic.data import BANDS
from tindus.identifiers import siren_valid, siret_valid
from tindus.warehouse import formats as f
from tindus.warehouse.synth import MANIFEST_NAME


def read_zip_csv(path):
    with zipfile.ZipFile(path) as archive:
        [member] = archive.namelist()
        with archive.open(member) as raw:
            return list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8")))


def test_stock_has_the_official_columns_in_order_and_valid_identifiers(synth_25):
    rows = read_zip_csv(synth_25 / "StockEtablissement_utf8.zip")
    assert rows[0] == f.STOCK_ETABLISSEMENT
    body = rows[1:]
    assert len(body) > 5000
    assert all(len(r) == 48 for r in body)
    sirets = [r[2] for r in body]
    assert len(set(sirets)) == len(sirets)
    assert all(siret_valid(s) and siren_valid(s[:9]) for s in sirets)
    states = {r[40] for r in body}
    assert states == {"A", "F"}
    assert {r[5] for r in body} <= set(f.SIZE_BANDS)
    assert all(r[20].startswith("25") for r in body)


def test_other_files_have_their_official_headers(synth_25):
    assert read_zip_csv(synth_25 / "StockUniteLegale_utf8.zip")[0] == f.STOCK_UNITE_LEGALE
    with gzip.open(synth_25 / "geo_siret_25.csv.gz", "rt", encoding="utf-8") as stream:
        assert next(csv.reader(stream)) == f.GEO_SIRET
    urssaf = synth_25 / "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv"
    with open(urssaf, encoding="utf-8") as stream:
        header = next(csv.reader(stream, delimiter=";"))
    assert header == f.urssaf_columns(list(range(2006, 2025)))
    columns = [
        c[0] for c in duckdb.sql(f"DESCRIBE SELECT * FROM '{synth_25}/StockEtablissement_utf8.parquet'").fetchall()
    ]
    assert columns == f.STOCK_ETABLISSEMENT


def test_manifest_labels_every_file_as_synthetic(synth_25):
    manifest = json.loads((synth_25 / MANIFEST_NAME).read_text())
    assert manifest["synthetique"] is True
    for name, entry in manifest["files"].items():
        assert (synth_25 / name).stat().st_size == entry["size"]
        assert len(entry["sha256"]) == 64


def test_same_seed_same_files(tmp_path, db):
    from tindus.warehouse.services import synth_inputs
    from tindus.warehouse.synth import generate

    communes, nafs = synth_inputs(["21"])
    first = generate(tmp_path / "a", communes, nafs, scale=0.01, seed=3, parquet=False)
    second = generate(tmp_path / "b", communes, nafs, scale=0.01, seed=3, parquet=False)
    other = generate(tmp_path / "c", communes, nafs, scale=0.01, seed=4, parquet=False)
    digests = lambda m: {n: e["sha256"] for n, e in m["files"].items()}  # noqa: E731
    assert digests(first) == digests(second)
    assert digests(first) != digests(other)


def test_watchmaking_is_planted_in_the_haut_doubs(synth_25, db):
    from tindus.referentials.models import Commune

    codes = list(
        Commune.objects.filter(vintage=2026, epci__siren__in=["242504116", "200023075", "242504355"]).values_list(
            "code", flat=True
        )
    )
    area = "(" + ", ".join(f"'{c}'" for c in codes) + ")"
    stock = f"'{synth_25}/StockEtablissement_utf8.parquet'"
    con = duckdb.connect()
    share = lambda where: con.execute(  # noqa: E731
        f"SELECT avg(CASE WHEN activitePrincipaleEtablissement = '26.52Z' THEN 1 ELSE 0 END) FROM {stock} "
        f"WHERE etatAdministratifEtablissement = 'A' AND {where}"
    ).fetchone()[0]
    morteau_area = share(f"codeCommuneEtablissement IN {area}")
    rest = share(f"codeCommuneEtablissement NOT IN {area}")
    assert morteau_area > 10 * rest


def test_manifest_counts_every_establishment_planted_ones_included(synth_25):
    manifest = json.loads((synth_25 / MANIFEST_NAME).read_text())
    stock = f"'{synth_25}/StockEtablissement_utf8.parquet'"
    assert manifest["establishments"] == duckdb.connect().execute(f"SELECT count(*) FROM {stock}").fetchone()[0]


def test_sirene_bands_agree_with_urssaf_jobs(synth_25):
    """Every active employer's SIRENE band is matched by at least as many URSSAF jobs of the last year in
    its commune and sous-classe (public administration and part of education and health are not URSSAF's)."""
    con = duckdb.connect()
    stock = f"'{synth_25}/StockEtablissement_utf8.parquet'"
    urssaf = f"'{synth_25}/etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv'"
    last = "effectifs_salaries_2024"
    low = " ".join(f"WHEN '{b}' THEN {lo}" for b, (lo, _hi) in BANDS.items())
    employers, contradictions = con.execute(
        f"""
        WITH e AS (
            SELECT codeCommuneEtablissement AS commune, replace(activitePrincipaleEtablissement, '.', '') AS ape,
                   max(CASE trancheEffectifsEtablissement {low} ELSE 0 END) AS largest_low
            FROM {stock} WHERE etatAdministratifEtablissement = 'A'
              AND trancheEffectifsEtablissement NOT IN ('NN', '00')
              AND substr(activitePrincipaleEtablissement, 1, 2) NOT IN ('84', '85', '86', '87', '88', '99', '01',
                                                                        '02', '03', '97', '98')
            GROUP BY ALL
        ), u AS (SELECT code_commune AS commune, replace(code_ape, '.', '') AS ape, CAST({last} AS INTEGER) AS jobs
                 FROM read_csv({urssaf}, delim=';', header=true, all_varchar=true))
        SELECT count(*), count(*) FILTER (WHERE coalesce(u.jobs, 0) < e.largest_low)
        FROM e LEFT JOIN u USING (commune, ape)
        """
    ).fetchone()
    assert employers > 500 and contradictions == 0
