"""The land module's changes in the territory's history read with labels: services, communes."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tindus.land.forms_inventory import SERVICES

from .factories import ZoneFactory

pytestmark = pytest.mark.django_db


def test_a_zone_s_services_and_commune_read_by_their_labels(territory, team_client):
    zone = ZoneFactory(territory=territory)
    zone.services = ["reseau_eau_potable", "reseau_fibre_optique"]
    zone.save()
    page = team_client.get(reverse("territories:history", kwargs={"slug": territory.slug})).content.decode()
    labels = dict(SERVICES)
    assert str(labels["reseau_eau_potable"]) in page and str(labels["reseau_fibre_optique"]) in page
    assert "reseau_eau_potable" not in page
    assert _("economic activity zone") in page or zone.site_nom in page
