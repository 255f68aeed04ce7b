"""Opportunities followed by the team: from a match, a discovery hypothesis or a pooling proposal, through
the pipeline, to implementation or abandonment."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from tindus.territories.models import Territory

from .compute import calibration, discovery, pooling
from .compute import feedback as learning
from .models import Category, Confidentiality, Declaration, Kind, Opportunity, Origin, Status, StatusChange
from .names import label_of, warehouse_records
from .places import commune_centres, companies_for, territory_listing
from .ranking import feedback_model, match_signature


def _record(opportunity: Opportunity, user: Any, note: str = "", reason: str = "") -> None:
    StatusChange.objects.create(opportunity=opportunity, status=opportunity.status, reason=reason, note=note,
                                by=user if user and user.is_authenticated else None)  # fmt: skip


def _company(d: Declaration, role: str) -> dict[str, Any]:
    """A company of an opportunity; whether it asked for anonymity is kept in case its declaration goes."""
    return {"siret": d.siret, "name": d.company_name, "role": role,
            "anonymous": d.confidentiality == Confidentiality.ANONYMOUS}  # fmt: skip


def follow_match(
    declaration: Declaration,
    other: Declaration,
    user: Any,
    score: float,
    reasons: list[str],
    distance_km: float | None = None,
) -> Opportunity:
    """Propose the pair to both companies (status « proposée »); the same pair is followed once."""
    need, offer = (declaration, other) if declaration.direction == "need" else (other, declaration)
    signature = match_signature(need, offer)
    with transaction.atomic():
        opportunity, created = Opportunity.objects.get_or_create(
            territory=declaration.territory, signature=signature,
            defaults={
                "kind": Kind.MATCH, "title": f"{offer.text or offer.get_category_display()} → {need.company_name}",
                "category": need.category, "explanation": "\n".join(reasons), "score": score,
                "feedback_keys": " ".join(learning.keys_for_match(need.as_core(), offer.as_core())),
                "need": need, "offer": offer, "status": Status.PROPOSED, "distance_km": distance_km,
                "companies": [_company(offer, "provider"), _company(need, "receiver")],
            },
        )  # fmt: skip
        if created:
            _record(opportunity, user)
    return opportunity


def proposal_signature(proposal: discovery.Proposal) -> str:
    what = "|".join(proposal.pattern_ids) or proposal.title
    return "discovery:" + proposal.kind + ":" + hashlib.sha1(what.encode()).hexdigest()[:16]


def discovered(territory: Territory, k: int = 30) -> list[tuple[discovery.Proposal, float, str | None, str]]:
    """(proposal, score after feedback, feedback note, signature) for the territory's establishments."""
    listing = territory_listing(territory)
    centres = commune_centres(e.commune for e in listing)
    records = warehouse_records(e.siret for e in listing if not e.name)  # named after their company
    people = [discovery.Establishment(e.siret, e.name or label_of(records.get(e.siret)), e.naf, e.commune_name,
                                      *centres.get(e.commune, (None, None)), e.size_band) for e in listing]  # fmt: skip
    proposals = discovery.discover(people, discovery.load_knowledge(), k=k * 2)
    ranked = learning.rerank(proposals, learning.keys_for_proposal, lambda p: p.score, feedback_model(territory))
    return [(p, score, note, proposal_signature(p)) for p, score, note in ranked[:k]]


def discovery_reliability(territory: Territory) -> calibration.Reliability | None:
    """How the probabilities announced for the territory's followed hypotheses compare with what followed:
    confirmed once a company confirmed it (« proposée » or further), not when dropped as a hypothesis."""
    confirmed_ids = set(
        StatusChange.objects.filter(opportunity__territory=territory, opportunity__kind=Kind.DISCOVERY,
                                    status=Status.PROPOSED).values_list("opportunity_id", flat=True)
    )  # fmt: skip
    observations = []
    for pk, score, status in territory.synergy_opportunities.filter(kind=Kind.DISCOVERY).values_list(
        "pk", "score", "status"
    ):
        if pk in confirmed_ids or status not in (Status.DETECTED, Status.ABANDONED):
            observations.append((score, True))
        elif status == Status.ABANDONED:
            observations.append((score, False))
    return calibration.reliability(observations)


