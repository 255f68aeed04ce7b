"""Registering to an event (a company for itself, the team for any company), editing and withdrawing a
registration, the call to register on the event's page, and the participants' directory with its filters."""

import datetime
import re
from html import escape

import pytest
from django.utils.translation import gettext as _

from tests.conftest import signed_in
from tests.factories import EventFactory, MembershipFactory, ParticipantFactory, UserFactory, siret
from tindus.accounts.models import Role
from tindus.diagnostic.wording import band_label
from tindus.events.models import Participant
from tindus.synergies.models import Category

from .participants_helpers import DECOLLETAGE, MONTBARD, PANNEAUX, SCIERIE, url

pytestmark = pytest.mark.django_db


def form(event, **values):
    data = {"siret": SCIERIE, "person_name": "Anne Vuillemin", "person_role": "Directrice", "email": "a@scierie.fr",
            "offers": ["matieres"], "offers_text": "Sciures et plaquettes", "seeks": ["logistique", "formation"],
            "seeks_text": "", "available_slots": [s.pk for s in event.slots.all()], "max_meetings": ""}  # fmt: skip
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def errors(response, field="__all__"):
    return [e.code for e in response.context["form"].errors.as_data().get(field, [])]


def test_a_company_registers_itself_with_what_the_warehouse_says_of_it(company_client, company, event, sirene):
    page = company_client.get(url(event, "register")).content.decode()
    for slot in event.slots.all():  # every slot ticked by default
        assert re.search(rf'<input[^>]*value="{slot.pk}"[^>]*checked', page)
    first_two = [s.pk for s in event.slots.all()][:2]
    response = company_client.post(url(event, "register"), form(event, available_slots=first_two, max_meetings="4"))
    assert response.status_code == 302
    p = Participant.objects.get()
    assert (p.company_name, p.commune, p.naf, p.size_band) == ("SCIERIE DU SAUGEAIS", "25411", "16.10A", "12")
    assert (p.person_name, p.offers, p.seeks, p.max_meetings, p.user) == (
        "Anne Vuillemin",
        ["matieres"],
        ["logistique", "formation"],
        4,
        company,
    )
    assert sorted(p.available_slots.values_list("pk", flat=True)) == first_two


def test_a_company_cannot_register_another_company(company_client, event, sirene):
    response = company_client.post(url(event, "register"), form(event, siret=PANNEAUX))
    assert response.status_code == 400 and errors(response, "siret") == ["invalid_choice"]
    assert not Participant.objects.exists()


def test_the_team_registers_any_company_of_the_territory(team_client, event, sirene):
    response = team_client.post(url(event, "register"), form(event, siret=PANNEAUX[:9] + " " + PANNEAUX[9:]))
    assert response.status_code == 302
    p = Participant.objects.get()
    assert (p.siret, p.company_name, p.user) == (PANNEAUX, "PANNEAUX DU HAUT-DOUBS", None)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2500000100", "14"),  # too short
        (SCIERIE[:-1] + str((int(SCIERIE[-1]) + 1) % 10), "Luhn"),
        (siret("2500000900001"), "SIRENE"),  # valid but unknown
        (MONTBARD, "21425"),  # outside the territory
    ],
)
def test_a_wrong_siret_is_refused_at_the_field(team_client, event, sirene, typed, words):
    response = team_client.post(url(event, "register"), form(event, siret=typed))
    assert response.status_code == 400 and errors(response, "siret") == ["siret"]
    assert words in response.context["form"].errors["siret"][0]
    assert 'value="Anne Vuillemin"' in response.content.decode()  # nothing lost
    assert not Participant.objects.exists()


def test_a_company_registers_once(team_client, event, sirene):
    ParticipantFactory(event=event, siret=DECOLLETAGE)
    response = team_client.post(url(event, "register"), form(event, siret=DECOLLETAGE))
    assert response.status_code == 400 and errors(response, "siret") == ["registered"]
    assert Participant.objects.count() == 1


