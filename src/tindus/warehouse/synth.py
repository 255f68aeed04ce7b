"""Synthetic SIRENE and URSSAF files, byte-for-byte in the official formats, for tests and the demo.

The generator runs inside DuckDB (vectorised, both cores) and is deterministic: every random draw is
a hash of (row, draw number, seed), so the same seed gives the same files on every machine. It does
not import Django; the caller passes the reference data (communes, NAF) as plain tuples. Calibration
and the planted territorial specialisations are in :mod:`calibration`.

Every file it writes is listed with its size and checksum in ``tindus-synthetique.json`` beside it:
the importer marks these files (and every figure derived from them) as synthetic.
"""

from __future__ import annotations

import gzip
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from tindus.files import sha256

from . import calibration as cal
from . import formats as f

STOCK_DATE = date(2026, 10, 31)
URSSAF_LAST_YEAR = 2024
MANIFEST_NAME = "tindus-synthetique.json"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class CommuneInput:
    code: str
    name: str
    departement: str
    departement_name: str
    region: str
    region_name: str
    epci: str
    epci_name: str
    population: int
    postcode: str
    lon: float | None = None
    lat: float | None = None
    extent: float | None = None  # half-width of the commune's outline, degrees


@dataclass(frozen=True)
class NafInput:
    naf: str
    ape: str
    label: str
    section: str
    a17: str
    a17_label: str
    a38: str
    a38_label: str
    a88: str
    a88_label: str


# Pre-2016 régions (URSSAF still publishes them as "ancienne_region").
OLD_REGIONS = {
    "11": ("75 77 78 91 92 93 94 95", "Île-de-France"), "21": ("08 10 51 52", "Champagne-Ardenne"),
    "22": ("02 60 80", "Picardie"), "23": ("27 76", "Haute-Normandie"), "24": ("18 28 36 37 41 45", "Centre"),
    "25": ("14 50 61", "Basse-Normandie"), "26": ("21 58 71 89", "Bourgogne"), "31": ("59 62", "Nord-Pas-de-Calais"),
    "41": ("54 55 57 88", "Lorraine"), "42": ("67 68", "Alsace"), "43": ("25 39 70 90", "Franche-Comté"),
    "52": ("44 49 53 72 85", "Pays de la Loire"), "53": ("22 29 35 56", "Bretagne"),
    "54": ("16 17 79 86", "Poitou-Charentes"), "72": ("24 33 40 47 64", "Aquitaine"),
    "73": ("09 12 31 32 46 65 81 82", "Midi-Pyrénées"), "74": ("19 23 87", "Limousin"),
    "82": ("01 07 26 38 42 69 73 74", "Rhône-Alpes"), "83": ("03 15 43 63", "Auvergne"),
    "91": ("11 30 34 48 66", "Languedoc-Roussillon"), "93": ("04 05 06 13 83 84", "Provence-Alpes-Côte d'Azur"),
    "94": ("2A 2B", "Corse"), "01": ("971", "Guadeloupe"), "02": ("972", "Martinique"), "03": ("973", "Guyane"),
    "04": ("974", "La Réunion"), "06": ("976", "Mayotte"),
}  # fmt: skip
OLD_REGION_OF = {dep: (code, name) for code, (deps, name) in OLD_REGIONS.items() for dep in deps.split()}