def follow_proposal(territory: Territory, proposal: discovery.Proposal, score: float, user: Any) -> Opportunity:
    """Follow a discovery hypothesis (status « détectée »): it names candidates, nobody has confirmed yet."""
    providers = {p.provider_siret for p in proposal.pairs}
    receivers = {p.receiver_siret for p in proposal.pairs}
    companies = [{"siret": e.siret, "name": e.name, "role": "provider"} for e in proposal.providers
                 if e.siret in providers]  # fmt: skip
    companies += [{"siret": e.siret, "name": e.name, "role": "receiver"} for e in proposal.receivers
                  if e.siret in receivers]  # fmt: skip
    category = proposal.resource_category if proposal.resource_category in Category.values else Category.SERVICES
    sources = "\n".join("— " + s.citation() for s in proposal.sources)
    with transaction.atomic():
        opportunity, created = Opportunity.objects.get_or_create(
            territory=territory, signature=proposal_signature(proposal),
            defaults={
                "kind": Kind.DISCOVERY, "title": proposal.title[:300],
                "category": category,
                "explanation": "\n".join(proposal.reasons or (proposal.explanation,))
                + ("\n" + sources if sources else ""), "score": score,
                "feedback_keys": " ".join(learning.keys_for_proposal(proposal)), "hypothesis": True,
                "status": Status.DETECTED, "companies": companies,
            },
        )  # fmt: skip
        if created:
            _record(opportunity, user)
    return opportunity


def pools(territory: Territory) -> list[tuple[pooling.Pool, str]]:
    rows = list(territory.synergy_declarations.all())
    found = pooling.find_pools(companies_for(rows), [r.as_core() for r in rows])
    return [(pool, "pooling:" + pool.signature) for pool in found]


def follow_pool(territory: Territory, pool: pooling.Pool, user: Any) -> Opportunity:
    rows = {str(d.pk): d for d in territory.synergy_declarations.filter(pk__in=[int(i) for i in pool.declarations])}
    members = {}
    for d in rows.values():
        member = members.setdefault(d.siret, _company(d, "member"))
        member["anonymous"] = member["anonymous"] or d.confidentiality == Confidentiality.ANONYMOUS
    with transaction.atomic():
        opportunity, created = Opportunity.objects.get_or_create(
            territory=territory, signature="pooling:" + pool.signature,
            defaults={"kind": Kind.POOLING, "title": pool.title[:300], "category": pool.category,
                      "explanation": pool.explanation, "score": pool.score, "status": Status.PROPOSED,
                      "feedback_keys": " ".join(learning.keys_for_pool(pool)), "companies": list(members.values())},
        )  # fmt: skip
        if created:
            _record(opportunity, user)
    return opportunity


def agree(opportunity: Opportunity, side: str, user: Any) -> None:
    """Record that one side (« offer » or « need ») agrees to reveal its identity; both: revealed."""
    with transaction.atomic():
        setattr(opportunity, f"{side}_agrees", True)
        opportunity.revealed = opportunity.offer_agrees and opportunity.need_agrees
        opportunity.save()
        if opportunity.revealed:
            _record(opportunity, user, note="identités révélées avec l'accord des deux entreprises")


def move(opportunity: Opportunity, status: str, user: Any, reason: str = "", note: str = "") -> None:
    with transaction.atomic():
        opportunity.status = status
        opportunity.abandon_reason = reason if status == Status.ABANDONED else ""
        opportunity.abandon_note = note if status == Status.ABANDONED else opportunity.abandon_note
        opportunity.save()
        _record(opportunity, user, note, reason)


def confirm(opportunity: Opportunity, siret: str, text: str, user: Any, quantity: float | None = None,
            unit: str = "", frequency: str = "") -> Declaration:  # fmt: skip
    """A company named by a hypothesis confirms it: its side becomes a declaration (origin « découverte »)."""
    company = next(c for c in opportunity.companies if c["siret"] == siret)
    direction = "resource" if company["role"] == "provider" else "need"
    listing = {e.siret: e for e in territory_listing(opportunity.territory)}
    e = listing.get(siret)
    with transaction.atomic():
        declaration, _created = Declaration.objects.update_or_create(
            territory=opportunity.territory, origin=Origin.DISCOVERY, origin_reference=opportunity.signature,
            siret=siret, direction=direction, category=opportunity.category,
            defaults={"company_name": company["name"], "commune": e.commune if e else "", "naf": e.naf if e else "",
                      "text": text, "quantity": quantity, "unit": unit, "frequency": frequency,
                      "created_by": user if user.is_authenticated else None},
        )  # fmt: skip
        field = "offer" if direction == "resource" else "need"
        setattr(opportunity, field, declaration)
        opportunity.hypothesis = not (opportunity.offer_id and opportunity.need_id)
        if opportunity.status == Status.DETECTED:
            opportunity.status = Status.PROPOSED
        opportunity.save()
        _record(opportunity, user, note=f"{company['name']} : {text}")
    return declaration
