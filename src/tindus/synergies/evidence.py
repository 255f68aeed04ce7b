"""Synergy opportunities that an action-plan project can cite as its evidence (reference: the
opportunity's number)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.plan.evidence import EvidenceKind, Resolved, UnknownEvidenceError
from tindus.territories.models import Territory


def resolve(territory: Territory, reference: str) -> Resolved:
    from .models import Opportunity
    from .visibility import Disclosure

    number = reference.strip().lstrip("#")
    opportunity = territory.synergy_opportunities.filter(pk=int(number)).first() if number.isdigit() else None
    if opportunity is None:
        raise UnknownEvidenceError(
            _("No synergy opportunity number « %(ref)s » in this territory.") % {"ref": reference}
        )
    assert isinstance(opportunity, Opportunity)
    # The label is kept with the project, which more than the team reads: an anonymous company is not named.
    title = Disclosure.of(territory, editor=False).title(opportunity)
    return Resolved(
        _("Synergy #%(pk)s: %(title)s (%(status)s)")
        % {"pk": opportunity.pk, "title": title, "status": opportunity.get_status_display()},
        reverse("synergies:opportunity", kwargs={"slug": territory.slug, "pk": opportunity.pk}),
    )


KIND = EvidenceKind(
    key="synergy",
    label=gettext_lazy("synergy opportunity"),
    help=gettext_lazy("Synergy: the number of an opportunity of the synergies pages (e.g. 12)."),
    resolve=resolve,
)
