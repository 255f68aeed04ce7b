"""Where a territory stands in the inventory's legal procedure (Code de l'urbanisme, art. L318-8-2), read
from its records, and the start of a consultation: one letter per owner and per confirmed occupant.

A *cycle* is a consultation and the adoption that follows it. A consultation started after the latest
adoption opens a new cycle (the six-year refresh): the timeline then follows it, and the previous adoption
is kept aside for its refresh date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet

from tindus.territories.models import Territory

from .compute.procedure import Timeline
from .models import Adoption, LandUnit, Occupant, OwnerConsultation, OwnerLetter, Transmission


@dataclass(frozen=True)
class ProcedureState:
    consultation: OwnerConsultation | None  # the current cycle's
    adoption: Adoption | None  # the current cycle's
    previous_adoption: Adoption | None  # an earlier cycle's, when a new consultation has started since
    timeline: Timeline


def procedure_state(territory: Territory) -> ProcedureState:
    consultation = territory.land_consultations.first()
    adoption = territory.land_adoptions.select_related("consultation").first()
    if adoption is not None and (consultation is None or consultation.started_on <= adoption.adopted_on):
        own = adoption.consultation or consultation
        first_sent = adoption.transmissions.order_by("sent_on").values_list("sent_on", flat=True).first()
        timeline = Timeline(own.started_on if own else None, adoption.adopted_on, first_sent)
        return ProcedureState(own, adoption, None, timeline)
    return ProcedureState(consultation, None, adoption, Timeline(consultation.started_on if consultation else None))


def open_consultation(territory: Territory, today: dt.date) -> OwnerConsultation | None:
    """The consultation whose 30 days are still running, if any."""
    state = procedure_state(territory)
    return state.consultation if state.timeline.stage(today) == "consultation" else None


def territory_units(territory: Territory) -> QuerySet[LandUnit]:
    return (
        LandUnit.objects.filter(zone__territory=territory).select_related("zone").order_by("zone__site_nom", "terr_id")
    )


def units_without_owner(territory: Territory) -> list[LandUnit]:
    """Units that no owner letter can reach: their owner's name is not recorded."""
    return [unit for unit in territory_units(territory) if not " ".join(unit.owner_name.split())]


def consulted_occupants(territory: Territory) -> QuerySet[Occupant]:
    """Confirmed occupants still in business (a closed establishment no longer occupies anything)."""
    return (
        Occupant.objects.filter(zone__territory=territory, state=Occupant.State.CONFIRMED, active=True)
        .filter(closed_on__isnull=True)
        .prefetch_related("units")
        .order_by("siret", "pk")
    )


@dataclass
class Addressee:
    kind: str
    name: str
    postal_address: str = ""
    email: str = ""
    siret: str = ""
    units: list[LandUnit] = field(default_factory=list)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _valid_email(text: str) -> str:
    text = text.strip()
    try:
        validate_email(text)
    except ValidationError:
        return ""
    return text


def owners(territory: Territory) -> list[Addressee]:
    """One addressee per owner: the units grouped by the owner's name and address (spaces and case aside)."""
    groups: dict[tuple[str, str], Addressee] = {}
    for unit in territory_units(territory):
        name = _squash(unit.owner_name)
        if not name:
            continue
        key = (name.casefold(), _squash(unit.owner_address).casefold())
        found = groups.setdefault(
            key, Addressee(OwnerLetter.Addressee.OWNER, name, postal_address=unit.owner_address.strip())
        )
        found.email = found.email or _valid_email(unit.owner_email)
        found.units.append(unit)
    return sorted(groups.values(), key=lambda a: a.name.casefold())


def occupants(territory: Territory) -> list[Addressee]:
    """One addressee per confirmed occupant's SIRET, with every unit it uses in the territory's zones."""
    by_siret: dict[str, Addressee] = {}
    for occupant in consulted_occupants(territory):
        extra = occupant.extra or {}
        found = by_siret.setdefault(occupant.siret, Addressee(OwnerLetter.Addressee.OCCUPANT, "", siret=occupant.siret))
        found.name = found.name or occupant.name or str(extra.get("etab_raison_sociale") or "") or occupant.siret
        found.postal_address = found.postal_address or str(extra.get("etab_adresse") or "").strip()
        found.email = found.email or _valid_email(str(extra.get("etab_contact_mail") or ""))
        found.units.extend(unit for unit in occupant.units.all() if unit not in found.units)
    return sorted(by_siret.values(), key=lambda a: a.name.casefold())


@transaction.atomic
def start_consultation(territory: Territory, started_on: dt.date, *, note: str = "", user=None) -> OwnerConsultation:
    """Record the consultation and write one letter per owner and per confirmed occupant: by email when an
    address is known, else by post."""
    consultation = OwnerConsultation.objects.create(
        territory=territory, started_on=started_on, note=note, started_by=user if user and user.pk else None
    )
    for addressee in [*owners(territory), *occupants(territory)]:
        letter = OwnerLetter.objects.create(
            consultation=consultation,
            addressee=addressee.kind,
            name=addressee.name[:200],
            postal_address=addressee.postal_address,
            email=addressee.email,
            channel=OwnerLetter.Channel.EMAIL if addressee.email else OwnerLetter.Channel.LETTER,
            siret=addressee.siret,
        )
        letter.units.set(addressee.units)
    return consultation


def is_late(letter: OwnerLetter) -> bool:
    """An answer dated after the consultation's deadline (accepted, but marked)."""
    return bool(letter.answered_on and letter.answered_on > letter.consultation.deadline)


def missing_transmissions(adoption: Adoption) -> list[str]:
    """The planning documents (labels) whose body has not been sent the adopted inventory yet."""
    sent = set(adoption.transmissions.values_list("document", flat=True))
    return [str(label) for value, label in Transmission.Document.choices if value not in sent]
