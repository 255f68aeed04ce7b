"""``{% table_downloads "table-id" name %}``: the « CSV » and « XLSX » links under a table of the page (in a
loop: ``{% table_downloads "rates-" name suffix=key %}`` for the table ``rates-<key>``).

Each link asks the page itself for that table (:mod:`tindus.core.table_downloads`), keeping the page's
filters and page number, so the file holds what the reader sees. Nothing is shown outside a request (a
standalone export or a PDF made from the same template).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tindus.core.table_downloads import download_query

register = template.Library()

LABELS = (("csv", "CSV"), ("xlsx", "XLSX"))


@register.simple_tag(takes_context=True)
def table_downloads(context: Any, table_id: str, name: str = "", suffix: Any = "") -> SafeString | str:
    """The two links for the table ``<table id=table_id + suffix>`` (``suffix``: a loop's key); ``name`` (its
    caption or heading) names it for screen readers."""
    request = context.get("request")
    if request is None:
        return ""
    table_id = f"{table_id}{suffix}"
    links = format_html_join(
        " · ",
        '<a href="?{}" download aria-label="{}">{}</a>',
        (
            (
                download_query(request.GET, table_id, fmt),
                _("%(format)s: download the table « %(name)s »") % {"format": label, "name": name}
                if name
                else _("%(format)s: download this table") % {"format": label},
                label,
            )
            for fmt, label in LABELS
        ),
    )
    return format_html('<p class="table-downloads">{} {}</p>', _("Download the table:"), links)
