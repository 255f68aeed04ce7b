"""Each participant's suggested companies, from the synergies engine, and the one click that asks for a
meeting."""

import pytest
from django.contrib.messages import get_messages
from django.utils.translation import gettext as _

from tests.factories import ParticipantFactory
from tindus.events import meeting_requests as rules
from tindus.events.models import MeetingRequest, Priority
from tindus.synergies.models import Confidentiality, Declaration

from .participants_helpers import SCIERIE, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def wood(event):
    own = ParticipantFactory(event=event, siret=SCIERIE, company_name="Scierie", naf="16.10A", commune="25411",
                             size_band="12")  # fmt: skip
    panels = ParticipantFactory(event=event, company_name="Panneaux", naf="16.21Z", commune="25039", size_band="21")
    hair = ParticipantFactory(event=event, company_name="Coiffure", naf="96.02A", commune="25411", size_band="01")
    return own, panels, hair


def test_the_sawmill_is_told_to_meet_the_panel_maker_and_why(company_client, event, wood):
    own, panels, _hair = wood
    response = company_client.get(url(event, "suggestions", participant=own.pk))
    shown = response.context["suggestions"]
    assert [s.participant for s in shown] == [panels]
    page = response.content.decode()
    assert "Sciures, copeaux et chutes de scierie" in page
    assert url(event, "suggestion_request", participant=own.pk, other=panels.pk) in page


def test_one_click_turns_a_suggestion_into_a_request(company_client, event, wood):
    own, panels, _hair = wood
    target = url(event, "suggestion_request", participant=own.pk, other=panels.pk)
    assert company_client.get(target).status_code == 302 and not MeetingRequest.objects.exists()
    assert company_client.post(target).status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.sender, request.recipient, request.priority, request.from_suggestion) == (
        own,
        panels,
        Priority.MEDIUM,
        True,
    )
    again = company_client.get(url(event, "suggestions", participant=own.pk))
    assert again.context["suggestions"] == []  # a pair already asked is not suggested again


def test_a_company_not_suggested_cannot_be_asked_that_way(company_client, event, wood):
    own, _panels, hair = wood
    response = company_client.post(url(event, "suggestion_request", participant=own.pk, other=hair.pk))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        _("This company is no longer among your suggestions.")
    ]
    assert not MeetingRequest.objects.exists()


def test_a_forbidden_or_accepted_pair_is_not_suggested(company_client, event, wood):
    own, panels, _hair = wood
    rules.forbid_pair(event, panels, own)
    assert company_client.get(url(event, "suggestions", participant=own.pk)).context["suggestions"] == []


def test_only_declarations_every_company_may_see_are_used(company_client, event, wood):
    own, _panels, hair = wood
    for siret, direction, text in ((own.siret, "resource", "Chaleur fatale du séchoir"),
                                   (hair.siret, "need", "Chaleur pour le salon")):  # fmt: skip
        Declaration.objects.create(territory=event.territory, siret=siret, company_name="x", commune="25411",
                                   direction=direction, category="energie", text=text,
                                   confidentiality=Confidentiality.FACILITATORS)  # fmt: skip
    suggestions = company_client.get(url(event, "suggestions", participant=own.pk)).context["suggestions"]
    assert hair not in [s.participant for s in suggestions]
    Declaration.objects.update(confidentiality=Confidentiality.TERRITORY)
    suggestions = company_client.get(url(event, "suggestions", participant=own.pk)).context["suggestions"]
    found = {s.participant: s.suggestion for s in suggestions}
    assert hair in found and "Chaleur pour le salon" in found[hair].reason
