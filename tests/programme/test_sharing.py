"""A territory's sharing with the programme's steering: the team chooses a level per kind, the committee reads
it, every change goes to the territory's history, and nobody else opens or changes it."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from tests.conftest import signed_in
from tests.factories import SteeringMembershipFactory, UserFactory
from tindus.core.history import territory_history
from tindus.core.history_display import describe
from tindus.programme.models import Level, SharingSettings
from tindus.programme.sharing import EXPLANATIONS
from tindus.referentials.models import Region

pytestmark = pytest.mark.django_db

LEVELS = {"plan": "detailed", "funding": "detailed", "governance": "aggregated", "consultation": "nothing",
          "synergies": "aggregated", "events": "nothing"}  # fmt: skip


def page_url(territory) -> str:
    return reverse("programme_territory:sharing", kwargs={"slug": territory.slug})


def save_url(territory) -> str:
    return reverse("programme_territory:sharing_save", kwargs={"slug": territory.slug})


def test_the_team_sees_the_defaults_and_what_each_level_shows(team_client, territory):
    html = team_client.get(page_url(territory)).content.decode()
    assert 'id="sharing-form"' in html
    assert not SharingSettings.objects.filter(territory=territory).exists()
    for kind in SharingSettings.KINDS:  # the default level is checked and marked, each level explained
        assert re.search(rf'<input [^>]*value="aggregated" id="sharing-{kind}_1"[^>]* checked>', html)
        assert len(re.findall(rf'<input [^>]*name="{kind}"[^>]* checked>', html)) == 1
        for level in Level.values:
            assert str(EXPLANATIONS[kind][level]).replace("'", "&#x27;") in html
    assert html.count('class="badge"') >= len(SharingSettings.KINDS)


def test_the_levels_are_saved_with_their_author(team_client, team, territory):
    response = team_client.post(save_url(territory), LEVELS)
    assert response.status_code == 302 and response["Location"] == page_url(territory)
    sharing = SharingSettings.objects.get(territory=territory)
    assert {kind: getattr(sharing, kind) for kind in SharingSettings.KINDS} == LEVELS
    assert sharing.updated_by == team
    team_client.post(save_url(territory), {**LEVELS, "funding": "aggregated"})
    sharing.refresh_from_db()
    assert sharing.funding == "aggregated" and SharingSettings.objects.filter(territory=territory).count() == 1


def test_each_change_is_in_the_territorys_history(team_client, team, committee_client, territory):
    team_client.post(save_url(territory), LEVELS)
    team_client.post(save_url(territory), {**LEVELS, "funding": "nothing"})
    kind = ContentType.objects.get_for_model(SharingSettings)
    entries = list(territory_history(territory.pk, editor=False).filter(content_type=kind))
    assert [e.action for e in entries] == [LogEntry.Action.UPDATE, LogEntry.Action.CREATE]
    assert all(e.actor == team for e in entries)
    assert entries[0].changes_dict == {"funding": ["detailed", "nothing"]}
    # The committee reads it in words: the kind's label, the levels' labels
    (row,) = describe(entries[:1])
    (change,) = row.changes
    assert change.label.lower() == str(SharingSettings._meta.get_field("funding").verbose_name).lower()
    assert str(Level.DETAILED.label) in change.text and str(Level.NOTHING.label) in change.text
    history = committee_client.get(reverse("territories:history", kwargs={"slug": territory.slug})).content.decode()
    assert str(Level.NOTHING.label) in history


def test_the_committee_reads_the_levels_without_a_form(committee_client, team_client, territory):
    team_client.post(save_url(territory), LEVELS)
    response = committee_client.get(page_url(territory))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="sharing-form"' not in html and 'id="sharing-levels"' in html
    assert str(EXPLANATIONS["plan"][Level.DETAILED]).replace("'", "&#x27;") in html
    assert str(EXPLANATIONS["consultation"][Level.NOTHING]).replace("'", "&#x27;") in html
    assert str(EXPLANATIONS["consultation"][Level.DETAILED]).replace("'", "&#x27;") not in html


def test_the_committee_cannot_change_it(committee_client, territory):
    assert committee_client.post(save_url(territory), LEVELS).status_code == 403
    assert not SharingSettings.objects.filter(territory=territory).exists()


@pytest.mark.parametrize("role", ["partner", "company"])
def test_partners_and_companies_neither_read_nor_change_it(request, role, territory):
    browser = request.getfixturevalue(f"{role}_client")
    assert browser.get(page_url(territory)).status_code == 403
    assert browser.post(save_url(territory), LEVELS).status_code == 403
    assert not SharingSettings.objects.filter(territory=territory).exists()


def test_the_steering_does_not_open_a_territorys_settings(territory):
    coordinator = SteeringMembershipFactory().user
    assert signed_in(coordinator).get(page_url(territory)).status_code == 403
    assert signed_in(coordinator).post(save_url(territory), LEVELS).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, territory):
    assert reverse("accounts:login") in client.get(page_url(territory))["Location"]


def test_a_value_outside_the_levels_is_refused_at_its_field_and_nothing_is_lost(team_client, territory):
    response = team_client.post(save_url(territory), {**LEVELS, "funding": "everything", "events": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert not SharingSettings.objects.filter(territory=territory).exists()
    funding_errors = html.split('id="sharing-funding_errors"', 1)[1].split("</ul>", 1)[0]
    assert escape(gettext("Choose one of the three levels offered.")) in funding_errors
    events_errors = html.split('id="sharing-events_errors"', 1)[1].split("</ul>", 1)[0]
    assert gettext("Choose a level.") in events_errors
    assert 'id="sharing-plan_errors"' not in html
    # The other choices are kept as typed
    assert re.search(r'<input [^>]*value="detailed" id="sharing-plan_2"[^>]* checked>', html)
    assert re.search(r'<input [^>]*value="nothing" id="sharing-consultation_0"[^>]* checked>', html)


def test_a_get_on_the_save_address_goes_back_to_the_page(team_client, territory):
    assert team_client.get(save_url(territory))["Location"] == page_url(territory)


def test_the_page_names_the_steering_of_the_territorys_region(team_client, territory):
    SteeringMembershipFactory(user=UserFactory(first_name="Claire", last_name="Coordinatrice"),
                              organisation="Conseil régional de Bourgogne-Franche-Comté")  # fmt: skip
    SteeringMembershipFactory(user=UserFactory(first_name="Olivier", last_name="Occitan"),
                              region=Region.objects.get(code="76"))  # fmt: skip
    SteeringMembershipFactory.create_batch(2, role="national_team", region=None)
    html = team_client.get(page_url(territory)).content.decode()
    regional = html.split('id="regional-steering"', 1)[1].split("</ul>", 1)[0]
    assert "Claire Coordinatrice" in regional and "Conseil régional de Bourgogne-Franche-Comté" in regional
    assert "Occitan" not in html
    national = html.split('id="national-steering"', 1)[1].split("</p>", 1)[0]
    assert re.search(r"\b2\b", national)


def test_the_workspace_links_to_the_page_for_those_who_may_open_it(team_client, committee_client, partner_client,
                                                                    territory):  # fmt: skip
    workspace = reverse("territories:workspace", kwargs={"slug": territory.slug})
    for browser in (team_client, committee_client):
        assert f'href="{page_url(territory)}"' in browser.get(workspace).content.decode()
    assert f'href="{page_url(territory)}"' not in partner_client.get(workspace).content.decode()
