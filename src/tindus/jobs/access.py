"""Who may see a job: the person who started it and the territory's team (and platform administrators).

The views first go through the permission layer (the territory's workspace); this refines it on the job.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tindus.accounts.permissions import Action, has_permission
from tindus.territories.models import Territory

from .models import Job


def sees_all_jobs(user: Any, territory: Territory) -> bool:
    return has_permission(user, Action.EDIT, territory)


def may_see(user: Any, job: Job) -> bool:
    return sees_all_jobs(user, job.territory) or (user.is_authenticated and job.author_id == user.pk)


def visible_jobs(user: Any, territory: Territory) -> QuerySet[Job]:
    # Shared jobs (public documents anyone asked for) are nobody's: they are not listed.
    jobs = Job.objects.filter(territory=territory, shared_key="").select_related("author", "territory")
    if sees_all_jobs(user, territory):
        return jobs
    return jobs.filter(Q(author=user) if user.is_authenticated else Q(pk__in=[]))
