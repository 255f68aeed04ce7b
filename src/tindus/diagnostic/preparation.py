"""Statistical secrecy prepared ahead: the protected tables of the warehouse's current state, computed by a
task of the queue (or at the demo's set-up) so that no reader waits for them on a diagnostic page.

Reports compute what they miss on demand (the first page after an import would then take as long as
the protection); the periodic task ``tindus.diagnostic.tasks.prepare_secrecy`` computes them as soon as
a new warehouse state appears, for the default period of every report (the first and last years).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from tindus.warehouse.services import get_warehouse

from . import data
from .services import protected_tables

logger = logging.getLogger("tindus.diagnostic")


def prepare_protection(say: Callable[[str], None] | None = None) -> dict:
    """Protect the tables of the current warehouse state for the default period, if not done yet.

    Returns the state and the years computed now (none when they were ready, or without URSSAF data).
    """
    warehouse = get_warehouse()
    if warehouse.version() is None:
        return {"state": None, "computed": []}
    with warehouse.session(read_only=True) as con:
        try:
            years = data.years(con)
        except Exception:  # noqa: BLE001 - a warehouse without its employment table yet
            years = []
        if not years:
            return {"state": None, "computed": []}
        protected = protected_tables(con)
        computed = []
        for year in sorted({years[0], years[-1]}):
            if not protected.ready(year):
                if say:
                    say(str(year))
                protected.published(year)
                computed.append(year)
    if computed:
        logger.info("Statistical secrecy: tables of state %s protected for %s", protected.state, computed)
    return {"state": protected.state, "computed": computed}
