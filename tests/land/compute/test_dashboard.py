"""The overview's arithmetic: vacancy bands, EPCI vacancy summed over units, available surface by vocation."""

import pytest

from tindus.land.compute.dashboard import (
    AVAILABLE_STAGES,
    OfferRow,
    UnitRow,
    ZoneFigures,
    available_by_vocation,
    band,
    band_labels,
    per_epci,
)


def test_bands_cover_every_rate_and_the_unknown():
    assert [band(r) for r in (0.0, 4.99, 5.0, 9.9, 10.0, 19.9, 20.0, 100.0, None)] == [
        "1", "1", "2", "2", "3", "3", "4", "4", "s",
    ]  # fmt: skip
    assert [code for code, _low, _high in band_labels()] == ["1", "2", "3", "4", "s"]
    assert band_labels()[0][1:] == (0.0, 5.0) and band_labels()[3][2] is None


def test_an_epci_adds_up_its_zones_units():
    big = ZoneFigures("241", "CC A", units=200, vacant=20, known=200, unknown=0)  # 10 %
    small = ZoneFigures("241", "CC A", units=2, vacant=2, known=2, unknown=0)  # 100 %
    other = ZoneFigures("", "", units=3, vacant=0, known=1, unknown=2)
    rows = per_epci([small, other, big])
    assert [r.siren for r in rows] == ["241", ""]  # zones without an EPCI last
    a = rows[0]
    assert (a.zones, a.units, a.vacant, a.known) == (2, 202, 22, 202)
    assert a.rate == pytest.approx(100 * 22 / 202)  # not (10 + 100) / 2
    assert rows[1].bounds == pytest.approx((0.0, 100 * 2 / 3))
    assert per_epci([ZoneFigures("", "", 0, 0, 0, 0)])[0].rate is None


def test_available_counts_units_for_sale_only_and_offers_by_their_zones_vocation():
    stages = ("en vente", "en vente avec contraintes", "réservé par option de réservation", "non commercialisé")
    units = [UnitRow("industrielle", stage, 100.0) for stage in stages]
    offers = [OfferRow("artisanale", 50.0), OfferRow("", 70.0)]
    result = available_by_vocation([("industrielle", 1000.0), ("industrielle", 500.0)], units, offers,
                                   ["industrielle", "commerciale", "artisanale"])  # fmt: skip
    assert [r.vocation for r in result.rows] == ["industrielle", "artisanale", ""]
    industrial = result.rows[0]
    assert (industrial.zones, industrial.gross, industrial.units_available) == (2, 1500.0, len(AVAILABLE_STAGES))
    assert industrial.units_surface == 200.0
    assert (result.offers, result.offers_surface, result.units_surface) == (2, 120.0, 200.0)
