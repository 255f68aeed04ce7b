"""A registration in the territory's history reads as French: categories, sector, size band and commune by
their names, never their codes."""

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import MembershipFactory, ParticipantFactory
from tindus.accounts.models import Role
from tindus.core.history_display import describe

pytestmark = pytest.mark.django_db


def test_a_registration_in_the_history_reads_as_names(event):
    ParticipantFactory(event=event, offers=["matieres", "energie"], seeks=["recrutement"], naf="16.10A",
                       size_band="12", commune="25411")  # fmt: skip
    team = signed_in(MembershipFactory(territory=event.territory, role=Role.TEAM).user)
    page = team.get(reverse("territories:history", kwargs={"slug": event.territory.slug}))
    changes = {c.field.name: c.text for row in describe(page.context["page"]) for c in row.changes
               if row.kind and c.field.model.__name__ == "Participant"}  # fmt: skip
    assert changes["offers"].startswith("matières, coproduits et déchets, énergie")
    assert changes["seeks"] == "recrutement mutualisé"
    assert "Sciage" in changes["naf"] and changes["size_band"] == "20 à 49 salariés"
    assert "Morteau" in changes["commune"]
