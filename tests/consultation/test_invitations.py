import datetime as dt
import re
import smtplib
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage
from django.urls import reverse

from tests.factories import siret
from tests.jobs.inprocess import run_job, run_queue, started_job
from tindus.consultation.invitations import InvitationError, import_invitations, response_rates, send_invitations
from tindus.consultation.models import Campaign, Draft, Invitation, Response
from tindus.jobs.models import Job

from .conftest import ACIERIE, BOULANGERIE, PONTARLIER, USINAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience():
    """Companies are invited to the business leaders' consultation."""
    return "leaders"


def answered(campaign, number):
    Response.objects.create(campaign=campaign, version=campaign.questionnaire.current_version(), answers={},
                            segments={}, submission_key=uuid.uuid4(), submitted_on=dt.date.today(),
                            invitation=campaign.invitations.get(siret=number))  # fmt: skip


def page(campaign):
    return reverse("consultation_team:invitations", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk})


def test_the_team_invites_from_sirene_with_filters(team_client, sirene, campaign):
    response = team_client.post(page(campaign), {"action": "warehouse", "naf_prefix": "25", "employers_only": "on"})
    assert response.status_code == 302
    # Only the employer in the territory with a NAF code starting with 25.
    (invitation,) = campaign.invitations.all()
    assert invitation.siret == USINAGE and invitation.name == "USINAGE DE MONTBARD"
    assert invitation.segments["size"] == "10 à 49 salariés"
    assert invitation.segments["a17"].startswith("C5")
    assert invitation.segments["commune"] == "21425"
    # The whole territory, employers only; the one already invited keeps its token.
    token = invitation.token
    team_client.post(page(campaign), {"action": "warehouse", "employers_only": "on"})
    assert set(campaign.invitations.values_list("siret", flat=True)) == {USINAGE, ACIERIE, BOULANGERIE}
    assert campaign.invitations.get(siret=USINAGE).token == token
    assert len(set(campaign.invitations.values_list("token", flat=True))) == 3
    # By size class and commune.
    other = Campaign.objects.create(territory=campaign.territory, questionnaire=campaign.questionnaire, title="B",
                                    opens_on=campaign.opens_on, closes_on=campaign.closes_on)  # fmt: skip
    team_client.post(page(other), {"action": "warehouse", "size": "250 salariés ou plus", "commune": "21425"})
    assert list(other.invitations.values_list("siret", flat=True)) == [ACIERIE]


def test_bad_filters_are_refused_at_the_field(team_client, sirene, campaign):
    response = team_client.post(page(campaign), {"action": "warehouse", "naf_prefix": "métal", "epci": "999"})
    assert response.status_code == 400
    errors = response.context["warehouse_form"].errors
    assert "naf_prefix" in errors and "epci" in errors
    assert not campaign.invitations.exists()


def test_one_establishment_by_hand_is_checked(team_client, sirene, campaign):
    cases = [
        (PONTARLIER, "n'est pas dans le territoire"),
        (USINAGE[:-1] + str((int(USINAGE[-1]) + 1) % 10), "Luhn"),
        (siret("1999999900001"), "SIRENE"),
        ("123", "14 chiffres"),
    ]
    for number, reason in cases:
        response = team_client.post(page(campaign), {"action": "add", "siret": number, "email": ""})
        assert response.status_code == 400
        assert reason in response.context["invite_form"].errors["siret"][0], number
    assert not campaign.invitations.exists()
    response = team_client.post(page(campaign), {"action": "add", "siret": USINAGE, "email": "dir@usinage.fr"})
    assert response.status_code == 302
    assert campaign.invitations.get().email == "dir@usinage.fr"


def test_a_csv_import_is_all_or_nothing_with_line_numbers(sirene, campaign):
    bad = (f"siret;email\n{USINAGE};dir@usinage.fr\n{PONTARLIER};a@b.fr\n{ACIERIE};pas-une-adresse\n"
           f"{USINAGE};\n").encode()  # fmt: skip
    with pytest.raises(InvitationError) as error:
        import_invitations(campaign, bad)
    lines = {line for line, _reason in error.value.problems}
    assert lines == {2, 3, 4, 5}
    assert any("pas-une-adresse" in reason for line, reason in error.value.problems if line == 4)
    assert not campaign.invitations.exists()
    with pytest.raises(InvitationError) as error:
        import_invitations(campaign, b"siret,email\n\xe9t\xe9\n")
    assert "UTF-8" in error.value.problems[0][1]
    with pytest.raises(InvitationError):
        import_invitations(campaign, b"numero;courriel\n123;a@b.fr\n")
    good = f"SIRET,Email\n{USINAGE},dir@usinage.fr\n{BOULANGERIE},\n".encode()
    assert len(import_invitations(campaign, good)) == 2
    assert campaign.invitations.get(siret=USINAGE).email == "dir@usinage.fr"


