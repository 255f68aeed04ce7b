"""Cells and tables of the steering's pages, formatted for the reader, with their raw value for downloads.

A figure a territory withholds reads « non partagé », never 0; a figure with nothing to measure reads « — ».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .indicators import COUNT, EUROS, NOT_SHARED, SHARE, TONNES
from .models import Level


@dataclass(frozen=True)
class Cell:
    text: str
    value: str | None = None  # the number a downloaded table holds (data-value), in the page's language
    href: str = ""
    muted: bool = False  # « non partagé », « — »: not a figure


@dataclass
class Table:
    id: str  # unique on its page, stable: the download links name it
    title: str
    header: list[str]
    rows: list[list[Cell]]
    foot: list[list[Cell]] = field(default_factory=list)
    empty: str = ""  # said instead of the table when it has no row

    def body_html(self) -> list[SafeString]:
        """Each row as HTML (a page of 183 territories has thousands of cells: built here, not by the template
        engine cell by cell)."""
        return [row_html(row) for row in self.rows]

    def foot_html(self) -> list[SafeString]:
        return [row_html(row) for row in self.foot]


def row_html(row: list[Cell]) -> SafeString:
    """``<tr>``: the first cell a row header, the others with their raw value in ``data-value`` for downloads."""
    out = ["<tr>"]
    for index, cell in enumerate(row):
        content = escape(cell.text)
        if cell.href:
            content = f'<a href="{escape(cell.href)}">{content}</a>'
        if index == 0:
            out.append(f'<th scope="row">{content}</th>')
            continue
        value = "" if cell.value is None else f' data-value="{escape(cell.value)}"'
        muted = ' class="muted"' if cell.muted else ""
        out.append(f"<td{value}{muted}>{content}</td>")
    out.append("</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every text and attribute escaped above


def not_shared() -> Cell:
    return Cell(_("not shared"), muted=True)


def nothing() -> Cell:
    return Cell("—", muted=True)


def text(value: str, href: str = "") -> Cell:
    return Cell(value, href=href)


def count(value: int | None) -> Cell:
    if value is None:
        return nothing()
    return Cell(formats.number_format(value, 0, force_grouping=True), formats.number_format(value, 0))


def share(value: float | None) -> Cell:
    if value is None:
        return nothing()
    percent = round(value * 100, 1)  # Django's number_format cuts the digits off, it does not round
    return Cell(f"{formats.number_format(percent, 1)} %", formats.number_format(percent, 1))


def euros(value: Decimal | None) -> Cell:
    if value is None:
        return nothing()
    rounded = round(Decimal(value))
    return Cell(f"{formats.number_format(rounded, 0, force_grouping=True)} €", formats.number_format(rounded, 0))


def tonnes(value: float | None) -> Cell:
    if value is None:
        return nothing()
    value = round(value, 1)
    return Cell(formats.number_format(value, 1, force_grouping=True), formats.number_format(value, 1))


def day(value: dt.date | dt.datetime | None) -> Cell:
    if value is None:
        return nothing()
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return Cell(formats.date_format(value, "SHORT_DATE_FORMAT"), value.isoformat())


def figure(value: Any, unit: str) -> Cell:
    """An indicator's value as a cell, whatever its unit."""
    if value == NOT_SHARED:
        return not_shared()
    return {SHARE: share, COUNT: count, EUROS: euros, TONNES: tonnes}[unit](value)


def level(value: str, public_only: bool = False) -> Cell:
    """What a territory shares of one kind of content."""
    if value == Level.NOTHING:
        return Cell(_("public content only"), muted=True) if public_only else not_shared()
    return Cell(_("detailed") if value == Level.DETAILED else _("aggregated"))


def sharing_count(sharing: int, territories: int) -> Cell:
    """« 3 / 4 »: how many territories of a group share this kind of content."""
    if not territories:
        return nothing()
    return Cell(f"{sharing} / {territories}")
