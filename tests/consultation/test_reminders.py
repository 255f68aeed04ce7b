"""Automatic reminders: on a campaign's reminder day, the daily task e-mails the invited leaders who have not
answered, once, however often it runs."""

import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.jobs.inprocess import run_queue
from tindus.consultation import tasks
from tindus.consultation.invitations import import_invitations
from tindus.consultation.models import Campaign
from tindus.consultation.reminders import send_due_reminders
from tindus.jobs.periodic import registered

from .conftest import ACIERIE, USINAGE
from .test_invitations import answered

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def audience():
    return "leaders"


@pytest.fixture
def invited(sirene, campaign):
    """Two leaders invited (e-mails sent yesterday), the steelworks has answered; the reminder is today."""
    import_invitations(campaign, f"siret;email\n{USINAGE};dir@usinage.fr\n{ACIERIE};rh@acierie.fr\n".encode())
    campaign.invitations.update(sent_on=TODAY - dt.timedelta(days=1))
    answered(campaign, ACIERIE)
    Campaign.objects.filter(pk=campaign.pk).update(remind_on=TODAY, reminder_site="https://tindus.region.test/")
    campaign.refresh_from_db()
    return campaign


def run_daily_task() -> None:
    tasks.send_due_reminders.enqueue()
    run_queue()


def test_the_daily_task_reminds_those_who_have_not_answered_once(invited):
    assert tasks.send_due_reminders in [p.task for p in registered() if p.every == dt.timedelta(days=1)]
    run_daily_task()
    run_daily_task()
    assert [m.to for m in mail.outbox] == [["dir@usinage.fr"]]
    token = invited.invitations.get(siret=USINAGE).token
    assert f"https://tindus.region.test/consultation/invitation/{token}/" in mail.outbox[0].body
    assert "Relance" in mail.outbox[0].subject
    invited.refresh_from_db()
    assert invited.reminder_sent_on == TODAY
    assert invited.invitations.get(siret=USINAGE).reminded_on == TODAY
    # Recorded: even another day, nothing more.
    assert send_due_reminders(TODAY + dt.timedelta(days=1)) == {}
    assert len(mail.outbox) == 1


def test_nothing_goes_before_the_reminder_day_nor_after_closing(invited):
    Campaign.objects.filter(pk=invited.pk).update(remind_on=TODAY + dt.timedelta(days=2))
    assert send_due_reminders(TODAY) == {} and mail.outbox == []
    assert send_due_reminders(invited.closes_on + dt.timedelta(days=1)) == {} and mail.outbox == []
    assert send_due_reminders(TODAY + dt.timedelta(days=2)) == {invited.pk: 1}


def test_after_a_mail_server_failure_the_next_run_reminds_only_the_others(invited):
    invited.invitations.filter(siret=ACIERIE).update(email="rh@acierie.fr")
    invited.responses.all().delete()  # both to remind
    real_send = EmailMessage.send
    calls = []

    def flaky(message, fail_silently=False):
        calls.append(message.to)
        if len(calls) == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, fail_silently)

    with mock.patch.object(EmailMessage, "send", flaky):
        assert send_due_reminders(TODAY) == {}
    invited.refresh_from_db()
    assert invited.reminder_sent_on is None and len(mail.outbox) == 1
    # The next day, only the one who did not get it.
    assert send_due_reminders(TODAY + dt.timedelta(days=1)) == {invited.pk: 1}
    assert sorted(m.to[0] for m in mail.outbox) == ["dir@usinage.fr", "rh@acierie.fr"]


def campaign_form(**changes):
    data = {"title": "Besoins 2027", "opens_on": TODAY.isoformat(), "audience": "leaders",
            "closes_on": (TODAY + dt.timedelta(days=20)).isoformat(),
            "remind_on": (TODAY + dt.timedelta(days=10)).isoformat()}  # fmt: skip
    return {**data, **changes}


def test_the_team_sets_the_reminder_day_in_the_campaign_form(team_client, auxois):
    address = reverse("consultation_team:campaigns", kwargs={"slug": auxois.slug})
    assert 'name="remind_on"' in team_client.get(address).content.decode()
    response = team_client.post(address, campaign_form())
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Besoins 2027")
    assert campaign.remind_on == TODAY + dt.timedelta(days=10)
    assert campaign.reminder_site == "http://testserver/"
    invitations = reverse("consultation_team:invitations", kwargs={"slug": auxois.slug, "pk": campaign.pk})
    with translation.override("fr"):
        assert date_format(campaign.remind_on) in team_client.get(invitations).content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"remind_on": (TODAY + dt.timedelta(days=30)).isoformat()},
        {"remind_on": (TODAY - dt.timedelta(days=1)).isoformat()},
        {"audience": "employees"},
        {"remind_on": "pas une date"},
    ],
)
def test_a_wrong_reminder_day_is_refused_at_the_field(team_client, auxois, changes):
    address = reverse("consultation_team:campaigns", kwargs={"slug": auxois.slug})
    response = team_client.post(address, campaign_form(**changes))
    assert response.status_code == 400
    assert "remind_on" in response.context["form"].errors
    assert not Campaign.objects.filter(title="Besoins 2027").exists()
