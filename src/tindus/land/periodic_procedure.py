"""The six-year refresh of the inventory: a notice on the land pages, and a daily reminder to the team.

The law asks for the inventory to be refreshed at least every six years after its adoption. Six months before
that date (or once it has passed), the territory's team members are emailed once, through the platform's own
mail server, and :attr:`Adoption.reminded_on` records it; the pages show the notice from then on, whether or
not the mail went. A territory with zones but nothing adopted after the first legal deadline (24 August 2023)
is shown a notice too. :func:`refresh_notice` is what the land pages call.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tindus.accounts.models import Membership, Role
from tindus.jobs.periodic import periodic
from tindus.territories.models import Territory

from .compute.procedure import FIRST_DEADLINE
from .letters import long_date
from .models import Adoption

logger = logging.getLogger("tindus.land")
REMIND_MONTHS = 6


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it is shorter: 31 August → 28 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def reminder_from(adoption: Adoption) -> dt.date:
    return months_before(adoption.refresh_due, REMIND_MONTHS)


@dataclass(frozen=True)
class RefreshNotice:
    kind: str  # "refresh soon", "refresh overdue", "not adopted"
    due: dt.date
    adoption: Adoption | None = None

    @property
    def text(self) -> str:
        if self.kind == "not adopted":
            return _(
                "The inventory of economic activity zones is not adopted yet: the law asked for it by %(due)s."
            ) % {"due": long_date(self.due)}
        if self.kind == "refresh overdue":
            return _("The inventory adopted on %(adopted)s had to be refreshed by %(due)s (every six years).") % {
                "adopted": long_date(self.adoption.adopted_on),
                "due": long_date(self.due),
            }
        return _(
            "The inventory adopted on %(adopted)s is to be refreshed by %(due)s (every six years): start the "
            "consultation of owners and occupants in good time."
        ) % {"adopted": long_date(self.adoption.adopted_on), "due": long_date(self.due)}


def refresh_notice(territory: Territory, today: dt.date | None = None) -> RefreshNotice | None:
    """What the territory's land pages should warn about the procedure's deadlines, if anything."""
    today = today or timezone.localdate()
    adoption = territory.land_adoptions.first()
    if adoption is None:
        if today > FIRST_DEADLINE and territory.land_zones.exists():
            return RefreshNotice("not adopted", FIRST_DEADLINE)
        return None
    if today >= adoption.refresh_due:
        return RefreshNotice("refresh overdue", adoption.refresh_due, adoption)
    if today >= reminder_from(adoption):
        return RefreshNotice("refresh soon", adoption.refresh_due, adoption)
    return None


def due_reminders(today: dt.date) -> list[Adoption]:
    """Each territory's latest adoption whose refresh is within six months or overdue, not reminded yet."""
    latest = Adoption.objects.filter(territory=OuterRef("territory")).order_by("-adopted_on", "-pk").values("pk")[:1]
    candidates = Adoption.objects.filter(pk=Subquery(latest), reminded_on__isnull=True).select_related("territory")
    return [adoption for adoption in candidates if today >= reminder_from(adoption)]


def team_emails(territory: Territory) -> list[str]:
    emails = Membership.objects.filter(territory=territory, role=Role.TEAM, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return sorted({email for email in emails if email})


def send_reminder(adoption: Adoption, today: dt.date) -> int:
    """Email the territory's team, then record the reminder; the number of people emailed."""
    territory = adoption.territory
    recipients = team_emails(territory)
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            notice = refresh_notice(territory, today)
            subject = _("%(territory)s: refresh of the inventory of economic activity zones") % {
                "territory": territory.name
            }
            path = reverse("land:procedure", kwargs={"slug": territory.slug})
            body = "\n\n".join(
                [
                    notice.text if notice else "",
                    _("The procedure's page in Tindus: %(path)s") % {"path": path},
                ]
            )
        send_mail(subject, body + "\n", None, recipients)
    Adoption.objects.filter(pk=adoption.pk, reminded_on__isnull=True).update(reminded_on=today)
    return len(recipients)


def remind_refreshes(today: dt.date | None = None) -> dict[int, int]:
    """Every reminder due: territory id → people emailed. A mail server's failure leaves it for the next run."""
    today = today or timezone.localdate()
    sent: dict[int, int] = {}
    for adoption in due_reminders(today):
        try:
            sent[adoption.territory_id] = send_reminder(adoption, today)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning(
                "Land refresh reminder of territory %s: the mail server failed: %s", adoption.territory_id, error
            )
    return sent


@periodic(every=dt.timedelta(days=1))
@task()
def remind_inventory_refresh() -> dict[str, int]:
    """Daily: the six-year refresh reminders due (sent once per adoption)."""
    sent = remind_refreshes()
    if sent:
        logger.info("Land inventory refresh reminders: %s", sent)
    return {str(pk): n for pk, n in sent.items()}
