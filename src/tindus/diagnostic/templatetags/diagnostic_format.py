"""Formatting of the diagnostic's figures, once for every page and export: by unit, "s" for secrecy."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()

SECRET = "s"


@register.filter
def stat(value, unit: str = "") -> str:
    """A figure as a reader sees it: shares and rates as percentages, counts with digit grouping,
    indices with two decimals, « s » when statistical secrecy withholds it, « — » when undefined."""
    if value == SECRET:
        return SECRET
    if value is None or value == "":
        return "—"
    if unit == "share":
        return f"{number_format(value * 100, 1)} %"
    if unit == "rate":
        return f"{number_format(value * 100, 2)} %"
    if unit == "index":
        return number_format(value, 2)
    if unit in ("jobs", "establishments", "years", "rank"):
        return number_format(round(value), 0, force_grouping=True)
    return number_format(value, 1, force_grouping=True)
