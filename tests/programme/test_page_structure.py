"""The structure of the steering pages as axe-core reads them: the map is an image holding no link (axe:
nested-interactive; the table beside it carries the links), and a table that may scroll sideways sits in a
region a keyboard reaches and a screen reader names (axe: scrollable-region-focusable)."""

import re

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import FundingFactory, ProjectFactory, SteeringMembershipFactory
from tests.plan.html import parse

pytestmark = pytest.mark.django_db

SCROLLER = re.compile(r"<div\b[^>]*\bclass=\"table-scroll\"[^>]*>")


@pytest.fixture
def pages(territory):
    """The région's page, its projects and the national page, with a shared project of Auxois Morvan."""
    project = ProjectFactory(territory=territory, title="Projet public", status="in_progress", is_public=True)
    FundingFactory(project=project, granted_on="2024-02-01")
    coordinator = signed_in(SteeringMembershipFactory().user)
    national = signed_in(SteeringMembershipFactory(role="national_team").user)
    return {
        "region": coordinator.get(reverse("programme:region", kwargs={"region": "27"})),
        "projects": coordinator.get(reverse("programme:region_projects", kwargs={"region": "27"})),
        "national": national.get(reverse("programme:national")),
    }


@pytest.mark.parametrize("name", ["region", "national"])
def test_the_map_holds_no_link_and_its_table_links_the_regions(pages, name):
    response = pages[name]
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group()
    assert 'role="img"' in svg and "data-code=" in svg
    assert "<a " not in svg
    assert parse(svg).nested == []
    if name == "national":  # the régions can still be followed, from the map's table
        assert reverse("programme:region", kwargs={"region": "27"}) in html.split("</svg>", 1)[1]


@pytest.mark.parametrize("name", ["region", "projects", "national"])
def test_every_scrolling_table_is_a_named_region_a_keyboard_reaches(pages, name):
    html = pages[name].content.decode()
    scrollers = SCROLLER.findall(html)
    assert scrollers
    ids = set(parse(html).ids)
    for tag in scrollers:
        assert 'tabindex="0"' in tag and 'role="region"' in tag, tag
        named_by = re.search(r'aria-labelledby="([^"]+)"', tag)
        assert named_by and named_by.group(1) in ids, tag
