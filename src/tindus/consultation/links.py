"""Employees' answer links: one more per company, its segments prefilled from SIRENE, and QR codes.

A link made for a company carries the sector, size class and EPCI of its establishment (from the
warehouse, as for leaders' invitations), so its employees' answers are counted in those segments
without asking them. The QR code is printed on posters in workshops and break rooms.
"""

from __future__ import annotations

import io

import segno
from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.identifiers import siret_valid
from tindus.territories.models import Territory
from tindus.warehouse.queries import ListedEstablishment, WarehouseUnavailableError, establishments_by_siret
from tindus.warehouse.services import get_warehouse

# The same checks and segments as leaders' invitations, so that both speak the same language.
from .invitations import check_siret, segments_of, territory_communes
from .models import Campaign, CampaignLink
from .services import new_token

QR_ERROR = "m"  # 15 % of the code may be damaged or covered (a poster in a workshop)


class LinkForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=200,
        help_text=gettext_lazy("Shown to the employees who open the link, e.g. the company's name."),
    )
    siret = forms.CharField(
        label=gettext_lazy("SIRET of the company"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Optional: its sector, size and EPCI then come from SIRENE."),
    )

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.establishment: ListedEstablishment | None = None

    def clean_siret(self) -> str:
        siret = self.cleaned_data["siret"].replace(" ", "")
        if not siret:
            return ""
        found = {}
        if len(siret) == 14 and siret_valid(siret):
            try:
                found = establishments_by_siret(get_warehouse(), [siret])
            except WarehouseUnavailableError:
                raise forms.ValidationError(_("The warehouse holds no SIRENE data yet: import it first.")) from None
        problem = check_siret(siret, found, territory_communes(self.territory))
        if problem:
            raise forms.ValidationError(problem)
        self.establishment = found[siret]
        return siret


@transaction.atomic
def create_link(campaign: Campaign, label: str, establishment: ListedEstablishment | None = None) -> CampaignLink:
    segments = segments_of([establishment])(establishment) if establishment else {}
    return CampaignLink.objects.create(campaign=campaign, token=new_token(), label=label, segments=segments)


def qr_code(url: str) -> segno.QRCode:
    """A regular QR code (never a Micro QR, which few phones read)."""
    return segno.make_qr(url, error=QR_ERROR)


def qr_image(url: str, kind: str, title: str = "") -> bytes:
    """The QR code of ``url`` as an SVG (scalable, for posters) or a PNG, with the quiet zone around it."""
    out = io.BytesIO()
    if kind == "png":
        qr_code(url).save(out, kind="png", scale=10, border=4)
    else:
        qr_code(url).save(out, kind="svg", scale=10, border=4, omitsize=True, title=title or None, encoding="utf-8")
    return out.getvalue()
