from decimal import Decimal

from tindus.plan.compute.funding import FundingRow, summarise


def rows():
    return [
        FundingRow("self", 2024, Decimal("30000"), "paid"),
        FundingRow("region", 2024, Decimal("50000"), "granted"),
        FundingRow("state", 2025, Decimal("20000"), "requested"),
        FundingRow("region", 2025, Decimal("100000"), None),  # not yet requested on the date looked at
    ]


def test_totals_by_funder_year_and_state():
    summary = summarise(rows())
    assert summary.total == Decimal("100000")
    assert summary.by_financeur == {"region": Decimal("50000"), "self": Decimal("30000"), "state": Decimal("20000")}
    assert list(summary.by_financeur) == ["region", "self", "state"]  # largest first
    assert summary.by_year == {2024: Decimal("80000"), 2025: Decimal("20000")}
    assert summary.by_state == {"paid": Decimal("30000"), "granted": Decimal("50000"), "requested": Decimal("20000")}


def test_self_funded_and_aided_shares():
    summary = summarise(rows())
    assert summary.self_funded == Decimal("30000")
    assert summary.aided == Decimal("70000")
    assert summary.share(summary.self_funded) == 0.3
    assert summary.year_self_share(2024) == 30000 / 80000
    assert summary.year_self_share(2025) == 0.0
    assert summary.year_self_share(2030) is None


def test_only_secured_states():
    secured = summarise(rows(), states={"granted", "paid"})
    assert secured.total == Decimal("80000")
    assert secured.share(Decimal(0)) == 0.0


def test_empty():
    summary = summarise([])
    assert summary.total == 0 and summary.share(Decimal(1)) is None and summary.years == []
