"""The demo's part of the diagnostic: protect the demo warehouse's tables once, at set-up, so that the
first diagnostic page opens at once (a no-op when they are already cached for its state)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tindus.warehouse.services import get_warehouse

from . import data
from .preparation import prepare_protection


def prepare_demo_diagnostic(say=print) -> None:
    if get_warehouse().version() is None:
        return
    prepare_protection()
    with get_warehouse().session(read_only=True) as con:
        years = data.years(con)
    if years:
        say(_("Statistical secrecy of the demo warehouse: tables protected for %(first)s and %(last)s.")
            % {"first": years[0], "last": years[-1]})  # fmt: skip