def test_at_least_one_slot(company_client, event, sirene):
    response = company_client.post(url(event, "register"), form(event, available_slots=[]))
    assert response.status_code == 400 and errors(response, "available_slots") == ["required"]
    assert response.context["form"].errors["available_slots"] == [
        _("Tick at least one slot when the participant is available.")
    ]


def test_a_slot_of_another_event_is_refused(company_client, event, sirene):
    other = EventFactory(territory=event.territory)
    response = company_client.post(url(event, "register"), form(event, available_slots=[other.slots.first().pk]))
    assert response.status_code == 400 and errors(response, "available_slots") == ["invalid_choice"]


def test_registrations_close_after_the_deadline(company_client, team_client, haut_doubs, sirene):
    event = EventFactory(territory=haut_doubs, registration_deadline=datetime.date.today() - datetime.timedelta(1))
    page = company_client.get(url(event, "register")).content.decode()
    assert _("Registrations are closed for this event.") in page and 'name="person_name"' not in page
    for client in (company_client, team_client):
        response = client.post(url(event, "register"), form(event))
        assert response.status_code == 400 and errors(response) == ["closed"]
    assert not Participant.objects.exists()


def test_a_full_event_takes_nobody_more(company_client, haut_doubs, sirene):
    event = EventFactory(territory=haut_doubs, capacity=1)
    ParticipantFactory(event=event)
    response = company_client.post(url(event, "register"), form(event))
    assert response.status_code == 400 and errors(response) == ["full"]
    assert escape(_("The event is full (%(capacity)s participants).") % {"capacity": 1}) in response.content.decode()
    assert Participant.objects.count() == 1


def test_a_company_edits_its_own_registration_only(company_client, event, sirene):
    own = ParticipantFactory(event=event, siret=SCIERIE, company_name="Scierie")
    other = ParticipantFactory(event=event, siret=PANNEAUX)
    last = event.slots.last()
    data = form(event, person_name="Paul Cuenot", available_slots=[last.pk], offers=["energie"])
    del data["siret"]
    response = company_client.post(url(event, "registration_edit", participant=own.pk), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.person_name, own.offers, list(own.available_slots.all())) == ("Paul Cuenot", ["energie"], [last])
    assert company_client.get(url(event, "registration_edit", participant=other.pk)).status_code == 404
    assert company_client.post(url(event, "registration_edit", participant=other.pk), data).status_code == 404
    other.refresh_from_db()
    assert other.person_name != "Paul Cuenot"


def test_withdrawing_asks_first_then_deletes(company_client, event):
    own = ParticipantFactory(event=event, siret=SCIERIE)
    other = ParticipantFactory(event=event)
    page = company_client.get(url(event, "registration_withdraw", participant=own.pk))
    assert page.status_code == 200 and Participant.objects.filter(pk=own.pk).exists()
    assert company_client.post(url(event, "registration_withdraw", participant=other.pk)).status_code == 404
    response = company_client.post(url(event, "registration_withdraw", participant=own.pk))
    assert response.status_code == 302
    assert list(event.participants.all()) == [other]


def test_the_event_page_invites_a_company_not_registered(company_client, event):
    register = url(event, "register")
    page = company_client.get(event.get_absolute_url()).content.decode()
    assert f'href="{register}"' in page
    own = ParticipantFactory(event=event, siret=SCIERIE)
    page = company_client.get(event.get_absolute_url()).content.decode()
    assert f'href="{register}"' not in page
    assert f'href="{url(event, "my_meetings", participant=own.pk)}"' in page
    assert f'href="{url(event, "suggestions", participant=own.pk)}"' in page


def test_the_committee_is_not_invited_to_register(committee_client, event):
    page = committee_client.get(event.get_absolute_url()).content.decode()
    assert url(event, "register") not in page


# --- the directory ------------------------------------------------------------------------------------------


