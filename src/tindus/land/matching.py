"""The territory's needs matched with its offers (the core in :mod:`tindus.land.compute.matching`), kept as
:class:`~tindus.land.models.OfferMatch` rows followed along the pipeline; their reasons in French."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tindus.synergies.places import commune_centres
from tindus.territories.models import Territory

from .compute import matching as core
from .models import LandNeed, LandOffer, OfferMatch
from .models.exchange import SERVICES, Property, Transaction

PIPELINE = [s for s in OfferMatch.Stage.values if s != OfferMatch.Stage.DROPPED]


@dataclass(frozen=True)
class Refresh:
    created: int
    updated: int
    removed: int


def as_offer(offer: LandOffer) -> core.Offer:
    return core.Offer(
        id=str(offer.pk), kind=offer.kind, transaction=offer.transaction, surface=offer.surface,
        commune=offer.commune, price_min=offer.price_min, price_max=offer.price_max,
        services=frozenset(offer.services), status=offer.status,
    )  # fmt: skip


def as_need(need: LandNeed) -> core.Need:
    return core.Need(
        id=str(need.pk), kind=need.kind, transaction=need.transaction, surface_min=need.surface_min,
        surface_max=need.surface_max, budget_max=need.budget_max, communes=tuple(need.communes),
        services=frozenset(need.services),
    )  # fmt: skip


@transaction.atomic
def refresh_matches(territory: Territory) -> Refresh:
    """Propose the offers of each open need again: new pairs are created, the score and reasons of existing
    ones updated (their stage and note kept); a pair no longer proposed is removed while it is only
    « proposed », kept as followed otherwise."""
    needs = list(territory.land_needs.filter(status=LandNeed.Status.OPEN))
    offers = list(territory.land_offers.all())
    codes = {o.commune for o in offers} | {c for n in needs for c in n.communes}
    found = core.match([as_need(n) for n in needs], [as_offer(o) for o in offers], commune_centres(codes))
    existing = {(m.need_id, m.offer_id): m for m in OfferMatch.objects.filter(need__territory=territory)}
    created = updated = 0
    seen = set()
    for m in found:
        key = (int(m.need), int(m.offer))
        seen.add(key)
        reasons = [r.as_dict() for r in m.reasons]
        row = existing.get(key)
        if row is None:
            OfferMatch.objects.create(need_id=key[0], offer_id=key[1], score=m.score, reasons=reasons)
            created += 1
        elif row.score != m.score or row.reasons != reasons:
            row.score, row.reasons = m.score, reasons
            row.save(update_fields=["score", "reasons", "updated_at"])
            updated += 1
    stale = [
        row.pk
        for key, row in existing.items()
        if key not in seen and row.stage == OfferMatch.Stage.PROPOSED and row.need.status == LandNeed.Status.OPEN
    ]
    for row in OfferMatch.objects.filter(pk__in=stale):
        row.delete()  # one by one: the change history records each
    return Refresh(created, updated, len(stale))


@transaction.atomic
def move(match: OfferMatch, stage: str, note: str = "") -> None:
    """Move a match along the pipeline; concluding it marks the offer taken and the need met."""
    match.stage = stage
    if note:
        match.note = note
    match.save()
    if stage == OfferMatch.Stage.CONCLUDED:
        match.offer.status = LandOffer.Status.TAKEN
        match.offer.save()
        match.need.status = LandNeed.Status.MET
        match.need.save()


def _labels(choices) -> dict[str, str]:
    return {str(key): str(label) for key, label in choices}


def describe(reason: dict[str, Any], communes: dict[str, str] | None = None) -> str:
    """A stored reason (``{"code", "params"}``) as a French sentence; commune codes named when known."""
    params = dict(reason.get("params") or {})
    names = communes or {}
    services = _labels(SERVICES)
    transactions = _labels(Transaction.choices)
    if "services" in params:
        params["services"] = ", ".join(services.get(s, s) for s in params["services"])
    if "kind" in params:
        params["kind"] = _labels(Property.choices).get(params["kind"], params["kind"])
    for side in ("offer", "need"):
        if side in params:
            params[side] = transactions.get(params[side], params[side])
    if "commune" in params:
        params["commune"] = names.get(params["commune"], params["commune"])
    return core.Reason(reason["code"], params).explain(_)
