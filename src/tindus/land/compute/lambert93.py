"""Lambert-93 (EPSG:2154, the CRS of the CNIG GeoPackage) ↔ longitude and latitude, with numpy.

The conic conformal projection of RGF93 on the GRS80 ellipsoid (IGN's parameters: standard parallels 44° and
49°, origin 46°30' N 3° E, false easting 700 000 m, northing 6 600 000 m). RGF93 and WGS84 differ by less
than a metre, well below what an inventory of land units needs, so no datum shift is applied and no PROJ
library is needed.
"""

from __future__ import annotations

import numpy as np

A = 6378137.0
F = 1 / 298.257222101
E = np.sqrt(2 * F - F * F)
PHI1, PHI2, PHI0, LAMBDA0 = np.radians(44.0), np.radians(49.0), np.radians(46.5), np.radians(3.0)
X0, Y0 = 700000.0, 6600000.0
# Metropolitan France's extent in Lambert-93 (IGN's published bounds, rounded outwards).
EXTENT = (0.0, 6000000.0, 1300000.0, 7200000.0)


def _m(phi):
    return np.cos(phi) / np.sqrt(1 - (E * np.sin(phi)) ** 2)


def _t(phi):
    return np.tan(np.pi / 4 - phi / 2) / ((1 - E * np.sin(phi)) / (1 + E * np.sin(phi))) ** (E / 2)


N = (np.log(_m(PHI1)) - np.log(_m(PHI2))) / (np.log(_t(PHI1)) - np.log(_t(PHI2)))
FF = _m(PHI1) / (N * _t(PHI1) ** N)
RHO0 = A * FF * _t(PHI0) ** N


def to_lambert93(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (degrees) → x, y in metres."""
    phi, lam = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lon, dtype=float))
    rho = A * FF * _t(phi) ** N
    theta = N * (lam - LAMBDA0)
    return X0 + rho * np.sin(theta), Y0 + RHO0 - rho * np.cos(theta)


def from_lambert93(x, y) -> tuple[np.ndarray, np.ndarray]:
    """x, y in metres → longitudes and latitudes (degrees)."""
    dx, dy = np.asarray(x, dtype=float) - X0, RHO0 - (np.asarray(y, dtype=float) - Y0)
    rho = np.sign(N) * np.hypot(dx, dy)
    t = (rho / (A * FF)) ** (1 / N)
    lam = np.arctan2(dx, dy) / N + LAMBDA0
    phi = np.pi / 2 - 2 * np.arctan(t)
    for _ in range(8):
        phi = np.pi / 2 - 2 * np.arctan(t * ((1 - E * np.sin(phi)) / (1 + E * np.sin(phi))) ** (E / 2))
    return np.degrees(lam), np.degrees(phi)


def transform(geometry, inverse: bool = False):
    """A shapely geometry projected to Lambert-93 (from degrees), or back when ``inverse``."""
    import shapely

    def project(coords: np.ndarray) -> np.ndarray:
        a, b = (from_lambert93 if inverse else to_lambert93)(coords[:, 0], coords[:, 1])
        return np.column_stack([a, b])

    return shapely.transform(geometry, project)
