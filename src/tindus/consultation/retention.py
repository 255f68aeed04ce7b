"""How long a consultation keeps personal data: ``TINDUS_CONSULTATION_RETENTION_DAYS`` days after a
campaign closes, the daily purge deletes its invitations (each establishment's name, SIRET, e-mail and
personal link) and its unfinished drafts.

Business leaders' answers stay, for the study's results, but no longer linked to their establishment
(their sector, size class, EPCI and commune remain, as the results show them). Employees' answers are
anonymous from the start (no identity, no link to the respondent's token) and are not touched.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Campaign, Draft, Invitation


def purge_personal_data(today: dt.date | None = None) -> dict[str, int]:
    """Delete the personal data of the campaigns closed for longer than the retention; how many of each."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.TINDUS_CONSULTATION_RETENTION_DAYS)
    closed = Campaign.objects.filter(closes_on__lt=cutoff)
    with transaction.atomic():
        invitations, _detail = Invitation.objects.filter(campaign__in=closed).delete()
        drafts, _detail = Draft.objects.filter(campaign__in=closed).delete()
    return {"campaigns": closed.count(), "invitations": invitations, "drafts": drafts}
