"""Automatic reminders: on a campaign's reminder day, the invited business leaders who have not answered get
one reminder by e-mail, sent by a daily task (:func:`tindus.consultation.tasks.send_due_reminders`).

A campaign's reminder is recorded as sent (``reminder_sent_on``) once every e-mail has gone: the task run
again the same day, or the next day after a mail server's failure, e-mails only those not reminded since
the reminder day, and nobody once it is recorded.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from .invitations import send_invitations
from .models import Campaign, Invitation

logger = logging.getLogger("tindus.consultation")


def due_reminders(today: dt.date) -> QuerySet[Campaign]:
    """Campaigns whose reminder day has come, still open, and whose reminder has not been sent."""
    return Campaign.objects.filter(remind_on__lte=today, closes_on__gte=today, reminder_sent_on__isnull=True)


def send_reminder(campaign: Campaign, today: dt.date) -> int:
    """E-mail the campaign's reminder to the invitations not answered yet, then record it as sent."""
    base = campaign.reminder_site.rstrip("/")

    def answer_url(invitation: Invitation) -> str:
        return base + reverse("consultation:invitation", kwargs={"token": invitation.token})

    sent = send_invitations(campaign, answer_url, reminder=True, today=today, since=campaign.remind_on)
    Campaign.objects.filter(pk=campaign.pk, reminder_sent_on__isnull=True).update(reminder_sent_on=today)
    return sent


def send_due_reminders(today: dt.date | None = None) -> dict[int, int]:
    """Every reminder due today: campaign id → e-mails sent. A campaign whose mail server fails is left for
    the next run (the e-mails that went are not sent again)."""
    today = today or timezone.localdate()
    sent: dict[int, int] = {}
    for campaign in due_reminders(today).select_related("territory"):
        if not campaign.reminder_site:
            logger.warning("Consultation %s: no site address recorded, its reminder cannot be sent.", campaign.pk)
            continue
        try:
            sent[campaign.pk] = send_reminder(campaign, today)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Consultation %s: the mail server failed during the reminder: %s", campaign.pk, error)
    return sent
