"""Employment figures that an action-plan project can cite as its evidence: a BMO job of the territory's
needs table (reference: its FAP 2021 code, ``I2X80``), pointing to the job's page with its figures, its
training sessions and its gap."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.plan.evidence import EvidenceKind, Resolved, UnknownEvidenceError
from tindus.territories.models import Territory

from .reference import fap2021


def resolve(territory: Territory, reference: str) -> Resolved:
    code = reference.strip().upper()
    label = fap2021().labels["228"].get(code)
    if label is None:
        raise UnknownEvidenceError(
            _("« %(ref)s » is not a BMO job code (FAP 2021, such as I2X80).") % {"ref": reference}
        )
    return Resolved(
        _("Employment and training: %(code)s %(label)s (needs, training nearby, gap)") % {"code": code, "label": label},
        reverse("employment:job", kwargs={"slug": territory.slug, "job": code}),
    )


KIND = EvidenceKind(
    key="employment",
    label=gettext_lazy("employment and training need"),
    help=gettext_lazy("Employment: the code of a BMO job of the needs table (e.g. I2X80)."),
    resolve=resolve,
)