def test_the_import_page_names_the_file_and_line(team_client, sirene, campaign):
    upload = SimpleUploadedFile("entreprises.csv", f"siret;email\n{PONTARLIER};a@b.fr\n".encode())
    response = team_client.post(page(campaign), {"action": "import", "file": upload}, follow=True)
    text = response.content.decode()
    assert response.status_code == 400 and "entreprises.csv, ligne 2" in text and "Rien n&#x27;a été ajouté" in text
    assert not campaign.invitations.exists()


def test_invitations_and_reminders_are_emailed_once(team_client, sirene, campaign):
    import_invitations(campaign, f"siret;email\n{USINAGE};dir@usinage.fr\n{ACIERIE};rh@acierie.fr\n"
                                 f"{BOULANGERIE};\n".encode())  # fmt: skip
    job = started_job(team_client.post(page(campaign), {"action": "send"}))
    assert not mail.outbox  # the page answered at once: the worker sends them
    job = run_job_now(job)
    assert job.summary == "2 e-mails envoyés." and job.result_url == page(campaign)
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["dir@usinage.fr", "rh@acierie.fr"]
    message = next(m for m in mail.outbox if m.to == ["dir@usinage.fr"])
    token = campaign.invitations.get(siret=USINAGE).token
    # The link is absolute, made from the address the team used (the worker has no request).
    assert f"http://testserver/consultation/invitation/{token}/" in message.body
    assert "USINAGE DE MONTBARD" in message.body
    response = team_client.post(page(campaign), {"action": "send"}, follow=True)
    assert len(mail.outbox) == 2 and Job.objects.count() == 1  # nothing to send twice: no job
    assert "Aucune invitation à envoyer." in response.content.decode()
    # The steelworks answers; the reminder goes to the machining shop only, once a day.
    answered(campaign, ACIERIE)
    run_job(team_client.post(page(campaign), {"action": "remind"}))
    assert [m.to for m in mail.outbox[2:]] == [["dir@usinage.fr"]] and "Relance" in mail.outbox[2].subject
    team_client.post(page(campaign), {"action": "remind"})
    assert len(mail.outbox) == 3 and Job.objects.count() == 2
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert send_invitations(campaign, lambda i: "https://x/", reminder=True, today=tomorrow) == 1
    text = team_client.get(page(campaign)).content.decode()
    assert "relancé le" in text and "répondu" in text


def run_job_now(job):
    run_queue()
    job.refresh_from_db()
    return job


def test_a_mail_server_failure_says_how_many_were_sent_and_sending_again_sends_the_others(
    team_client, sirene, campaign, settings
):
    import_invitations(campaign, f"siret;email\n{USINAGE};dir@usinage.fr\n{ACIERIE};rh@acierie.fr\n".encode())
    real_send = EmailMessage.send
    calls = []

    def flaky(message, fail_silently=False):
        calls.append(message.to)
        if len(calls) == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, fail_silently)

    with mock.patch.object(EmailMessage, "send", flaky):
        job = run_job(team_client.post(page(campaign), {"action": "send"}))
    assert job.status == "failed" and len(mail.outbox) == 1
    assert job.error.startswith("Le serveur de messagerie a refusé un e-mail ou n'a pu être joint : 1 sur 2 e-mails")
    job = run_job(team_client.post(page(campaign), {"action": "send"}))
    assert job.status == "succeeded" and job.summary == "1 e-mail envoyé."
    assert sorted(m.to[0] for m in mail.outbox) == ["dir@usinage.fr", "rh@acierie.fr"]  # each once


def test_a_campaign_deleted_before_its_emails_fails_clearly(team_client, sirene, campaign):
    import_invitations(campaign, f"siret;email\n{USINAGE};dir@usinage.fr\n".encode())
    job = started_job(team_client.post(page(campaign), {"action": "send"}))
    campaign.delete()
    job = run_job_now(job)
    assert job.status == "failed" and "n'existe plus" in job.error and not mail.outbox


