"""The land module's sub-navigation: its sections the user may open."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tindus.accounts.permissions import may_open

register = template.Library()

SECTIONS = [
    ("land:home", _("Overview")),
    ("land:map", _("Map")),
    ("land:zones", _("Zones and land units")),
    ("land:procedure", _("Legal procedure")),
    ("land:brownfields", _("Brownfields")),
    ("land:offers", _("Plots and premises")),
    ("land:needs", _("Companies' needs")),
    ("land:matches", _("Matches")),
    ("land:standard", _("Import and export")),
]


@register.simple_tag(takes_context=True)
def land_sections(context: dict[str, Any], slug: str) -> list[tuple[str, str]]:
    """(URL, title) of each section the user may open."""
    out = []
    for name, title in SECTIONS:
        try:
            url = reverse(name, kwargs={"slug": slug})
        except NoReverseMatch:
            continue
        if may_open(context["request"].user, url):
            out.append((url, str(title)))
    return out
