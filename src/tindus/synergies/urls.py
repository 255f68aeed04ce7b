from django.urls import path

from .views import declarations, opportunities, overview

app_name = "synergies"
urlpatterns = [
    path("", overview.home, name="home"),
    path("declarations/", declarations.declarations, name="declarations"),
    path("declarations/<int:pk>/", declarations.declaration, name="declaration"),
    path("declarations/<int:pk>/supprimer/", declarations.declaration_delete, name="declaration_delete"),
    path("declarations/<int:pk>/proposer/<int:other>/", declarations.follow_match, name="follow_match"),
    path("declarations/<int:pk>/accord/<int:opportunity>/", declarations.agree, name="agree"),
    path("declarations/consultation/", declarations.take_consultation, name="take_consultation"),
    path("a-decouvrir/", opportunities.discover, name="discover"),
    path("mutualisations/", opportunities.pools, name="pools"),
    path("suivi/", opportunities.pipeline, name="pipeline"),
    path("suivi/exporter/", overview.export, name="export"),
    path("suivi/<int:pk>/", opportunities.opportunity, name="opportunity"),
    path("suivi/<int:pk>/supprimer/", opportunities.opportunity_delete, name="opportunity_delete"),
    path("impact/", overview.impact, name="impact"),
    path("impact/facteurs/", overview.factors, name="factors"),
    path("reseau/", overview.network, name="network"),
    path("reseau.json", overview.network_json, name="network_json"),
]
