"""A person and a company known to Tindus in every way it can know them, and what must stay untouched."""

import datetime
import uuid
from io import StringIO

import pytest
from auditlog.context import set_actor
from axes.models import AccessAttempt
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    ArticleFactory,
    CommentFactory,
    InstanceFactory,
    InstanceMemberFactory,
    MembershipFactory,
    ProjectFactory,
    UserFactory,
)
from tindus.accounts.models import Role
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, Invitation, Questionnaire, Response
from tindus.consultation.services import new_token, save_schema
from tindus.jobs.models import Job
from tindus.plan.models import ProjectDocument, StatusChange
from tindus.synergies.models import Declaration, Opportunity

EMAIL = "zephyrine.quillardet@example.test"
FIRST, LAST = "Zéphyrine", "Quillardet"
SIRET = "35600000000048"
OTHER_SIRET = "90000000100009"
EMPLOYEE_SECRET = "texte-salarie-anonyme-7c1d"


def campaign(territory, audience: str) -> Campaign:
    questionnaire = Questionnaire.objects.create(territory=territory, title=f"Q {audience}", audience=audience)
    save_schema(questionnaire, ready_made.leaders() if audience == "leaders" else ready_made.employees())
    return Campaign.objects.create(
        territory=territory, questionnaire=questionnaire, title=f"Consultation {audience}",
        opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31),
    )  # fmt: skip


def answer(found: Campaign, answers: dict, invitation=None) -> Response:
    return Response.objects.create(campaign=found, version=found.questionnaire.current_version(), answers=answers,
                                   submission_key=uuid.uuid4(), submitted_on=datetime.date(2026, 3, 1),
                                   invitation=invitation, segments={"a17": "C3"})  # fmt: skip


@pytest.fixture
def person(haut_doubs, auxois):
    """Someone on two territories who commented, changed the plan, declared, sat in a committee, piloted a
    project, signed news, was invited to a consultation, started a job and mistyped their password."""
    user = UserFactory(username=EMAIL, email=EMAIL, first_name=FIRST, last_name=LAST)
    MembershipFactory(user=user, territory=haut_doubs, role=Role.TEAM)
    MembershipFactory(user=user, territory=auxois, role=Role.COMMITTEE, organisation="Agence Quillardet")
    CommentFactory(territory=haut_doubs, author=user, body="Avis sur la stratégie")
    with set_actor(user):
        project = ProjectFactory(territory=haut_doubs, title="Plateforme horlogère", pilot=f"{FIRST} {LAST}",
                                 pilot_email=EMAIL)  # fmt: skip
        Declaration.objects.create(territory=haut_doubs, siret=OTHER_SIRET, company_name="Atelier",
                                   direction="need", category="energie", text="chaleur", created_by=user)  # fmt: skip
        seat = InstanceMemberFactory(instance=InstanceFactory(territory=haut_doubs), person=f"{FIRST} {LAST}",
                                     organisation="Agence", user=user)  # fmt: skip
        ArticleFactory(territory=haut_doubs, author=user, author_name=f"{FIRST} {LAST}")
    StatusChange.objects.create(project=project, status="in_progress", date=datetime.date(2026, 2, 1), author=user)
    ProjectDocument.objects.create(project=project, title="Note", file=ContentFile(b"x", name="note.txt"),
                                   uploaded_by=user)  # fmt: skip
    Invitation.objects.create(campaign=campaign(auxois, "leaders"), token=new_token(), siret=OTHER_SIRET,
                              name="Atelier", email=EMAIL.upper())  # fmt: skip
    Job.objects.create(territory=haut_doubs, author=user, title="Export", task_path="x")
    AccessAttempt.objects.create(
        username=EMAIL, ip_address="192.0.2.7", user_agent="Firefox", get_data="", post_data="",
        failures_since_start=2, http_accept="*/*", path_info="/connexion/",
    )  # fmt: skip
    TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    user.seat = seat
    user.project = project
    return user


@pytest.fixture
def company(haut_doubs, auxois):
    """A company known on two territories: declarations, an opportunity, a consultation invitation answered,
    a project it carries, a representative; and employees' anonymous answers beside."""
    found = {}
    for territory in (haut_doubs, auxois):
        mine = Declaration.objects.create(territory=territory, siret=SIRET, company_name="Scierie du Haut",
                                          direction="resource", category="matieres", text="sciure")  # fmt: skip
        other = Declaration.objects.create(territory=territory, siret=OTHER_SIRET, company_name="Panneaux",
                                           direction="need", category="matieres", text="sciure")  # fmt: skip
        opportunity = Opportunity.objects.create(
            territory=territory, kind="match", title="Sciure pour Panneaux", category="matieres",
            signature=f"s-{territory.pk}", offer=mine, need=other,
            companies=[{"siret": SIRET, "name": "Scierie du Haut", "role": "provider"},
                       {"siret": OTHER_SIRET, "name": "Panneaux", "role": "receiver"}],
        )  # fmt: skip
        leaders = campaign(territory, "leaders")
        invitation = Invitation.objects.create(campaign=leaders, token=new_token(), siret=SIRET,
                                               name="Scierie du Haut", email="dirigeant@scierie.test")  # fmt: skip
        answer(leaders, {"besoins": "réponse du dirigeant"}, invitation)
        answer(campaign(territory, "employees"), {"ressenti": EMPLOYEE_SECRET})
        ProjectFactory(territory=territory, title=f"Projet {territory.pk}", porteur_name="Scierie du Haut",
                       porteur_siret=SIRET, pilot="Jean Dirigeant", pilot_email="dirigeant@scierie.test")  # fmt: skip
        representative = MembershipFactory(territory=territory, role=Role.COMPANY, company_siret=SIRET)
        found[territory.pk] = {"opportunity": opportunity, "representative": representative.user}
    return found


def database_text() -> str:
    """The whole database but the reference data, as text: what an erasure must leave no trace in."""
    out = StringIO()
    call_command("dumpdata", "--exclude", "referentials", "--exclude", "contenttypes", "--exclude", "auth.permission",
                 stdout=out)  # fmt: skip
    return out.getvalue()
