"""Published results are linked from the workspace to exactly those who may open them."""

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tindus.consultation.models import Publication


@pytest.mark.parametrize(
    ("published_to", "readers"),
    [
        (Publication.TEAM, {"team"}),
        (Publication.COMMITTEE, {"team", "committee"}),
        (Publication.PUBLIC, {"team", "committee", "partner", "company"}),
    ],
)
def test_workspace_links_the_results_each_member_may_open(
    campaign, team, committee, partner, company, published_to, readers
):
    campaign.published_to = published_to
    campaign.save()
    results = reverse("consultation_team:published", args=[campaign.territory.slug, campaign.pk])
    workspace = reverse("territories:workspace", args=[campaign.territory.slug])
    for name, user in {"team": team, "committee": committee, "partner": partner, "company": company}.items():
        browser = signed_in(user)
        linked = results in browser.get(workspace).content.decode()
        opens = browser.get(results).status_code == 200
        # The team reaches the preview from the consultation pages, not the workspace, while unpublished.
        assert linked is (name in readers and published_to != Publication.TEAM), name
        assert opens is (name in readers), name