def test_response_rates_by_segment(sirene, campaign):
    import_invitations(campaign, f"siret\n{USINAGE}\n{ACIERIE}\n{BOULANGERIE}\n".encode())
    answered(campaign, USINAGE)
    rates = response_rates(campaign)
    by_size = {r.value: (r.invited, r.answered) for r in rates["size"]}
    assert by_size == {"10 à 49 salariés": (1, 1), "250 salariés ou plus": (1, 0), "1 à 9 salariés": (1, 0)}
    assert sum(r.invited for r in rates["a17"]) == 3 and sum(r.answered for r in rates["a17"]) == 1
    # Montbard (CC du Montbardois) and Semur-en-Auxois (CC des Terres d'Auxois).
    assert [(r.invited, r.answered) for r in rates["epci"]] == [(2, 1), (1, 0)]
    assert rates["epci"][0].value == "CC du Montbardois" and rates["epci"][0].percent == 50


def answer_form(client, url):
    html = client.get(url).content.decode()
    return html, {
        "version": re.search(r'name="version" value="(\d+)"', html).group(1),
        "submission_key": re.search(r'name="submission_key" value="([0-9a-f-]+)"', html).group(1),
    }


LEADER = {"q-recrute": "forte", "q-metiers": "H2903", "q-consentement": "oui", "q-offre": "locaux ou terrains"}


def test_a_leader_answers_once_with_sirene_segments_and_a_draft(client, sirene, campaign):
    (invitation,) = import_invitations(campaign, f"siret\n{USINAGE}\n".encode())
    url = reverse("consultation:invitation", kwargs={"token": invitation.token})
    html, hidden = answer_form(client, url)
    assert "USINAGE DE MONTBARD" in html and "10 à 49 salariés" in html
    client.post(url, {**hidden, "q-recrute": "forte", "action": "draft"})
    assert Draft.objects.count() == 1
    html, hidden = answer_form(client.__class__(), url)  # another device: the draft follows the invitation
    assert 'value="forte" checked' in html
    response = client.post(url, {**hidden, **LEADER, "action": "submit"})
    assert response.status_code == 302
    answer = Response.objects.get()
    assert answer.invitation == invitation and not answer.entered_by_staff
    assert answer.segments["size"] == "10 à 49 salariés" and answer.segments["audience"] == "leaders"
    assert not Draft.objects.exists()
    again = client.post(url, {**hidden, **LEADER, "action": "submit"}, follow=True)
    assert Response.objects.count() == 1 and "déjà" in again.content.decode()
    assert "déjà" in client.get(url).content.decode()


def test_unknown_invitation_and_closed_campaign(client, sirene, campaign):
    assert client.get(reverse("consultation:invitation", kwargs={"token": "inconnu"})).status_code == 404
    (invitation,) = import_invitations(campaign, f"siret\n{USINAGE}\n".encode())
    url = reverse("consultation:invitation", kwargs={"token": invitation.token})
    html, hidden = answer_form(client, url)
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=dt.date.today() - dt.timedelta(days=1))
    assert client.post(url, {**hidden, **LEADER, "action": "submit"}).status_code == 410
    assert not Response.objects.exists()


def test_the_team_enters_a_paper_answer(team_client, sirene, campaign):
    (invitation,) = import_invitations(campaign, f"siret\n{ACIERIE}\n".encode())
    url = reverse("consultation_team:staff_entry", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk})
    url += f"?invitation={invitation.pk}"
    html, hidden = answer_form(team_client, url)
    assert "saisie par l'équipe" in html and 'value="draft"' not in html
    response = team_client.post(url, {**hidden, **LEADER, "q-recrute": ""})
    assert response.status_code == 400 and not Response.objects.exists()
    response = team_client.post(url, {**hidden, **LEADER, "action": "submit"})
    assert response.status_code == 302 and response["Location"] == page(campaign)
    answer = Response.objects.get()
    assert answer.invitation == invitation and answer.entered_by_staff
    # It cannot be entered twice, nor the invitation withdrawn.
    assert team_client.get(url).status_code == 302
    delete = withdraw_url(campaign, invitation)
    team_client.post(delete)
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def withdraw_url(campaign, invitation):
    kwargs = {"slug": campaign.territory.slug, "pk": campaign.pk, "invitation": invitation.pk}
    return reverse("consultation_team:invitation_delete", kwargs=kwargs)


def test_withdrawing_an_invitation_not_answered(team_client, sirene, campaign):
    (invitation,) = import_invitations(campaign, f"siret\n{USINAGE}\n".encode())
    delete = withdraw_url(campaign, invitation)
    team_client.get(delete)
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    team_client.post(delete)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
