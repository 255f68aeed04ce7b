"""The history as rows a committee reads (see :mod:`tindus.core.history_display`)."""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from django import template

from tindus.core.history_display import Row, describe

register = template.Library()


@register.simple_tag
def history_rows(entries: Iterable[LogEntry]) -> list[Row]:
    """``{% history_rows entries as rows %}``: the entries of a page (or a slice) as readable rows."""
    return describe(entries)
