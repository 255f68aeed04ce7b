"""The participants' directory of an event: each company as a card (its sector, size band and commune in
words, what it offers and seeks), and the filters a participant narrows it with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Q

from tindus.core.collation import french_key
from tindus.diagnostic.wording import band_label
from tindus.referentials.models import NafItem

from .models import Event, Participant


@dataclass
class Card:
    participant: Participant
    sector: str
    size: str
    commune: str
    offers: list[str]
    seeks: list[str]


@dataclass(frozen=True)
class Labels:
    """What the codes of an event's participants are called."""

    subclasses: Mapping[str, str]  # « 16.10A » → its label
    divisions: Mapping[str, tuple[str, str]]  # « 16 » → (label, section letter)
    sections: Mapping[str, str]  # « C » → its label
    communes: Mapping[str, str]  # INSEE code → name

    def sector(self, naf: str) -> str:
        return self.subclasses.get(naf, naf)

    def section_of(self, naf: str) -> str:
        return self.divisions.get(naf[:2], ("", ""))[1]


def labels_for(event: Event, participants: Iterable[Participant]) -> Labels:
    rows = list(participants)
    codes = {p.naf for p in rows if p.naf}
    subclasses = dict(NafItem.objects.filter(level=NafItem.Level.SUBCLASS, code__in=codes).values_list("code", "label"))
    divisions = {
        code: (label, parent)
        for code, label, parent in NafItem.objects.filter(
            level=NafItem.Level.DIVISION, code__in={c[:2] for c in codes}
        ).values_list("code", "label", "parent_code")
    }
    sections = {
        code: label.capitalize()
        for code, label in NafItem.objects.filter(
            level=NafItem.Level.SECTION, code__in={s for _l, s in divisions.values()}
        ).values_list("code", "label")
    }
    communes = dict(event.territory.communes.filter(code__in={p.commune for p in rows}).values_list("code", "name"))
    return Labels(subclasses, divisions, sections, communes)


def card(participant: Participant, labels: Labels) -> Card:
    return Card(
        participant, labels.sector(participant.naf), band_label(participant.size_band) if participant.size_band else "",
        labels.communes.get(participant.commune, participant.commune), participant.offer_labels(),
        participant.seek_labels(),
    )  # fmt: skip


def filter_choices(participants: Iterable[Participant], labels: Labels) -> dict[str, list[tuple[str, str]]]:
    """The sectors (NAF sections, then their divisions), size bands and communes found among the participants."""
    rows = list(participants)
    sectors: list[tuple[str, str]] = []
    for section in sorted({labels.section_of(p.naf) for p in rows if p.naf} - {""}):
        sectors.append((section, f"{section} — {labels.sections.get(section, section)}"))
        for division in sorted({p.naf[:2] for p in rows if p.naf and labels.section_of(p.naf) == section}):
            sectors.append((division, f"\u2003{division} — {labels.divisions[division][0]}"))
    sizes = [(b, band_label(b)) for b in sorted({p.size_band for p in rows if p.size_band})]
    communes = sorted(((c, labels.communes.get(c, c)) for c in {p.commune for p in rows if p.commune}),
                      key=lambda c: french_key(c[1]))  # fmt: skip
    return {"sector": sectors, "size": sizes, "commune": communes}


def filtered(participants: Iterable[Participant], filters: Mapping[str, str], labels: Labels) -> list[Participant]:
    """The participants matching every filter given (sector: a NAF section letter or a division)."""
    rows = list(participants)
    sector = filters.get("sector") or ""
    if sector.isalpha():
        rows = [p for p in rows if p.naf and labels.section_of(p.naf) == sector]
    elif sector:
        rows = [p for p in rows if p.naf.startswith(sector)]
    for key, attribute in (("size", "size_band"), ("commune", "commune")):
        if filters.get(key):
            rows = [p for p in rows if getattr(p, attribute) == filters[key]]
    for key in ("offers", "seeks"):
        if filters.get(key):
            rows = [p for p in rows if filters[key] in getattr(p, key)]
    return rows


def text_query(text: str) -> Q:
    """Participants whose company, person, position or offer and search texts hold every word of ``text``."""
    query = Q()
    for word in text.split():
        query &= (Q(company_name__icontains=word) | Q(person_name__icontains=word) | Q(person_role__icontains=word)
                  | Q(offers_text__icontains=word) | Q(seeks_text__icontains=word))  # fmt: skip
    return query
