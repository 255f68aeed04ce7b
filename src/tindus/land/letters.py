"""The consultation's letters and emails: what the inventory says about the addressee's units, and the request
for corrections before the deadline (Code de l'urbanisme, art. L318-8-2: owners and occupants have 30 days).

The text is built here once, in the active language, and rendered three ways: the page of a letter, the
PDF of all letters (one page each) and the email to copy or download as a ``.eml`` draft. Tindus never sends
these: the team sends them from its own mail, under its own name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .models import LandUnit, Occupant, OwnerLetter


@dataclass(frozen=True)
class UnitFacts:
    unit: LandUnit
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for _label, value in self.facts)


@dataclass(frozen=True)
class LetterText:
    sender: str
    addressee: str
    postal_address: str
    dated: str
    subject: str
    greeting: str
    opening: tuple[str, ...]
    units: tuple[UnitFacts, ...]
    request: tuple[str, ...]
    closing: str

    @property
    def labels(self) -> tuple[str, ...]:
        """The column titles of the units' table."""
        return tuple(label for label, _value in self.units[0].facts) if self.units else ()


def long_date(day: dt.date) -> str:
    """« 24 août 2023 », « 1er mars 2024 »."""
    number = _("1st") if day.day == 1 else str(day.day)
    return f"{number} {date_format(day, 'F Y')}"


def letter_units(letter: OwnerLetter) -> list[LandUnit]:
    confirmed = Occupant.objects.filter(state=Occupant.State.CONFIRMED).order_by("name", "siret")
    return list(
        letter.units.select_related("zone")
        .prefetch_related(Prefetch("occupants", queryset=confirmed, to_attr="confirmed_occupants"))
        .order_by("zone__site_nom", "terr_id")
    )


def sender_name(letter: OwnerLetter, units: list[LandUnit]) -> str:
    """The EPCI named by the units' zones when they name one, else the territory."""
    epcis = {unit.zone.site_epci_nom.strip() for unit in units if unit.zone.site_epci_nom.strip()}
    return epcis.pop() if len(epcis) == 1 else letter.consultation.territory.name


def _occupant(occupant: Occupant) -> str:
    text = _("%(name)s (SIRET %(siret)s)") % {"name": occupant.name or "—", "siret": occupant.siret}
    if not occupant.active or occupant.closed_on:
        text += " — " + _("closed")
    return text


def unit_facts(unit: LandUnit) -> UnitFacts:
    zone = unit.zone
    place = f"{zone.site_nom} ({zone.site_comm_nom})" if zone.site_comm_nom else zone.site_nom
    references = ", ".join(part.strip() for part in unit.terr_refcad.split("|") if part.strip())
    occupants = [_occupant(o) for o in getattr(unit, "confirmed_occupants", [])]
    facts = (
        (_("Zone"), place),
        (_("Land unit"), unit.terr_id),
        (_("Cadastral references"), references or _("not recorded")),
        (_("Surface"), _("%(surface)s m²") % {"surface": number_format(unit.terr_surf_brute, 0, force_grouping=True)}),
        (_("Occupation"), unit.terr_etat_occup or _("not recorded")),
        (_("Commercialisation stage"), unit.terr_stade_comm or _("not recorded")),
        (_("Occupants recorded"), "; ".join(occupants) if occupants else _("none")),
    )
    return UnitFacts(unit, _("Land unit %(id)s, %(zone)s") % {"id": unit.terr_id, "zone": place}, facts)


def letter_text(letter: OwnerLetter) -> LetterText:
    """The letter in the site's language (``LANGUAGE_CODE``, French), whatever the reader's: it goes to
    owners and occupants, not to the person reading the page."""
    with translation.override(settings.LANGUAGE_CODE):
        return _letter_text(letter)


def _letter_text(letter: OwnerLetter) -> LetterText:
    consultation = letter.consultation
    units = letter_units(letter)
    sender = sender_name(letter, units)
    dated = long_date(consultation.started_on)
    if letter.addressee == OwnerLetter.Addressee.OCCUPANT:
        role = _(
            "Your establishment (SIRET %(siret)s) occupies land in these zones: as its occupant, you are consulted "
            "on what the inventory records about it."
        ) % {"siret": letter.siret}
    else:
        role = _("As the owner of land in these zones, you are consulted on what the inventory records about it.")
    opening = (
        _(
            "%(sender)s is drawing up the inventory of the economic activity zones of its territory, as article "
            "L318-8-2 of the Code de l'urbanisme requires: for each zone, its land units, their surface and owner, "
            "their occupants and the vacancy rate."
        )
        % {"sender": sender},
        role,
        _("Here is what the inventory records:") if units else _("The inventory records no land unit for you yet."),
    )
    request = (
        _(
            "If anything is wrong or missing (owner, surface, cadastral references, occupation, occupants), please "
            "tell us by %(deadline)s at the latest, that is within 30 days of %(start)s, by answering this "
            "%(channel)s."
        )
        % {
            "deadline": long_date(consultation.deadline),
            "start": dated,
            "channel": _("email") if letter.channel == OwnerLetter.Channel.EMAIL else _("letter"),
        },
        _(
            "Without an answer from you, the inventory will be adopted as it stands; it is refreshed at least "
            "every six years."
        ),
    )
    return LetterText(
        sender=sender,
        addressee=letter.name,
        postal_address=letter.postal_address,
        dated=_("On %(date)s") % {"date": dated},
        subject=_("Inventory of economic activity zones: what it records about your land"),
        greeting=_("Madam, Sir,"),
        opening=opening,
        units=tuple(unit_facts(unit) for unit in units),
        request=request,
        closing=_("Yours faithfully,"),
    )


def email_body(text: LetterText) -> str:
    """The plain text of the email: the letter's paragraphs, one block per unit."""
    blocks = [text.greeting, *text.opening]
    for unit in text.units:
        blocks.append("\n".join([unit.title, *(f"- {label} : {value}" for label, value in unit.facts)]))
    blocks += [*text.request, text.closing, text.sender]
    return "\n\n".join(blocks) + "\n"


def eml(letter: OwnerLetter, text: LetterText, sender_email: str, now: dt.datetime | None = None) -> bytes:
    """An RFC 5322 message to open in the team's own mail client and send from there (``X-Unsent`` makes some
    clients open it as a draft)."""
    message = EmailMessage()
    if sender_email:
        message["From"] = formataddr((text.sender, sender_email))
    if letter.email:
        message["To"] = formataddr((letter.name, letter.email))
    message["Subject"] = text.subject
    message["Date"] = format_datetime(now or timezone.now())
    message["X-Unsent"] = "1"
    message.set_content(email_body(text))
    return bytes(message)
