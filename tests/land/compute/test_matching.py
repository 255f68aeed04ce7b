"""Matching needs with offers: each reason, the hard refusals, the score's order."""

import pytest

from tindus.land.compute.matching import Need, Offer, evaluate, match, road_km

DIJON, BEAUNE, SEMUR = (47.32, 5.04), (47.02, 4.84), (47.49, 4.33)
CENTRES = {"21231": DIJON, "21054": BEAUNE, "21603": SEMUR}


def need(**kw) -> Need:
    base = {"id": "n", "kind": "plot", "transaction": "sale", "surface_min": 10_000.0, "surface_max": 20_000.0}
    return Need(**{**base, **kw})


def offer(**kw) -> Offer:
    base = {"id": "o", "kind": "plot", "transaction": "sale", "surface": 15_000.0, "commune": "21231"}
    return Offer(**{**base, **kw})


def codes(m):
    return [r.code for r in m.reasons]


def test_a_fitting_offer_gives_every_reason():
    m = evaluate(
        need(budget_max=500_000, communes=("21231",), services=frozenset({"rail", "power"})),
        offer(price_min=300_000, price_max=400_000, services=frozenset({"rail", "power", "water"})),
        CENTRES,
    )
    assert codes(m) == ["kind", "transaction", "surface_fits", "price_within", "services_present", "commune_wished",
                        "available"]  # fmt: skip
    assert m.score == pytest.approx(1.0)
    assert m.reasons[2].explain() == "surface 15\u202f000 m² within the range wished (10\u202f000 – 20\u202f000 m²)"


@pytest.mark.parametrize(
    "changed",
    [{"kind": "premises"}, {"status": "taken"}, {"status": "withdrawn"}, {"surface": 7_000.0}, {"surface": 25_000.0}],
)
def test_hard_refusals(changed):
    assert evaluate(need(), offer(**changed), CENTRES) is None


def test_a_surface_slightly_outside_is_proposed_with_how_far():
    below = evaluate(need(), offer(surface=9_000.0))
    above = evaluate(need(), offer(surface=22_000.0))
    assert below.reasons[2].code == "surface_below" and below.reasons[2].params["gap"] == "10"
    assert above.reasons[2].code == "surface_above" and above.reasons[2].params["gap"] == "10"
    assert below.score < evaluate(need(), offer()).score
    assert "10 % below" in below.reasons[2].explain()


def test_no_upper_surface_accepts_any_larger_offer():
    assert evaluate(need(surface_max=None), offer(surface=90_000.0)).reasons[2].code == "surface_fits"


def test_prices():
    within = evaluate(need(budget_max=400_000), offer(price_min=300_000, price_max=350_000))
    partly = evaluate(need(budget_max=400_000), offer(price_min=300_000, price_max=450_000))
    over = evaluate(need(budget_max=400_000), offer(price_min=560_000))
    unknown = evaluate(need(), offer(price_min=500_000))
    assert [codes(m)[3] for m in (within, partly, over, unknown)] == [
        "price_within", "price_partly", "price_over", "price_unknown",
    ]  # fmt: skip
    assert over.reasons[3].params["gap"] == "40"
    assert within.score > partly.score > unknown.score > over.score


def test_services_present_and_missing():
    m = evaluate(need(services=frozenset({"rail", "gas"})), offer(services=frozenset({"rail"})))
    assert [(r.code, r.params) for r in m.reasons if r.code.startswith("services")] == [
        ("services_present", {"services": ["rail"]}), ("services_missing", {"services": ["gas"]}),
    ]  # fmt: skip
    assert m.score < evaluate(need(services=frozenset({"rail"})), offer(services=frozenset({"rail"}))).score


def test_place_wished_commune_distance_and_no_wish():
    wished = evaluate(need(communes=("21231",)), offer(commune="21231"), CENTRES)
    near = evaluate(need(communes=("21054",)), offer(commune="21231"), CENTRES)
    far = evaluate(need(communes=("21603",)), offer(commune="21231"), CENTRES)
    anywhere = evaluate(need(), offer(), CENTRES)
    unknown = evaluate(need(communes=("99999",)), offer(), CENTRES)
    assert codes(near)[-2] == "distance" and near.reasons[-2].params["commune"] == "21054"
    assert int(near.reasons[-2].params["km"]) == round(road_km(DIJON, BEAUNE))
    assert [codes(m)[-2] for m in (wished, anywhere, unknown)] == ["commune_wished", "commune_any", "distance_unknown"]
    assert wished.score > near.score > far.score


def test_transaction_and_option():
    either = evaluate(need(transaction="either"), offer(transaction="rent"))
    differs = evaluate(need(transaction="sale"), offer(transaction="rent"))
    option = evaluate(need(), offer(status="option"))
    assert codes(either)[1] == "transaction" and codes(differs)[1] == "transaction_mismatch"
    assert differs.score < either.score
    assert codes(option)[-1] == "option" and option.score < evaluate(need(), offer()).score


def test_match_orders_each_needs_offers_by_score_then_given_order():
    offers = [
        offer(id="far", commune="21603"),
        offer(id="near", commune="21231"),
        offer(id="twin", commune="21231"),
        offer(id="premises", kind="premises"),
    ]
    needs = [need(id="a", communes=("21231",)), need(id="b", kind="premises")]
    found = match(needs, offers, CENTRES)
    assert [(m.need, m.offer) for m in found] == [("a", "near"), ("a", "twin"), ("a", "far"), ("b", "premises")]
