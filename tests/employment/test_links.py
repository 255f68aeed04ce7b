"""ROME ↔ BMO links: proposed by text similarity for the ROME codes in use, confirmed or rejected by the team."""

import pytest
from django.urls import reverse

from tindus.employment.analysis import territory_links
from tindus.employment.models import LocalNeed, RomeLink

from .conftest import in_english

pytestmark = pytest.mark.django_db


def url(territory, name):
    return reverse(f"employment:{name}", kwargs={"slug": territory.slug})


def test_the_codes_in_use_get_proposals_that_the_team_confirms(territory, team):
    LocalNeed.objects.create(territory=territory, origin="team", rome="J1501", count=1, difficulty="low")
    browser = in_english(team)
    page = browser.get(url(territory, "links")).content.decode()
    assert "J1501 Aide-soignant" in page and "V0X60 Aides-soignants" in page
    browser.post(url(territory, "link_decide"), {"rome": "J1501", "job": "V0X60", "decision": "confirmed"})
    links, official = territory_links(territory)
    assert links == {"J1501": ("V0X60",)} and official is None
    browser.post(url(territory, "link_decide"), {"rome": "J1501", "job": "V0X60", "decision": "undo"})
    assert not RomeLink.objects.exists()


def test_a_rejected_link_is_not_used_and_unknown_codes_are_refused(territory, team):
    browser = in_english(team)
    browser.post(url(territory, "link_decide"), {"rome": "J1501", "job": "V0X60", "decision": "rejected"})
    assert territory_links(territory)[0] == {}
    browser.post(url(territory, "link_decide"), {"rome": "Z9999", "job": "V0X60", "decision": "confirmed"})
    assert RomeLink.objects.count() == 1


def test_the_committee_reads_but_does_not_decide(territory, committee):
    browser = in_english(committee)
    assert browser.get(url(territory, "links") + "?rome=H2913").status_code == 200
    decision = {"rome": "H2913", "job": "D1X33", "decision": "confirmed"}
    assert browser.post(url(territory, "link_decide"), decision).status_code == 403
