"""The events' background tasks: meeting requests nobody answered in time expire."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from tindus.jobs.periodic import periodic

from .meeting_requests import expire_requests

logger = logging.getLogger("tindus.events")


@periodic(every=dt.timedelta(hours=1))
@task()
def expire_meeting_requests() -> int:
    """Hourly: the pending requests past their expiry become expired (pages apply it too when they read)."""
    expired = expire_requests()
    if expired:
        logger.info("Meeting requests expired: %s", expired)
    return expired
