"""A territory team adds people with a role; invitations and password resets go by email."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import MembershipFactory
from tests.jobs.inprocess import run_queue
from tindus.accounts.models import Membership
from tindus.accounts.tasks import send_member_invitation
from tindus.jobs.api import job_url
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(haut_doubs):
    """The team of these tests is Haut-Doubs Horloger's."""
    return haut_doubs


def members_url(territory):
    return reverse("accounts:members", kwargs={"slug": territory.slug})


def test_adding_a_new_person_sends_an_invitation_that_sets_a_password(team_client, haut_doubs, client):
    response = team_client.post(
        members_url(haut_doubs),
        {"email": "Elue@Mairie.test", "first_name": "Anne", "last_name": "Élue", "role": "committee"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="elue@mairie.test")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, territory=haut_doubs, role="committee").exists()
    # The member is there at once; the e-mail goes from the task worker, followed from the members page.
    assert mail.outbox == []
    job = Job.objects.get(task_path=send_member_invitation.module_path)
    page = team_client.get(response["Location"])
    assert "elue@mairie.test" in page.content.decode() and job_url(job) in page.content.decode()
    run_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert "elue@mairie.test" in job.summary
    assert len(mail.outbox) == 1 and "Haut-Doubs Horloger" in mail.outbox[0].body
    assert mail.outbox[0].to == ["elue@mairie.test"]
    link = re.search(r"http://testserver(/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Horlogerie-de-Morteau-2026", "new_password2": "Horlogerie-de-Morteau-2026"},
    )
    assert response.status_code == 302
    assert client.login(username=user.username, password="Horlogerie-de-Morteau-2026")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "x@y.test", "role": "company", "company_siret": ""}, "company_siret"),
        ({"email": "x@y.test", "role": "company", "company_siret": "90000000100008"}, "company_siret"),
        ({"email": "x@y.test", "role": "company", "company_siret": "1234"}, "company_siret"),
        ({"email": "x@y.test", "role": "partner", "company_siret": "90000000100009"}, "company_siret"),
        ({"email": "pas-un-email", "role": "partner"}, "email"),
        ({"email": "x@y.test", "role": "chef"}, "role"),
    ],
)
def test_bad_member_input_is_refused_at_the_field(team_client, haut_doubs, data, field):
    before = (User.objects.count(), Membership.objects.count())
    response = team_client.post(members_url(haut_doubs), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert (User.objects.count(), Membership.objects.count()) == before
    assert mail.outbox == []


def test_same_role_twice_is_refused(team_client, haut_doubs):
    existing = MembershipFactory(territory=haut_doubs, role="partner")
    response = team_client.post(members_url(haut_doubs), {"email": existing.user.email, "role": "partner"})
    assert "email" in response.context["form"].errors


def test_password_reset_mail_uses_the_namespaced_link(client, haut_doubs):
    user = MembershipFactory(territory=haut_doubs).user
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert re.search(r"/mot-de-passe/[^/]+/[^/]+/", mail.outbox[0].body)


def test_an_existing_account_is_added_without_invitation(team_client, haut_doubs):
    user = MembershipFactory(role="partner").user
    user.last_login = user.date_joined
    user.save()
    response = team_client.post(members_url(haut_doubs), {"email": user.email, "role": "committee"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=user, territory=haut_doubs, role="committee").exists()
    assert not Job.objects.filter(task_path=send_member_invitation.module_path).exists()


def test_a_member_removed_before_the_invitation_gets_no_e_mail(team_client, haut_doubs):
    team_client.post(members_url(haut_doubs), {"email": "parti@mairie.test", "role": "partner"})
    Membership.objects.filter(user__email="parti@mairie.test").delete()
    run_queue()
    job = Job.objects.get(task_path=send_member_invitation.module_path)
    with translation.override("fr"):
        refusal = gettext("This person is no longer a member of the territory: no invitation was sent.")
    assert job.status == Job.Status.FAILED and job.error == refusal
    assert mail.outbox == []


def test_a_lost_invitation_is_sent_again_when_the_person_is_added_again(team_client, haut_doubs):
    """Added, never signed in: removed and added again, they get a new invitation."""
    team_client.post(members_url(haut_doubs), {"email": "perdu@mairie.test", "role": "partner"})
    Membership.objects.filter(user__email="perdu@mairie.test").delete()
    run_queue()
    team_client.post(members_url(haut_doubs), {"email": "perdu@mairie.test", "role": "partner"})
    run_queue()
    jobs = Job.objects.filter(task_path=send_member_invitation.module_path)
    assert sorted(jobs.values_list("status", flat=True)) == ["failed", "succeeded"]
    assert [m.to for m in mail.outbox] == [["perdu@mairie.test"]]


def test_the_invitation_link_uses_the_address_the_team_used(team_client, haut_doubs, settings):
    settings.ALLOWED_HOSTS = ["tindus.region.test"]
    team_client.post(members_url(haut_doubs), {"email": "x@y.test", "role": "partner"}, HTTP_HOST="tindus.region.test",
                     secure=True)  # fmt: skip
    run_queue()
    assert re.search(r"https://tindus\.region\.test/mot-de-passe/[^/]+/[^/]+/", mail.outbox[0].body)
