"""The demo's part of the diagnostic: protect the demo warehouse's tables once, at set-up, so that the
first diagnostic page opens at once (a no-op when they are already cached for its state)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tindus.warehouse.services import get_warehouse

from . import data
from .services import protected_tables


def prepare_demo_diagnostic(say=print) -> None:
    warehouse = get_warehouse()
    if not warehouse.path.exists():
        return
    with warehouse.session(read_only=True) as con:
        years = data.years(con)
        if not years:
            return
        protected = protected_tables(con)
        for year in (years[0], years[-1]):  # the default period of every report
            protected.published(year)
    say(_("Statistical secrecy of the demo warehouse: tables protected for %(first)s and %(last)s.")
        % {"first": years[0], "last": years[-1]})  # fmt: skip
