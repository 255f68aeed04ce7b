"""The territory's matches kept as rows: created, updated with their stage and note kept, removed while only
proposed, kept once followed; reasons in French words."""

import pytest
from django.utils import translation

from tests.land import exchange_builders as build
from tindus.land.matching import describe, refresh_matches
from tindus.land.models import LandNeed, OfferMatch

pytestmark = pytest.mark.django_db


def test_refresh_creates_updates_and_keeps_what_is_followed(territory):
    good = build.offer(territory)
    other = build.offer(territory, title="Autre", commune="21231", services=[])
    need = build.need(territory)
    done = refresh_matches(territory)
    assert (done.created, done.updated, done.removed) == (2, 0, 0)
    first = OfferMatch.objects.get(offer=good)
    assert first.score > OfferMatch.objects.get(offer=other).score
    first.stage, first.note = "contacted", "appel le 2 mars"
    first.save()
    need.services = ["rail", "water"]
    need.save()
    done = refresh_matches(territory)
    first.refresh_from_db()
    assert done.updated == 2 and (first.stage, first.note) == ("contacted", "appel le 2 mars")
    assert {r["code"] for r in first.reasons} >= {"services_present", "services_missing"}
    # both offers no longer fit: the proposed pair goes, the followed one stays
    need.surface_min = need.surface_max = 90_000.0
    need.save()
    done = refresh_matches(territory)
    assert done.removed == 1 and list(OfferMatch.objects.values_list("offer", flat=True)) == [good.pk]


def test_needs_met_are_not_matched_again(territory):
    build.offer(territory)
    build.need(territory, status=LandNeed.Status.MET)
    assert refresh_matches(territory).created == 0


def test_reasons_are_told_with_labels_and_commune_names():
    with translation.override("en"):
        reason = {"code": "services_missing", "params": {"services": ["rail", "heavy_goods"]}}
        assert describe(reason) == "required services missing: rail siding, heavy goods vehicle access"
        place = {"code": "distance", "params": {"km": "12", "commune": "21425"}}
        assert describe(place, {"21425": "Montbard"}) == "12 km by road from the nearest wished commune (Montbard)"
        kind = {"code": "transaction", "params": {"offer": "rent", "need": "either"}}
        assert describe(kind) == "transaction compatible: for rent, sale or rent wished"
