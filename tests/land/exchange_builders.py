"""Small builders of the brownfields and exchange tests: a zone around a point, offers, needs, a pooling."""

from __future__ import annotations

import datetime as dt
import gzip

import shapely

from tindus.land.compute.friches import EXPORT
from tindus.land.compute.lambert93 import to_lambert93
from tindus.land.models import LandNeed, LandOffer, Zone

TODAY = dt.date(2026, 1, 15)


def shipped_csv() -> bytes:
    return gzip.decompress(EXPORT.read_bytes())


def zone_around(territory, lon: float, lat: float, *, site_id: str = "Z1", half: float = 300.0) -> Zone:
    """A square zone of 2 × ``half`` metres around a point given in degrees."""
    x, y = (float(v) for v in to_lambert93(lon, lat))
    square = shapely.box(x - half, y - half, x + half, y + half)
    return Zone.objects.create(
        territory=territory, site_id=site_id, site_nom=f"Zone {site_id}", site_vocadomi="industrielle",
        site_surf_brute=square.area, site_comm_insee="21425", site_identif_date=TODAY, site_actu_date=TODAY,
        geometry=shapely.geometry.mapping(square),
    )  # fmt: skip


def offer(territory, **kw) -> LandOffer:
    base = {"title": "Parcelle 3 ha", "kind": "plot", "transaction": "sale", "commune": "21425", "surface": 30_000.0,
            "price_min": 200_000.0, "price_max": 250_000.0, "services": ["rail", "power"]}  # fmt: skip
    return LandOffer.objects.create(territory=territory, **{**base, **kw})


def need(territory, **kw) -> LandNeed:
    base = {"company_name": "Forge de l'Auxois", "kind": "plot", "transaction": "either", "surface_min": 20_000.0,
            "surface_max": 40_000.0, "budget_max": 300_000.0, "communes": ["21425"], "services": ["rail"]}  # fmt: skip
    return LandNeed.objects.create(territory=territory, **{**base, **kw})


def csv_rows(content: bytes, keep) -> bytes:
    """The header and the lines for which ``keep(line_text)`` is true."""
    header, *lines = content.decode().split("\n")
    return "\n".join([header, *[line for line in lines if line and keep(line)]]).encode() + b"\n"