GRAND_SECTEUR = {"industry": "Industrie", "construction": "Construction", "services": "Services"}
NAME_PREFIXES = [
    "Ateliers", "Établissements", "Société", "Maison", "Groupe", "Entreprise", "Compagnie", "Atelier",
    "Manufacture", "Comptoir", "Cabinet", "Garage", "Boulangerie", "Menuiserie", "Transports", "Services",
]  # fmt: skip
SURNAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure", "André", "Mercier",
    "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin",
]  # fmt: skip
FIRST_NAMES = ["Camille", "Dominique", "Claude", "Alex", "Sacha", "Louise", "Jules", "Emma", "Hugo", "Léa"]
STREET_TYPES = ["RUE", "AV", "CHE", "RTE", "PL", "ZI", "ZA", "IMP", "BD", "ALL"]
STREETS = [
    "DE LA GARE", "DU COMMERCE", "DES VIGNES", "DE L'INDUSTRIE", "DU MOULIN", "DE L'EGLISE", "PRINCIPALE",
    "DES ARTISANS", "DU STADE", "DES ECOLES", "DE LA MAIRIE", "DU CHATEAU", "DES JARDINS", "DU PONT",
]  # fmt: skip


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _arrow(rows: list[tuple], names: list[str]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    return pa.table({name: pa.array(list(col)) for name, col in zip(names, columns, strict=True)})


def _digits_sum_sql(expr: str, length: int, total_length: int) -> str:
    """Σ of Luhn-weighted digits of ``expr`` (first ``length`` digits of a ``total_length``-digit number)."""
    terms = []
    for p in range(1, length + 1):
        d = f"(ascii(substr({expr}, {p}, 1)) - 48)"
        terms.append(f"({d} * 2 - CASE WHEN {d} >= 5 THEN 9 ELSE 0 END)" if (total_length - p) % 2 == 1 else d)
    return "(" + " + ".join(terms) + ")"


def _with_check_digit(expr: str, length: int) -> str:
    return f"({expr} || CAST((10 - {_digits_sum_sql(expr, length, length + 1)} % 10) % 10 AS VARCHAR))"


def generate(
    out_dir: Path | str,
    communes: list[CommuneInput],
    nafs: list[NafInput],
    *,
    scale: float = 1.0,
    seed: int = 0,
    parquet: bool = True,
    geo_departements: list[str] | None = None,
    progress: Progress | None = None,
    threads: int | None = None,
    outputs: frozenset[str] = frozenset({"stock-zip", "unites-legales", "geo", "urssaf"}),
) -> dict:
    """Write the synthetic files for ``communes`` into ``out_dir``; return the manifest.

    ``outputs`` chooses the files: ``stock-zip`` (the official zip), ``stock-csv`` (its CSV, unzipped),
    ``unites-legales``, ``geo`` (per département, where outlines give coordinates) and ``urssaf``.
    """
    say = progress or (lambda _m: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # A scratch database on disk, so that a national stock (35 million rows) spills instead of exhausting memory.
    scratch = out / ".tindus-synth.duckdb"
    scratch.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch))
    con.execute("SET memory_limit='4GB'")
    con.execute(f"SET temp_directory='{out / '.tindus-synth.tmp'}'")
    if threads:
        con.execute(f"SET threads={int(threads)}")
    con.execute("SET preserve_insertion_order=true")
    con.execute(f"CREATE MACRO u(i, k) AS (hash(i, k, {int(seed)}) % 1000000007)::DOUBLE / 1000000007.0")
    _load_inputs(con, communes, nafs)
    population = sum(c.population for c in communes)
    active = max(1, round(population * cal.ACTIVE_PER_INHABITANT * scale))
    total = round(active * (1 + cal.CLOSED_PER_ACTIVE))
    say(f"{total} établissements synthétiques (dont ~{active} actifs)")
    _draw_establishments(con, total, scale)
    drawn = con.execute("SELECT count(*) FROM establishment").fetchone()[0]  # with the planted ones
    files: dict[str, dict] = {}

    say("StockEtablissement")
    csv_path = out / "StockEtablissement_utf8.csv"
    con.execute(f"COPY ({_stock_select()}) TO '{csv_path}' (HEADER, DELIMITER ',', QUOTE '\"')")
    if parquet:
        parquet_path = out / "StockEtablissement_utf8.parquet"
        con.execute(f"COPY ({_stock_select()}) TO '{parquet_path}' (FORMAT parquet, COMPRESSION zstd)")
        files[parquet_path.name] = {"dataset": "sirene-etablissements"}
    if "stock-zip" in outputs:
        _zip(csv_path, out / "StockEtablissement_utf8.zip", keep="stock-csv" in outputs)
        files["StockEtablissement_utf8.zip"] = {"dataset": "sirene-etablissements"}
    if "stock-csv" in outputs:
        files[csv_path.name] = {"dataset": "sirene-etablissements"}
    elif csv_path.exists():
        csv_path.unlink()

    if "unites-legales" in outputs:
        say("StockUniteLegale")
        ul_csv = out / "StockUniteLegale_utf8.csv"
        con.execute(f"COPY ({_unite_legale_select()}) TO '{ul_csv}' (HEADER, DELIMITER ',', QUOTE '\"')")
        _zip(ul_csv, out / "StockUniteLegale_utf8.zip")
        files["StockUniteLegale_utf8.zip"] = {"dataset": "sirene-unites-legales"}

    deps = geo_departements if "geo" in outputs else []
    if deps is None:
        deps = sorted({c.departement for c in communes if c.lon is not None})
    for dep in deps:
        say(f"geo_siret_{dep}")
        plain = out / f"geo_siret_{dep}.csv"
        con.execute(f"COPY ({_geo_select(dep)}) TO '{plain}' (HEADER, DELIMITER ',', QUOTE '\"')")
        _gzip(plain, out / f"geo_siret_{dep}.csv.gz")
        files[f"geo_siret_{dep}.csv.gz"] = {"dataset": "sirene-geo"}

    if "urssaf" in outputs:
        say("URSSAF")
        urssaf = out / "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv"
        con.execute(f"COPY ({_urssaf_select(con)}) TO '{urssaf}' (HEADER, DELIMITER ';', QUOTE '\"')")
        files[urssaf.name] = {"dataset": "urssaf-commune-ape"}
    con.close()
    scratch.unlink(missing_ok=True)
    shutil.rmtree(out / ".tindus-synth.tmp", ignore_errors=True)

    for name, entry in files.items():
        path = out / name
        entry["size"] = path.stat().st_size
        entry["sha256"] = sha256(path)
    manifest = {
        "generator": "tindus data synth",
        "synthetique": True,
        "warning": "Données synthétiques : aucune ligne ne décrit une entreprise réelle.",
        "seed": seed,
        "scale": scale,
        "stock_date": STOCK_DATE.isoformat(),
        "establishments": drawn,
        "files": files,
    }
    (out / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def _zip(source: Path, target: Path, keep: bool = False) -> None:
    """Zip ``source`` with a fixed timestamp, so that the same seed gives the same bytes."""
    info = zipfile.ZipInfo(source.name, date_time=(STOCK_DATE.year, STOCK_DATE.month, STOCK_DATE.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(target, "w", compresslevel=6) as archive,
        open(source, "rb") as src,
        archive.open(info, "w", force_zip64=True) as dst,
    ):
        shutil.copyfileobj(src, dst, 1 << 22)
    if not keep:
        source.unlink()


def _gzip(source: Path, target: Path) -> None:
    with (
        open(source, "rb") as src,
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=raw, mtime=0) as dst,
    ):
        shutil.copyfileobj(src, dst, 1 << 22)
    source.unlink()


def _load_inputs(con: duckdb.DuckDBPyConnection, communes: list[CommuneInput], nafs: list[NafInput]) -> None:
    commune_table = _arrow([tuple(c.__dict__.values()) for c in communes], list(CommuneInput.__dataclass_fields__))
    naf_table = _arrow([tuple(n.__dict__.values()) for n in nafs], list(NafInput.__dataclass_fields__))
    con.register("commune_in", commune_table)
    con.register("naf_in", naf_table)
    con.execute("CREATE TABLE commune AS SELECT * FROM commune_in WHERE population > 0")
    weights = cal.subclass_weights([(n.naf, n.section, n.a38) for n in nafs])
    groups = {n.naf: cal.size_group(n.section) for n in nafs}
    con.register(
        "naf_w",
        _arrow([(k, w, groups[k]) for k, w in sorted(weights.items())], ["naf", "w", "grp"]),
    )
    con.execute("CREATE TABLE naf AS SELECT n.*, w.w, w.grp FROM naf_in n JOIN naf_w w USING (naf)")
    con.execute("CREATE TABLE sector_cdf AS SELECT naf, grp, sum(w) OVER (ORDER BY naf) - w AS lo FROM naf ORDER BY lo")
    # Establishments follow population (slightly more than proportionally in towns); farms follow space.
    for name, weight in (("pop", "pow(population, 1.05)"), ("rural", "pow(population, 0.5)")):
        con.execute(
            f"CREATE TABLE commune_cdf_{name} AS SELECT code, (sum({weight}) OVER (ORDER BY code) - {weight}) "
            f"/ sum({weight}) OVER () AS lo FROM commune ORDER BY lo"
        )
    band_rows = []
    for group, shares in cal.SIZE_GROUPS.items():
        total = sum(shares.values())
        cumulative = 0.0
        for band in f.SIZE_BANDS:
            if band in shares:
                lo, hi = f.SIZE_BAND_BOUNDS[band]
                band_rows.append((group, band, cumulative / total, lo, hi))
                cumulative += shares[band]
    con.register("band_in", _arrow(band_rows, ["grp", "band", "lo", "jobs_lo", "jobs_hi"]))
    con.execute("CREATE TABLE band_cdf AS SELECT * FROM band_in ORDER BY grp, lo")
    spec_rows, spec_communes = [], []
    for index, (epcis, naf, count, group) in enumerate(cal.SPECIALISATIONS):
        members = [c for c in communes if c.epci in epcis and c.population > 0]
        if not members or naf not in weights:
            continue
        spec_rows.append((index, naf, group, count))
        total_pop = sum(c.population for c in members)
        cumulative = 0
        for c in sorted(members, key=lambda c: c.code):
            spec_communes.append((index, c.code, cumulative / total_pop))
            cumulative += c.population
    con.register("spec_in", _arrow(spec_rows, ["spec", "naf", "grp", "n"]))
    con.register("spec_commune_in", _arrow(spec_communes, ["spec", "code", "lo"]))
    con.execute("CREATE TABLE spec AS SELECT * FROM spec_in")
    con.execute("CREATE TABLE spec_cdf AS SELECT * FROM spec_commune_in ORDER BY spec, lo")


def _draw_establishments(con: duckdb.DuckDBPyConnection, total: int, scale: float) -> None:
    stock = STOCK_DATE.isoformat()
    spec_scale = max(scale, 0.0)
    con.execute(
        f"""
        CREATE TABLE base AS
        SELECT i, u(i, 1) AS u_sector, u(i, 2) AS u_commune, u(i, 3) AS u_band, u(i, 4) AS u_active
        FROM range({total}) t(i)
        """
    )
    con.execute(
        f"""
        CREATE TABLE planted AS
        SELECT {total} + row_number() OVER (ORDER BY s.spec, r.j) - 1 AS i, s.spec, s.naf, s.grp,
               u({total} + s.spec * 100000 + r.j, 2) AS u_commune
        FROM spec s, range(CAST(ceil(s.n * {spec_scale} / {cal.PLANTED_ACTIVE_SHARE}) AS BIGINT)) r(j)
        """
    )
    con.execute(
        f"""
        CREATE TABLE drawn AS
        SELECT b.i, s.naf, s.grp,
               CASE WHEN s.grp = 'agriculture' THEN cr.code ELSE cp.code END AS commune,
               b.u_active < {1 / (1 + cal.CLOSED_PER_ACTIVE)} AS active, b.u_band
        FROM base b
        ASOF JOIN sector_cdf s ON b.u_sector >= s.lo
        ASOF JOIN commune_cdf_pop cp ON b.u_commune >= cp.lo
        ASOF JOIN commune_cdf_rural cr ON b.u_commune >= cr.lo
        UNION ALL
        SELECT p.i, p.naf, p.grp, c.code, u(p.i, 4) < {cal.PLANTED_ACTIVE_SHARE} AS active, u(p.i, 3)
        FROM planted p ASOF JOIN spec_cdf c ON p.spec = c.spec AND p.u_commune >= c.lo
        """
    )
    con.execute(
        f"""
        CREATE TABLE est AS
        WITH sized AS (
            SELECT d.*, b.band AS band_drawn, b.jobs_lo, b.jobs_hi
            FROM drawn d ASOF JOIN band_cdf b ON d.grp = b.grp AND d.u_band >= b.lo
        ), dated AS (
            SELECT *,
              greatest(1950, 2026 - CAST(floor(-ln(1 - u(i, 5)) * (CASE
                  WHEN grp = 'cluster' THEN {cal.MEAN_AGE_CLUSTER}
                  WHEN band_drawn IN ('NN', '00') THEN {cal.MEAN_AGE_NON_EMPLOYER}
                  ELSE {cal.MEAN_AGE_EMPLOYER} END)) AS INTEGER)) AS created_year,
              CASE WHEN NOT active AND grp = 'cluster' THEN (DATE '{cal.CLUSTER_CLOSURES_SINCE}-01-01'
                   + CAST(floor(u(i, 6) * date_diff('day', DATE '{cal.CLUSTER_CLOSURES_SINCE}-01-01', DATE '{stock}'))
                          AS INTEGER))
                   WHEN NOT active THEN (DATE '{cal.CLOSURES_SINCE}-01-01'
                   + CAST(floor(u(i, 6) * date_diff('day', DATE '{cal.CLOSURES_SINCE}-01-01', DATE '{stock}')) AS INTEGER))
              END AS closed,
              CASE WHEN u(i, 9) < 0.12 AND i > 0 AND u(i - 1, 9) >= 0.12 THEN i - 1 ELSE i END AS unit
            FROM sized
        ), created AS (
            SELECT *,
              CASE WHEN active THEN
                least(make_date(created_year, 1 + CAST(hash(i, 10) % 12 AS INTEGER), 1 + CAST(hash(i, 11) % 28 AS INTEGER)),
                      DATE '{stock}' - INTERVAL 30 DAY)::DATE
              ELSE greatest(DATE '1950-01-01', closed - CAST(floor(365.25 * -ln(1 - u(i, 5)) * (CASE
                  WHEN grp = 'cluster' THEN {cal.MEAN_AGE_CLUSTER}
                  WHEN band_drawn IN ('NN', '00') THEN {cal.MEAN_LIFETIME_NON_EMPLOYER}
                  ELSE {cal.MEAN_LIFETIME_EMPLOYER} END)) AS INTEGER) - 1)
              END AS created
            FROM dated
        )
        SELECT *,
          CASE WHEN band_drawn IN ('NN', '00') THEN 0
               ELSE jobs_lo + CAST(floor(u(i, 7) * (jobs_hi - jobs_lo + 1)) AS INTEGER) END AS jobs,
          lpad(CAST(10000000 + (unit * 104729) % 89999999 AS VARCHAR), 8, '0') AS siren8,
          lpad(CAST(1 + i % 9999 AS VARCHAR), 4, '0') AS nic4
        FROM created
        """
    )
    siren = _with_check_digit("siren8", 8)
    con.execute(f"CREATE TABLE est2 AS SELECT *, {siren} AS siren FROM est")
    siret = _with_check_digit("(siren || nic4)", 13)
    con.execute(
        f"""
        CREATE TABLE establishment AS
        SELECT e.*, {siret} AS siret, substr({siret}, 10, 5) AS nic,
               coalesce(e.closed, e.created) AS state_since,
               -- SIRENE's band is that of the last URSSAF year: none yet for a younger establishment.
               CASE WHEN e.active AND e.created <= DATE '{URSSAF_LAST_YEAR}-12-31' THEN e.band_drawn ELSE 'NN' END AS band,
               e.unit = e.i AS head_office,
               NOT e.active AND e.closed < DATE '2008-01-01' AS old_nomenclature
        FROM est2 e
        """
    )
    con.execute("DROP TABLE est; DROP TABLE est2; DROP TABLE drawn; DROP TABLE base; DROP TABLE planted")


def _name_sql(alias: str = "e") -> str:
    return (
        f"({_sql_list(NAME_PREFIXES)})[1 + CAST(hash({alias}.unit, 20) % {len(NAME_PREFIXES)} AS INTEGER)] || ' ' || "
        f"({_sql_list(SURNAMES)})[1 + CAST(hash({alias}.unit, 21) % {len(SURNAMES)} AS INTEGER)]"
    )


def _stock_select() -> str:
    """The 48 StockEtablissement columns, in the official order, as text."""
    stock = STOCK_DATE.isoformat()
    diffusion = "CASE WHEN hash(e.i, 30) % 50 = 0 THEN 'P' ELSE 'O' END"
    hidden = f"({diffusion}) = 'P'"
    values = {
        "siren": "e.siren",
        "nic": "e.nic",
        "siret": "e.siret",
        "statutDiffusionEtablissement": diffusion,
        "dateCreationEtablissement": "strftime(e.created, '%Y-%m-%d')",
        "trancheEffectifsEtablissement": "e.band",
        "anneeEffectifsEtablissement": "CASE WHEN e.band = 'NN' THEN NULL ELSE '2023' END",
        "activitePrincipaleRegistreMetiersEtablissement": "NULL",
        "dateDernierTraitementEtablissement": (
            f"strftime(least(TIMESTAMP '{stock} 23:00:00', e.state_since::TIMESTAMP + INTERVAL 1 DAY "
            "+ (hash(e.i, 31) % 400) * INTERVAL 1 DAY + (hash(e.i, 32) % 86400) * INTERVAL 1 SECOND), "
            "'%Y-%m-%dT%H:%M:%S')"
        ),
        "etablissementSiege": "CASE WHEN e.head_office THEN 'true' ELSE 'false' END",
        "nombrePeriodesEtablissement": "CASE WHEN e.active THEN '1' ELSE '2' END",
        "complementAdresseEtablissement": "NULL",
        "numeroVoieEtablissement": f"CASE WHEN {hidden} THEN NULL ELSE CAST(1 + hash(e.i, 33) % 120 AS VARCHAR) END",
        "indiceRepetitionEtablissement": "NULL",
        "typeVoieEtablissement": (
            f"CASE WHEN {hidden} THEN NULL ELSE ({_sql_list(STREET_TYPES)})"
            f"[1 + CAST(hash(e.i, 34) % {len(STREET_TYPES)} AS INTEGER)] END"
        ),
        "libelleVoieEtablissement": (
            f"CASE WHEN {hidden} THEN NULL ELSE ({_sql_list(STREETS)})"
            f"[1 + CAST(hash(e.i, 35) % {len(STREETS)} AS INTEGER)] END"
        ),
        "codePostalEtablissement": "c.postcode",
        "libelleCommuneEtablissement": "upper(strip_accents(c.name))",
    }
    for column in f.STOCK_ETABLISSEMENT[18:39]:
        values[column] = "NULL"
    values["codeCommuneEtablissement"] = "e.commune"
    values.update(
        {
            "dateDebut": "strftime(e.state_since, '%Y-%m-%d')",
            "etatAdministratifEtablissement": "CASE WHEN e.active THEN 'A' ELSE 'F' END",
            "enseigne1Etablissement": f"CASE WHEN NOT {hidden} AND hash(e.i, 36) % 4 = 0 THEN upper({_name_sql()}) END",
            "enseigne2Etablissement": "NULL",
            "enseigne3Etablissement": "NULL",
            "denominationUsuelleEtablissement": f"CASE WHEN NOT {hidden} AND hash(e.i, 37) % 8 = 0 THEN {_name_sql()} END",
            "activitePrincipaleEtablissement": (
                "CASE WHEN e.old_nomenclature THEN substr(e.naf, 1, 4) || 'Z' ELSE e.naf END"
            ),
            "nomenclatureActivitePrincipaleEtablissement": (
                "CASE WHEN e.old_nomenclature THEN 'NAFRev1' ELSE 'NAFRev2' END"
            ),
            "caractereEmployeurEtablissement": "CASE WHEN e.band IN ('NN', '00') THEN 'N' ELSE 'O' END",
        }
    )
    columns = ", ".join(f"{values[c]} AS {c}" for c in f.STOCK_ETABLISSEMENT)
    return f"SELECT {columns} FROM establishment e JOIN commune c ON c.code = e.commune ORDER BY e.i"


def _geo_select(departement: str) -> str:
    stock = _stock_select().replace(" ORDER BY e.i", "")
    geo = {
        "longitude": "CASE WHEN c.lon IS NULL THEN NULL ELSE CAST(round(c.lon + (u(e.i, 40) - 0.5) * c.extent, 6) AS VARCHAR) END",
        "latitude": "CASE WHEN c.lat IS NULL THEN NULL ELSE CAST(round(c.lat + (u(e.i, 41) - 0.5) * c.extent * 0.7, 6) AS VARCHAR) END",
        "geo_score": "CAST(round(0.5 + u(e.i, 42) * 0.49, 2) AS VARCHAR)",
        "geo_type": "CASE WHEN hash(e.i, 43) % 5 = 0 THEN 'street' ELSE 'housenumber' END",
        "geo_adresse": "upper(strip_accents(c.name))",
        "geo_id": "NULL",
        "geo_ligne": "'G'",
        "geo_l4": "NULL",
        "geo_l5": "NULL",
    }
    extra = ", ".join(f"{v} AS {k}" for k, v in geo.items())
    return f"{stock.replace(' FROM establishment e', ', ' + extra + ' FROM establishment e')} WHERE c.departement = '{departement}' ORDER BY e.i"


def _unite_legale_select() -> str:
    stock = STOCK_DATE.isoformat()
    category = (
        "CASE WHEN n.section = 'O' THEN '7210' WHEN n.section IN ('R', 'S') AND hash(h.unit, 50) % 3 = 0 THEN '9220' "
        "WHEN h.band IN ('NN', '00') AND hash(h.unit, 51) % 2 = 0 THEN '1000' "
        "WHEN hash(h.unit, 52) % 5 = 0 THEN '5499' WHEN hash(h.unit, 52) % 17 = 0 THEN '5599' ELSE '5710' END"
    )
    values = {
        "siren": "h.siren",
        "statutDiffusionUniteLegale": "'O'",
        "unitePurgeeUniteLegale": "NULL",
        "dateCreationUniteLegale": "strftime(g.created, '%Y-%m-%d')",
        "sigleUniteLegale": "NULL",
        "sexeUniteLegale": f"CASE WHEN ({category}) = '1000' THEN CASE WHEN hash(h.unit, 53) % 2 = 0 THEN 'F' ELSE 'M' END END",
        "prenom1UniteLegale": (
            f"CASE WHEN ({category}) = '1000' THEN ({_sql_list([n.upper() for n in FIRST_NAMES])})"
            f"[1 + CAST(hash(h.unit, 54) % {len(FIRST_NAMES)} AS INTEGER)] END"
        ),
        "prenom2UniteLegale": "NULL",
        "prenom3UniteLegale": "NULL",
        "prenom4UniteLegale": "NULL",
        "prenomUsuelUniteLegale": "NULL",
        "pseudonymeUniteLegale": "NULL",
        "identifiantAssociationUniteLegale": "NULL",
        "trancheEffectifsUniteLegale": "CASE WHEN h.band = 'NN' THEN NULL ELSE h.band END",
        "anneeEffectifsUniteLegale": "CASE WHEN h.band = 'NN' THEN NULL ELSE '2023' END",
        "dateDernierTraitementUniteLegale": f"strftime(TIMESTAMP '{stock} 02:00:00', '%Y-%m-%dT%H:%M:%S')",
        "nombrePeriodesUniteLegale": "'1'",
        "categorieEntreprise": ("CASE WHEN g.jobs >= 5000 THEN 'GE' WHEN g.jobs >= 250 THEN 'ETI' ELSE 'PME' END"),
        "anneeCategorieEntreprise": "'2023'",
        "dateDebut": "strftime(h.state_since, '%Y-%m-%d')",
        "etatAdministratifUniteLegale": "CASE WHEN g.any_active THEN 'A' ELSE 'C' END",
        "nomUniteLegale": (
            f"CASE WHEN ({category}) = '1000' THEN upper(({_sql_list(SURNAMES)})"
            f"[1 + CAST(hash(h.unit, 21) % {len(SURNAMES)} AS INTEGER)]) END"
        ),
        "nomUsageUniteLegale": "NULL",
        "denominationUniteLegale": f"CASE WHEN ({category}) <> '1000' THEN upper({_name_sql('h')}) END",
        "denominationUsuelle1UniteLegale": "NULL",
        "denominationUsuelle2UniteLegale": "NULL",
        "denominationUsuelle3UniteLegale": "NULL",
        "categorieJuridiqueUniteLegale": category,
        "activitePrincipaleUniteLegale": "CASE WHEN h.old_nomenclature THEN substr(h.naf, 1, 4) || 'Z' ELSE h.naf END",
        "nomenclatureActivitePrincipaleUniteLegale": "CASE WHEN h.old_nomenclature THEN 'NAFRev1' ELSE 'NAFRev2' END",
        "nicSiegeUniteLegale": "h.nic",
        "economieSocialeSolidaireUniteLegale": f"CASE WHEN ({category}) = '9220' THEN 'O' ELSE 'N' END",
        "caractereEmployeurUniteLegale": "CASE WHEN g.jobs > 0 AND g.any_active THEN 'O' ELSE 'N' END",
    }
    columns = ", ".join(f"{values[c]} AS {c}" for c in f.STOCK_UNITE_LEGALE)
    return f"""
        WITH grouped AS (
            SELECT unit, min(created) AS created, bool_or(active) AS any_active, sum(jobs) AS jobs
            FROM establishment GROUP BY unit
        )
        SELECT {columns}
        FROM establishment h JOIN grouped g ON g.unit = h.unit JOIN naf n ON n.naf = h.naf
        WHERE h.head_office ORDER BY h.i
    """


def _urssaf_select(con: duckdb.DuckDBPyConnection) -> str:
    years = list(range(f.URSSAF_FIRST_YEAR, URSSAF_LAST_YEAR + 1))
    trend_cases = " ".join(f"WHEN '{g}' THEN {t}" for g, t in cal.YEARLY_TREND.items())
    con.execute(
        f"""
        CREATE OR REPLACE TABLE yearly AS
        SELECT e.commune, e.naf, y.year,
               count(*) AS n,
               -- The last year is SIRENE's headcount itself, so that the two sources agree; earlier years vary.
               sum(CASE WHEN y.year = {URSSAF_LAST_YEAR} THEN e.jobs ELSE greatest(1, round(e.jobs
                   * pow(1 + (CASE e.grp {trend_cases} ELSE 0 END), y.year - {URSSAF_LAST_YEAR})
                   * (0.9 + 0.2 * u(e.i * 100 + y.year, 60)))) END) AS jobs
        FROM establishment e JOIN naf n ON n.naf = e.naf
        JOIN range({years[0]}, {years[-1] + 1}) y(year)
          ON e.created <= make_date(y.year, 12, 31) AND (e.active OR e.closed > make_date(y.year, 12, 31))
        WHERE e.jobs > 0 AND n.section NOT IN ('A', 'O', 'T', 'U')
          AND (n.section NOT IN ('P', 'Q') OR u(e.i, 61) < {cal.PRIVATE_SHARE_EDUCATION_HEALTH})
        GROUP BY ALL
        """
    )
    pairs = ", ".join(
        f"CAST(CAST(coalesce(sum(n) FILTER (WHERE year = {y}), 0) AS BIGINT) AS VARCHAR) AS nombre_d_etablissements_{y}, "
        f"CAST(CAST(coalesce(sum(jobs) FILTER (WHERE year = {y}), 0) AS BIGINT) AS VARCHAR) AS effectifs_salaries_{y}"
        for y in years
    )
    con.register(
        "old_region_in",
        _arrow([(dep, code, name) for dep, (code, name) in OLD_REGION_OF.items()], ["dep", "code", "name"]),
    )
    grand = " ".join(f"WHEN '{g}' THEN '{label}'" for g, label in GRAND_SECTEUR.items())
    return f"""
        WITH wide AS (SELECT commune, naf, {pairs} FROM yearly GROUP BY commune, naf)
        SELECT c.region_name AS region, o.name AS ancienne_region, c.departement_name AS departement,
               NULL AS zone_d_emploi, c.epci_name AS epci, c.name AS commune, c.name AS intitule_commune,
               CASE n.grp {grand} ELSE 'Commerce' END AS grand_secteur_d_activite,
               n.a17 || ' ' || n.a17_label AS secteur_na17, n.a38 || ' ' || n.a38_label AS secteur_na38,
               n.a88 || ' ' || n.a88_label AS secteur_na88, n.ape || ' ' || n.label AS ape,
               c.region AS code_region, o.code AS code_ancienne_region, c.departement AS code_departement,
               NULL AS code_zone_d_emploi, c.epci AS code_epci, c.code AS code_commune, n.ape AS code_ape,
               {", ".join(f"w.nombre_d_etablissements_{y}, w.effectifs_salaries_{y}" for y in years)}
        FROM wide w JOIN commune c ON c.code = w.commune JOIN naf n ON n.naf = w.naf
        LEFT JOIN old_region_in o ON o.dep = c.departement
        ORDER BY c.code, n.ape
    """
