"""Who may see which company on the synergies pages and exports: the one rule, applied everywhere.

A company that declares a resource or a need as « anonyme » is revealed only when both sides of the
opportunity agree (``Opportunity.revealed``). Until then, only the territory's team (who may edit) sees its
name; everybody else (committee members, and companies on their declaration pages) reads « Entreprise
anonyme » instead, never its name, its SIRET, its commune or its activity, and a title built from what is
exchanged rather than from the company. The other side of the opportunity, if it did not ask for anonymity,
is named as usual.

Which companies of an opportunity are anonymous: the side whose declaration (the offer for the provider,
the need for the receiver) is anonymous now; when that declaration is gone, what was recorded when the
opportunity was followed, or any anonymous declaration of the company in the opportunity's category. A
member of a pooling is anonymous when one of its declarations of that category is. A discovery hypothesis
names establishments from SIRENE, public data: they are anonymous only through a declaration confirmed
since.

On one page every anonymous company gets a number (« Entreprise anonyme 2 »), the same on every page of the
territory (numbered in the order the opportunities were followed), so that a network stays readable without
saying who is who. The number stands for the company's anonymous participations only: where the same
company takes part openly, it is named and nothing ties the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tindus.accounts.permissions import Action, has_permission
from tindus.territories.models import Territory

from .models import Confidentiality, Declaration, Kind, Opportunity
from .names import Shown, company_details, is_bare_siret

ROLE_DECLARATION = {"provider": "offer_id", "receiver": "need_id"}
SHORTEST_REDACTED = 3  # a name shorter than this is too common a word to be replaced in a text


def sees_names(user: Any, territory: Territory) -> bool:
    """The territory's team (whoever may edit) sees every company's name."""
    return has_permission(user, Action.EDIT, territory)


def may_name(editor: bool, opportunity: Opportunity, siret: str, anonymous: Iterable[str]) -> bool:
    """May a viewer name the company ``siret`` of ``opportunity``, whose anonymous sides are ``anonymous``?"""
    return editor or opportunity.revealed or siret not in set(anonymous)


def declaration_name(declaration: Declaration, *, facilitator: bool, revealed: bool = False) -> str:
    """How a company sees another company's declaration: named when it is open to the territory's companies
    or once both sides agreed; the facilitators see every name."""
    if facilitator or revealed or declaration.confidentiality == Confidentiality.TERRITORY:
        return declaration.company_name
    return _("Anonymous company")


def anonymous_sirets(
    opportunity: Opportunity,
    declarations: Mapping[int, Declaration],
    anonymous_by_category: Mapping[str, set[str]],
) -> frozenset[str]:
    """The companies of ``opportunity`` that asked for anonymity, whoever looks (see the module's docstring).

    ``declarations`` are the territory's by primary key; ``anonymous_by_category`` the SIRETs with an
    anonymous declaration, by category.
    """
    found = set()
    for company in opportunity.companies:
        siret = company["siret"]
        side = ROLE_DECLARATION.get(company["role"])
        linked = declarations.get(getattr(opportunity, side)) if side else None
        if linked is not None and linked.siret == siret:
            anonymous = linked.confidentiality == Confidentiality.ANONYMOUS
        elif opportunity.kind == Kind.DISCOVERY:
            anonymous = False
        else:
            anonymous = bool(company.get("anonymous")) or siret in anonymous_by_category.get(opportunity.category, ())
        if anonymous:
            found.add(siret)
    return frozenset(found)


@dataclass(frozen=True)
class ShownOpportunity:
    """An opportunity as one viewer may see it; what :func:`tindus.synergies.compute.network.from_synergies`
    reads. A hidden company's ``siret`` is its pseudonym's key (« anonyme-2 »)."""

    opportunity: Opportunity
    title: str
    companies: list[dict[str, Any]]
    category: str
    status: str

    @property
    def pk(self) -> int:
        return self.opportunity.pk


@dataclass
class Disclosure:
    """What one viewer may see of a territory's opportunities. Build it with :meth:`of`."""

    editor: bool
    declarations: dict[int, Declaration]
    anonymous: dict[int, frozenset[str]]  # opportunity pk → its anonymous companies
    numbers: dict[str, int]  # SIRET → the number of its pseudonym
    declared_names: dict[str, set[str]] = field(default_factory=dict)  # SIRET → the names its declarations give
    details: dict[str, Shown] = field(default_factory=dict)  # how each company that may be named is shown

    @classmethod
    def of(
        cls, territory: Territory, *, editor: bool, shown: Iterable[Opportunity] = (), places: bool = False
    ) -> Disclosure:
        """The disclosure of ``territory`` for a viewer (``editor``: the team), with the names of the
        companies of the opportunities ``shown`` looked up (and their commune and activity with ``places``)."""
        declarations = {d.pk: d for d in territory.synergy_declarations.all()}
        by_category: dict[str, set[str]] = {}
        for d in declarations.values():
            if d.confidentiality == Confidentiality.ANONYMOUS:
                by_category.setdefault(d.category, set()).add(d.siret)
        everything = list(territory.synergy_opportunities.order_by("pk"))
        anonymous = {o.pk: anonymous_sirets(o, declarations, by_category) for o in everything}
        numbers: dict[str, int] = {}
        for o in everything:
            for company in o.companies:
                if not may_name(editor, o, company["siret"], anonymous[o.pk]):
                    numbers.setdefault(company["siret"], len(numbers) + 1)
        declared_names: dict[str, set[str]] = {}
        for d in declarations.values():
            declared_names.setdefault(d.siret, set()).add(d.company_name)
        disclosure = cls(editor, declarations, anonymous, numbers, declared_names)
        shown = list(shown)
        named = [c for o in shown for c in o.companies if disclosure.may_name(o, c["siret"])]
        disclosure.details = company_details(territory, named, places=places) if named else {}
        return disclosure

    def anonymous_in(self, opportunity: Opportunity) -> frozenset[str]:
        """The companies of ``opportunity`` that asked for anonymity (whether or not this viewer sees them)."""
        return self.anonymous.get(opportunity.pk, frozenset())

    def may_name(self, opportunity: Opportunity, siret: str) -> bool:
        return may_name(self.editor, opportunity, siret, self.anonymous_in(opportunity))

    def hidden(self, opportunity: Opportunity) -> frozenset[str]:
        """The companies of ``opportunity`` this viewer may not name."""
        return frozenset(c["siret"] for c in opportunity.companies if not self.may_name(opportunity, c["siret"]))

    def pseudonym(self, siret: str) -> str:
        return _("Anonymous company %(number)s") % {"number": self.numbers[siret]}

    def key(self, opportunity: Opportunity, siret: str) -> str:
        """What stands for the company in data (a node's id): its SIRET, or its pseudonym's key."""
        return siret if self.may_name(opportunity, siret) else f"anonyme-{self.numbers[siret]}"

    def name(self, opportunity: Opportunity, siret: str) -> str:
        if not self.may_name(opportunity, siret):
            return self.pseudonym(siret)
        shown = self.details.get(siret)
        return shown.label if shown else next(c["name"] for c in opportunity.companies if c["siret"] == siret)

    def companies(self, opportunity: Opportunity) -> list[dict[str, Any]]:
        """``{"siret", "name", "role", "hidden"}`` per company, ``siret`` being :meth:`key`."""
        return [{"siret": self.key(opportunity, c["siret"]), "name": self.name(opportunity, c["siret"]),
                 "role": c["role"], "hidden": not self.may_name(opportunity, c["siret"])}
                for c in opportunity.companies]  # fmt: skip

    def title(self, opportunity: Opportunity) -> str:
        """The title, or for an opportunity with a hidden company one built from what is exchanged."""
        if not self.hidden(opportunity):
            return opportunity.title
        offer, need = self.declarations.get(opportunity.offer_id), self.declarations.get(opportunity.need_id)
        if opportunity.kind == Kind.MATCH and offer is not None and need is not None:
            neutral = f"{offer.text or offer.get_category_display()} → {need.text or need.get_category_display()}"
        elif opportunity.kind == Kind.MATCH:
            neutral = str(opportunity.get_category_display())
        else:
            neutral = opportunity.title
        return self.redact(opportunity, neutral)

    def redact(self, opportunity: Opportunity, text: str) -> str:
        """``text`` with every name, SIRET and SIREN of the companies hidden in ``opportunity`` replaced by
        their pseudonym: for the free texts written about it (explanations, notes of its pipeline)."""
        replacements: dict[str, str] = {}
        for siret in self.hidden(opportunity):
            pseudonym = self.pseudonym(siret)
            names = {c["name"] for c in opportunity.companies if c["siret"] == siret}
            names |= self.declared_names.get(siret, set())
            for name in names:
                if len(name.strip()) >= SHORTEST_REDACTED and not is_bare_siret(name, siret):
                    replacements[_normal(name)] = pseudonym
            replacements[siret] = replacements[siret[:9]] = pseudonym
        if not text or not replacements:
            return text
        words = sorted(replacements, key=len, reverse=True)
        pattern = re.compile("|".join(_spaced(word) for word in words), re.IGNORECASE)
        return pattern.sub(lambda m: replacements.get(_normal(m.group(0)), _("Anonymous company")), text)

    def shown(self, opportunity: Opportunity) -> ShownOpportunity:
        return ShownOpportunity(opportunity, self.title(opportunity), self.companies(opportunity),
                                opportunity.category, opportunity.status)  # fmt: skip


def _spaced(word: str) -> str:
    """A name or number as a pattern: digits also found spaced (« 200 000 100 »)."""
    if word.isdigit():
        return r"\s?".join(word)
    return r"\s+".join(re.escape(part) for part in word.split())


def _normal(found: str) -> str:
    compact = re.sub(r"\s", "", found)
    return compact if compact.isdigit() else " ".join(found.split()).casefold()