@pytest.fixture
def fabric(event):
    """The sawmill (the company's), and four others of different sectors, sizes and communes."""
    own = ParticipantFactory(event=event, siret=SCIERIE, company_name="Scierie", naf="16.10A", commune="25411")
    others = {
        "panneaux": ParticipantFactory(event=event, company_name="Panneaux", naf="16.21Z", size_band="21",
                                       commune="25039", offers=["equipements"], seeks=["matieres"]),
        "decolletage": ParticipantFactory(event=event, company_name="Décolletage", naf="25.62A", size_band="11",
                                          commune="25411", offers=["competences"], seeks_text="Tours à commande"),
        "fromagerie": ParticipantFactory(event=event, company_name="Fromagerie", naf="10.51C", size_band="03",
                                         commune="25039", seeks=["energie"], person_role="Maître affineur"),
        "transport": ParticipantFactory(event=event, company_name="Transports Cuenot", naf="49.41A", size_band="12",
                                        commune="25411", offers=["logistique"]),
    }  # fmt: skip
    return own, others


def shown(response):
    return sorted(card.participant.company_name for card, _relation in response.context["cards"])


def test_a_company_not_registered_is_asked_to_register_first(company_client, event, fabric):
    event.participants.filter(siret=SCIERIE).delete()
    response = company_client.get(url(event, "participants"))
    assert response.status_code == 200 and "cards" not in response.context
    assert f'href="{url(event, "register")}"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Décolletage", "Fromagerie", "Panneaux", "Transports Cuenot"]),
        ({"sector": "C"}, ["Décolletage", "Fromagerie", "Panneaux"]),  # the section
        ({"sector": "16"}, ["Panneaux"]),  # a division
        ({"size": "21"}, ["Panneaux"]),
        ({"commune": "25039"}, ["Fromagerie", "Panneaux"]),
        ({"offers": "logistique"}, ["Transports Cuenot"]),
        ({"seeks": "energie"}, ["Fromagerie"]),
        ({"q": "commande"}, ["Décolletage"]),  # what it seeks, in its words
        ({"q": "affineur"}, ["Fromagerie"]),  # the person's position
        ({"sector": "C", "commune": "25411"}, ["Décolletage"]),
    ],
)
def test_the_directory_filters(company_client, event, fabric, query, expected):
    response = company_client.get(url(event, "participants"), query)
    assert response.status_code == 200
    assert shown(response) == expected  # never the company itself


def test_a_directory_card_says_everything_in_words(company_client, event, fabric):
    _own, others = fabric
    page = company_client.get(url(event, "participants"), {"sector": "16"}).content.decode()
    assert "Fabrication de placage et de panneaux de bois" in page  # the NAF sub-class label
    assert "Avoudrey" in page and escape(band_label("21")) in page
    assert escape(str(Category.EQUIPMENT.label)) in page and escape(str(Category.MATERIALS.label)) in page
    ask = url(event, "request_create", participant=_own.pk, other=others["panneaux"].pk)
    assert f'href="{ask}"' in page


def test_the_filters_offer_what_the_participants_hold(company_client, event, fabric):
    form = company_client.get(url(event, "participants")).context["form"]
    assert [c for c, _label in form.fields["sector"].choices] == ["", "C", "10", "16", "25", "H", "49"]
    assert [c for c, _label in form.fields["commune"].choices] == ["", "25039", "25411"]


def test_the_team_sees_every_participant_without_acting_for_one(team_client, event, fabric):
    response = team_client.get(url(event, "participants"))
    assert len(response.context["cards"]) == 5 and response.context["acting"] is None


def test_a_company_of_another_territory_cannot_open_the_directory(event, fabric, auxois):
    stranger = MembershipFactory(territory=auxois, role=Role.COMPANY, company_siret=SCIERIE).user
    assert signed_in(stranger).get(url(event, "participants")).status_code == 403
    assert signed_in(UserFactory()).get(url(event, "participants")).status_code == 403
