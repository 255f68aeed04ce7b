"""Links are decided by the same rule as the views they lead to."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.accounts.permissions import may_open


@pytest.mark.parametrize(
    ("role", "may_import", "may_read_plan"),
    [(Role.TEAM, True, True), (Role.COMMITTEE, False, True), (Role.PARTNER, False, False), (None, False, False)],
)
def test_may_open_follows_the_action_the_view_declares(territory, role, may_import, may_read_plan):
    user = MembershipFactory(territory=territory, role=role).user if role else AnonymousUser()
    assert may_open(user, f"/territoires/{territory.slug}/plan/importer/") is may_import
    assert may_open(user, f"/territoires/{territory.slug}/plan/") is may_read_plan
    assert may_open(user, f"/site/{territory.slug}/") is True
    assert may_open(user, "/territoires/no-such-territory/plan/") is False
    assert may_open(user, "/no/such/address/") is False


def test_allowed_url_gives_the_address_only_to_who_may_follow_it(territory):
    template = Template(
        "{% load access %}{% allowed_url 'plan:import' slug as url %}"
        "{% if url %}<a href='{{ url }}'>Import</a>{% endif %}"
    )
    team = MembershipFactory(territory=territory, role=Role.TEAM).user
    committee = MembershipFactory(territory=territory, role=Role.COMMITTEE).user
    for user, shown in [(team, True), (committee, False)]:
        request = RequestFactory().get("/")
        request.user = user
        html = template.render(Context({"request": request, "slug": territory.slug}))
        assert ("/plan/importer/" in html) is shown
