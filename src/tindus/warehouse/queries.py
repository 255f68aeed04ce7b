"""Read-only questions the web app asks the warehouse (never blocking an import in progress)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import duckdb

from .store import Warehouse


class WarehouseUnavailableError(Exception):
    """The warehouse does not exist yet, or its current version cannot be opened."""


@dataclass(frozen=True)
class Figure:
    """A figure with what a reader needs to trust it."""

    value: int | None  # None when masked by statistical secrecy
    source: str
    vintage: str
    synthetic: bool

    @property
    def secret(self) -> bool:
        return self.value is None


def _connect(warehouse: Warehouse) -> duckdb.DuckDBPyConnection:
    try:
        return warehouse.connect(read_only=True)
    except (FileNotFoundError, duckdb.IOException) as error:
        raise WarehouseUnavailableError(str(error)) from None


# The current codes of the communes given as a list parameter (codes of any COG vintage the
# reference data knows, mapped to today's commune).
CURRENT_CODES = "(SELECT current_code FROM ref_commune WHERE code IN (SELECT unnest(?::VARCHAR[])))"


def key_figures(warehouse: Warehouse, communes: Iterable[str]) -> dict[str, Figure]:
    """Active establishments (SIRENE) and private salaried jobs of the last URSSAF year, in these communes
    (a territory's, for instance).

    Primary statistical secrecy: a figure built from fewer than 3 establishments, or where one
    establishment may weigh more than 85 % (lower bound of its SIRENE headcount band), is masked.
    """
    codes = sorted(set(communes))
    version = warehouse.version()
    key = (str(version.path), tuple(codes)) if version is not None else None
    with _figures_lock:
        if key in _figures:
            _figures.move_to_end(key)
            return _figures[key]
    figures = _key_figures(warehouse, codes)
    if key is not None:
        with _figures_lock:
            _figures[key] = figures
            while len(_figures) > FIGURES_CACHE_SIZE:
                _figures.popitem(last=False)
    return figures


# A territory's key figures are read on its page by every visitor and change only with a new warehouse version
# (an immutable file): each process keeps the last ones it computed, by version and communes.
FIGURES_CACHE_SIZE = 512
_figures: OrderedDict[tuple, dict[str, Figure]] = OrderedDict()
_figures_lock = threading.Lock()


def _key_figures(warehouse: Warehouse, codes: list[str]) -> dict[str, Figure]:
    con = _connect(warehouse)
    try:
        establishments = con.execute(
            f"SELECT count(*), any_value(i.source), any_value(i.vintage), bool_or(i.synthetic) "
            f"FROM establishment e JOIN ref_commune c ON c.code = e.commune JOIN import_log i ON i.id = e.import_id "
            f"WHERE e.active AND c.current_code IN {CURRENT_CODES}",
            [codes],
        ).fetchone()
        jobs = con.execute(
            f"WITH last AS (SELECT max(year) AS year FROM employment) "
            f"SELECT sum(m.establishments), sum(m.jobs), any_value(i.source), any_value(m.year), bool_or(i.synthetic) "
            f"FROM employment m JOIN last ON m.year = last.year JOIN ref_commune c ON c.code = m.commune "
            f"JOIN import_log i ON i.id = m.import_id WHERE c.current_code IN {CURRENT_CODES}",
            [codes],
        ).fetchone()
        largest = con.execute(
            "SELECT max(CASE size_band WHEN '01' THEN 1 WHEN '02' THEN 3 WHEN '03' THEN 6 WHEN '11' THEN 10 "
            "WHEN '12' THEN 20 WHEN '21' THEN 50 WHEN '22' THEN 100 WHEN '31' THEN 200 WHEN '32' THEN 250 "
            "WHEN '41' THEN 500 WHEN '42' THEN 1000 WHEN '51' THEN 2000 WHEN '52' THEN 5000 WHEN '53' THEN 10000 "
            f"ELSE 0 END) FROM establishment e JOIN ref_commune c ON c.code = e.commune "
            f"WHERE e.active AND c.current_code IN {CURRENT_CODES}",
            [codes],
        ).fetchone()[0]
    finally:
        con.close()
    figures: dict[str, Figure] = {}
    if establishments[1]:
        n = establishments[0]
        figures["establishments"] = Figure(
            n if n >= 3 else None, establishments[1], establishments[2], establishments[3]
        )
    if jobs[2]:
        units, total = jobs[0] or 0, jobs[1] or 0
        dominated = total > 0 and (largest or 0) > 0.85 * total
        value = int(total) if units >= 3 and not dominated else None
        figures["jobs"] = Figure(value, jobs[2], str(jobs[3]), jobs[4])
    return figures


@dataclass(frozen=True)
class Establishment:
    siret: str
    name: str  # empty when INSEE restricts the establishment's diffusion
    commune: str
    commune_name: str
    naf: str
    naf_label: str
    active: bool
    synthetic: bool
    source_vintage: str


def establishment_by_siret(warehouse: Warehouse, siret: str) -> Establishment | None:
    """The establishment with this SIRET in the warehouse, or None; raises if there is no warehouse."""
    con = _connect(warehouse)
    try:
        row = con.execute(
            "SELECT siret, CASE WHEN public THEN coalesce(name, '') ELSE '' END, commune, coalesce(commune_name, ''), "
            "coalesce(naf, ''), coalesce(naf_label, ''), active, coalesce(synthetic, false), "
            "coalesce(source_vintage, '') FROM v_establishment WHERE siret = ? LIMIT 1",
            [siret],
        ).fetchone()
    except duckdb.CatalogException as error:
        raise WarehouseUnavailableError(str(error)) from None
    finally:
        con.close()
    return Establishment(*row) if row else None


def holds_establishments(warehouse: Warehouse) -> bool:
    try:
        con = _connect(warehouse)
    except WarehouseUnavailableError:
        return False
    try:
        return bool(con.execute("SELECT EXISTS (SELECT 1 FROM establishment)").fetchone()[0])
    except duckdb.CatalogException:
        return False
    finally:
        con.close()


@dataclass(frozen=True)
class ListedEstablishment:
    """An active establishment of a territory, with what a consultation needs to segment its answer."""

    siret: str
    name: str  # empty when INSEE restricts the establishment's diffusion
    commune: str
    commune_name: str
    epci: str
    naf: str
    a17: str
    a38: str
    size_band: str


LISTED_COLUMNS = (
    "e.siret, CASE WHEN e.public THEN coalesce(e.name, '') ELSE '' END, coalesce(e.commune_current, ''), "
    "coalesce(e.commune_name, ''), coalesce(e.epci, ''), coalesce(e.naf, ''), coalesce(e.a17, ''), "
    "coalesce(e.a38, ''), coalesce(e.size_band, '')"
)


def establishments_in(
    warehouse: Warehouse,
    communes: Iterable[str],
    *,
    naf_prefix: str = "",
    size_bands: tuple[str, ...] = (),
    epci: str = "",
    commune: str = "",
    employers_only: bool = True,
    limit: int = 5000,
) -> list[ListedEstablishment]:
    """Active establishments of these communes (a territory's, for instance), filtered by NAF code prefix,
    SIRENE size bands, EPCI and commune."""
    where = ["e.active", f"e.commune_current IN {CURRENT_CODES}"]
    params: list = [sorted(set(communes))]
    if naf_prefix:
        where.append("starts_with(e.naf, ?)")
        params.append(naf_prefix)
    if size_bands:
        where.append("e.size_band IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(size_bands))
    elif employers_only:
        where.append("coalesce(e.size_band, 'NN') NOT IN ('NN', '00')")
    if epci:
        where.append("e.epci = ?")
        params.append(epci)
    if commune:
        where.append("e.commune_current = ?")
        params.append(commune)
    con = _connect(warehouse)
    try:
        rows = con.execute(
            f"SELECT {LISTED_COLUMNS} FROM v_establishment e WHERE {' AND '.join(where)} ORDER BY e.siret LIMIT ?",
            [*params, limit],
        ).fetchall()
    except duckdb.CatalogException as error:
        raise WarehouseUnavailableError(str(error)) from None
    finally:
        con.close()
    return [ListedEstablishment(*row) for row in rows]


def establishments_by_siret(warehouse: Warehouse, sirets: list[str]) -> dict[str, ListedEstablishment]:
    """The establishments of these SIRETs found in the warehouse, by SIRET."""
    con = _connect(warehouse)
    try:
        rows = con.execute(
            f"SELECT {LISTED_COLUMNS} FROM v_establishment e WHERE e.siret IN (SELECT unnest(?::VARCHAR[]))",
            [list(sirets)],
        ).fetchall()
    except duckdb.CatalogException as error:
        raise WarehouseUnavailableError(str(error)) from None
    finally:
        con.close()
    return {row[0]: ListedEstablishment(*row) for row in rows}


@dataclass(frozen=True)
class Provenance:
    source: str
    vintage: str
    synthetic: bool


def establishments_provenance(warehouse: Warehouse) -> Provenance | None:
    """Source, vintage and synthetic flag of the establishments the warehouse holds (None when empty)."""
    con = _connect(warehouse)
    try:
        row = con.execute(
            "SELECT any_value(i.source), coalesce(max(i.vintage), ''), bool_or(i.synthetic) FROM import_log i "
            "WHERE i.id IN (SELECT DISTINCT import_id FROM establishment)"
        ).fetchone()
    except duckdb.CatalogException as error:
        raise WarehouseUnavailableError(str(error)) from None
    finally:
        con.close()
    return Provenance(*row) if row and row[0] else None


@dataclass(frozen=True)
class LocatedEstablishment:
    """An establishment with its geolocated address (longitude, latitude in degrees, WGS84)."""

    siret: str
    name: str  # empty when INSEE restricts the establishment's diffusion
    naf: str
    active: bool
    state_since: date | None  # the closing date when not active
    longitude: float
    latitude: float
    geo_type: str = ""  # the geocoder's precision: housenumber, street, locality, municipality


def establishments_located_in(
    warehouse: Warehouse, box: tuple[float, float, float, float]
) -> list[LocatedEstablishment]:
    """Geolocated establishments (active and closed) inside ``box`` = (west, south, east, north) in degrees:
    the candidates of a zone's occupants, to be tested against its perimeter."""
    west, south, east, north = box
    con = _connect(warehouse)
    try:
        rows = con.execute(
            "SELECT DISTINCT ON (e.siret) e.siret, CASE WHEN e.public THEN coalesce(e.name, '') ELSE '' END, "
            "coalesce(e.naf, ''), coalesce(e.active, true), CASE WHEN e.active THEN NULL ELSE e.state_since END, "
            "g.longitude, g.latitude, coalesce(g.geo_type, '') "
            "FROM v_establishment e JOIN geolocation g ON g.siret = e.siret "
            "WHERE g.longitude BETWEEN ? AND ? AND g.latitude BETWEEN ? AND ? ORDER BY e.siret",
            [west, east, south, north],
        ).fetchall()
    except duckdb.CatalogException as error:
        raise WarehouseUnavailableError(str(error)) from None
    finally:
        con.close()
    return [LocatedEstablishment(*row) for row in rows]
