"""Erasure on request: a person's account anonymised, leaving no trace of their name or address anywhere
in the database; a company's data removed from one territory or all; employees' answers untouched."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import PASSWORD
from tests.privacy.conftest import EMAIL, EMPLOYEE_SECRET, FIRST, LAST, SIRET, database_text
from tindus.accounts.models import Membership
from tindus.consultation.models import Invitation, Response
from tindus.plan.models import Project
from tindus.privacy.models import Record
from tindus.privacy.services import erase_company, erase_person, export_person
from tindus.synergies.models import Declaration, Opportunity
from tindus.territories.models import Comment

pytestmark = pytest.mark.django_db


def test_an_anonymised_person_leaves_no_trace_of_their_name_or_address(person):
    export_person(person, "json")  # recorded with their address, until the erasure
    text = database_text()
    assert EMAIL in text and LAST in text

    counts = erase_person(person)

    text = database_text()
    assert EMAIL not in text and EMAIL.upper() not in text
    assert FIRST not in text and LAST not in text
    assert counts["memberships"] == 2 and counts["comments_kept"] == 1 and counts["second_factor"] == 1


def test_the_account_is_closed_but_keeps_the_changes_it_made(person):
    entries = LogEntry.objects.filter(actor=person).count()
    erase_person(person)
    person.refresh_from_db()
    assert person.username == f"anonymised-{person.pk}" and not person.is_active and not person.has_usable_password()
    assert not Client().login(username=EMAIL, password=PASSWORD)
    assert not Membership.objects.filter(user=person).exists()
    assert LogEntry.objects.filter(actor=person).count() == entries  # the history keeps its shape
    assert not LogEntry.objects.filter(actor=person).exclude(actor_email=None).exists()
    assert Comment.objects.filter(author=person).count() == 1


def test_their_comments_go_on_request(person):
    counts = erase_person(person, delete_comments=True)
    assert counts["comments_deleted"] == 1 and not Comment.objects.filter(author=person).exists()


def test_where_their_name_was_copied_it_is_removed(person):
    erase_person(person)
    seat = type(person.seat).objects.get(pk=person.seat.pk)
    assert (seat.person, seat.user, seat.organisation) == ("", None, "Agence")
    project = Project.objects.get(pk=person.project.pk)
    assert (project.pilot, project.pilot_email, project.title) == ("", "", "Plateforme horlogère")
    assert Invitation.objects.get(siret="90000000100009").email == ""


def test_the_log_names_an_erased_person_by_number_only(person):
    export_person(person, "json")
    erase_person(person)
    assert set(Record.objects.values_list("action", "subject")) == {
        ("export", f"anonymised-{person.pk}"),
        ("erasure", f"anonymised-{person.pk}"),
    }


def test_a_company_is_erased_from_one_territory(company, haut_doubs, auxois):
    counts = erase_company(SIRET, haut_doubs)
    assert counts == {"declarations": 1, "opportunities": 1, "consultation_invitations": 1,
                      "leader_answers_unlinked": 1, "projects": 1, "representatives": 1}  # fmt: skip
    assert not Declaration.objects.filter(territory=haut_doubs, siret=SIRET).exists()
    assert not Opportunity.objects.filter(territory=haut_doubs).exists()
    assert not Invitation.objects.filter(campaign__territory=haut_doubs, siret=SIRET).exists()
    project = Project.objects.get(territory=haut_doubs, title__startswith="Projet")
    assert (project.porteur_siret, project.pilot_email) == ("", "") and "Scierie" not in project.porteur_name
    representative = company[haut_doubs.pk]["representative"]
    assert User.objects.filter(pk=representative.pk).exists()
    assert not Membership.objects.filter(user=representative, territory=haut_doubs).exists()
    # The other territory keeps what it holds.
    assert Declaration.objects.filter(territory=auxois, siret=SIRET).exists()
    assert Membership.objects.filter(territory=auxois, company_siret=SIRET).exists()


def test_a_company_erased_everywhere_leaves_no_trace_but_its_record(company):
    erase_company(SIRET, None)
    text = database_text()
    records = list(Record.objects.values_list("subject", flat=True))
    assert records == [SIRET]  # the log keeps what was erased, and from where
    assert text.count(SIRET) == len(records)
    assert "Scierie du Haut" not in text and "dirigeant@scierie.test" not in text


def test_the_business_leaders_answers_stay_unlinked_and_employees_answers_untouched(company):
    answers = {r.pk: r.answers for r in Response.objects.all()}
    erase_company(SIRET, None)
    assert {r.pk: r.answers for r in Response.objects.all()} == answers
    assert not Response.objects.exclude(invitation=None).exists()
    assert Response.objects.filter(answers__ressenti=EMPLOYEE_SECRET).count() == 2


def test_history_entries_of_erased_declarations_keep_nothing_of_them(company, haut_doubs):
    with_history = Declaration.objects.filter(territory=haut_doubs, siret=SIRET).get()
    with_history.text = "sciure humide"
    with_history.save()  # a change, in the history
    erase_company(SIRET, haut_doubs)
    entries = LogEntry.objects.filter(object_pk=str(with_history.pk), content_type__model="declaration")
    assert entries.exists()
    assert all(e.changes == {} and e.object_repr == "—" for e in entries)
