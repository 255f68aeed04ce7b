"""Zones and land units of the inventory (mounted at ``zones/``)."""

from django.urls import path

from .views import inventory_cfe, inventory_occupants, inventory_units, inventory_zones

urlpatterns = [
    path("", inventory_zones.zones, name="zones"),
    path("nouvelle/", inventory_zones.zone_create, name="zone_create"),
    path("cfe/importer/", inventory_cfe.cfe_import, name="cfe_import"),
    path("<int:pk>/", inventory_zones.zone, name="zone"),
    path("<int:pk>/modifier/", inventory_zones.zone_edit, name="zone_edit"),
    path("<int:pk>/supprimer/", inventory_zones.zone_delete, name="zone_delete"),
    path("<int:pk>/terrains/nouveau/", inventory_units.unit_create, name="unit_create"),
    path("<int:pk>/terrains/<int:unit>/modifier/", inventory_units.unit_edit, name="unit_edit"),
    path("<int:pk>/terrains/<int:unit>/supprimer/", inventory_units.unit_delete, name="unit_delete"),
    path("<int:pk>/terrains/<int:unit>/cfe/", inventory_units.unit_cfe, name="unit_cfe"),
    path("<int:pk>/occupants/proposer/", inventory_occupants.occupants_propose, name="occupants_propose"),
    path("<int:pk>/occupants/ajouter/", inventory_occupants.occupant_add, name="occupant_add"),
    path("<int:pk>/occupants/<int:occupant>/decider/", inventory_occupants.occupant_decide, name="occupant_decide"),
]
