"""The API's periodic task: forget the rate-limit counters of windows that are over."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from tindus.jobs.periodic import periodic

from .ratelimit import forget_past_windows


@periodic(every=dt.timedelta(hours=1))
@task()
def forget_rate_windows() -> int:
    return forget_past_windows()
