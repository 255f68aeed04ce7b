"""Small publication systems made by hand or drawn at random, for the tests of the cores."""

from __future__ import annotations

import random

from tindus.diagnostic.compute.publication import GeoInput, NafRow, System, build_system

NAFS = [
    NafRow(f"{division}.1{letter}", "C", division, "BE", a17, a38)
    for division, a17, a38 in (("10", "C1", "CA"), ("11", "C1", "CA"), ("25", "C5", "CH"), ("26", "C3", "CI"))
    for letter in "ABC"
] + [NafRow("35.11Z", "D", "35", "BE", "DE", "DZ")]


def communes(epcis: int = 6, per_epci: int = 3) -> list[GeoInput]:
    """EPCI E0..E{n-1} in two régions; territory A = E0, E1 and part of E2; territory B = E3 and E4."""
    out = []
    for e in range(epcis):
        for c in range(per_epci):
            if e < 3:
                territories = frozenset({"1:A"}) if not (e == 2 and c == per_epci - 1) else frozenset()
            elif e < 5:
                territories = frozenset({"1:B"})
            else:
                territories = frozenset()
            out.append(GeoInput(f"c{e}{c}", f"E{e}", "R1" if e < 4 else "R2", territories))
    return out


def random_system(seed: int, density: float = 0.5) -> System:
    """A system whose communes hold random employers: many cells of 1 or 2 units, some dominated."""
    draw = random.Random(seed)
    places = communes()
    rows = []
    for place in places:
        for naf in NAFS:
            if draw.random() < density:
                units = draw.choice([1, 1, 2, 3, 4, 6, 9])
                jobs = units * draw.randint(2, 40)
                largest = jobs if units == 1 else jobs * draw.uniform(0.3, 0.95)
                rows.append((place.commune, naf.naf, jobs, units, largest))
        rows.append((place.commune, "OTHER", 400 + draw.randint(0, 300), 30, 40))
    return build_system(places, NAFS, rows)
