"""Filters of the employment pages: a BMO figure (« at least N » with masked parts), a share, a tension."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from tindus.employment.compute.figures import Figure

register = template.Library()


@register.filter
def figure(value: Figure | None) -> str:
    """« 1 234 », « au moins 1 234 » (a masked part) or « masqué » (only masked parts)."""
    if value is None:
        return "—"
    return value.render(gettext)


@register.filter
def percent(value: float | None) -> str:
    """A fraction as a rounded French percentage, « — » when not computable."""
    if value is None:
        return "—"
    return f"{round(value * 100)}\u202f%"


@register.filter
def signed(value: float | None) -> str:
    """A tension index with its sign and a decimal comma."""
    if value is None:
        return "—"
    return f"{value:+.2f}".replace(".", ",").replace("-", "−")
