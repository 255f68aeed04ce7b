"""The follow-up of a territory's opportunities as a workbook for the committee: one line per
opportunity with its status and impact, and a first line saying where the figures come from."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from tindus.core.tables import Sheet, to_xlsx
from tindus.territories.models import Territory

from .territory_impacts import factor_rows, impact_of
from .visibility import Disclosure


def workbook(territory: Territory, *, editor: bool) -> bytes:
    """The workbook as a viewer may read it: ``editor`` (the team) sees every company's name, anybody else
    an anonymous company's pseudonym and a title that does not name it (:mod:`.visibility`). Plain
    arguments, so that a background job can build it for the one who asked."""
    factors = factor_rows(territory)
    items = list(territory.synergy_opportunities.order_by("pk"))
    disclosure = Disclosure.of(territory, editor=editor, shown=items)
    synthetic = any(o.synthetic for o in items)
    source = _("Source: opportunities followed by the team of %(name)s in Tindus, exported on %(date)s; impacts "
               "computed with the territory's emission factors (each with its source on the impact page).") % {
        "name": territory.name, "date": dt.date.today().isoformat()}  # fmt: skip
    headers = [_("Opportunity no."), _("Title"), _("Kind"), _("Category"), _("Status"), _("Reason"), _("Companies"),
               _("Score"), _("Tonnes per year"), _("Tonnes diverted"), _("t CO2e avoided"), _("Euros saved"),
               _("Not counted"), _("Factors used"), _("Synthetic")]  # fmt: skip
    rows = []
    for o in items:
        result = impact_of(o, factors)
        rows.append([
            o.pk, disclosure.title(o), o.get_kind_display(), o.get_category_display(), o.get_status_display(),
            o.get_abandon_reason_display() if o.abandon_reason else "",
            ", ".join(c["name"] for c in disclosure.companies(o)),
            round(o.score, 3), o.tonnes_per_year, round(result.tonnes_diverted, 1) if result else None,
            round(result.co2e_avoided_t, 2) if result else None, round(result.euros_saved) if result else None,
            "; ".join(result.missing) if result else "",
            "; ".join(f"{f.label_fr} ({f.source}, {f.vintage})" for f in result.factors_used) if result else "",
            _("yes") if o.synthetic else _("no"),
        ])  # fmt: skip
    note = source + (" " + _("Synthetic demonstration data.") if synthetic else "")
    return to_xlsx([Sheet(_("Opportunities"), headers, rows)], note)
