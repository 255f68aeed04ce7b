"""Diagnostic results that an action-plan project can cite as its evidence.

A reference is either a section of the territory's diagnostic (``chiffres-cles``, ``secteurs``…)
or a NAF code (``25.62A``, ``C``…), which points to the sectors table.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.plan.evidence import EvidenceKind, Resolved, UnknownEvidenceError
from tindus.referentials.models import NafItem
from tindus.territories.models import Territory

SECTIONS = {
    "chiffres-cles": ("key-figures", gettext_lazy("Key figures")),
    "comparaison": ("comparison-h", gettext_lazy("Comparison")),
    "secteurs": ("sectors-h", gettext_lazy("Sectors")),
    "secteurs-epci": ("epci-h", gettext_lazy("Sectors by EPCI")),
    "employeurs": ("employers-h", gettext_lazy("Largest employers")),
    "taille": ("size-h", gettext_lazy("Size and demography")),
    "indicateurs": ("all-h", gettext_lazy("All indicators")),
}


def resolve(territory: Territory, reference: str) -> Resolved:
    page = reverse("diagnostic:territory", kwargs={"slug": territory.slug})
    if reference in SECTIONS:
        anchor, label = SECTIONS[reference]
        return Resolved(_("Diagnostic: %(section)s") % {"section": label}, f"{page}#{anchor}")
    naf = NafItem.objects.filter(code=reference.upper()).first()
    if naf is None:
        raise UnknownEvidenceError(
            _("« %(ref)s » is neither a section of the diagnostic (%(sections)s) nor a NAF code.")
            % {"ref": reference, "sections": ", ".join(SECTIONS)}
        )
    return Resolved(
        _("Diagnostic, sector %(code)s %(label)s") % {"code": naf.code, "label": naf.label}, f"{page}#sectors-h"
    )


KIND = EvidenceKind(
    key="diagnostic",
    label=gettext_lazy("diagnostic indicator"),
    help=gettext_lazy("Diagnostic: a section (chiffres-cles, secteurs, employeurs…) or a NAF code (25.62A)."),
    resolve=resolve,
)
