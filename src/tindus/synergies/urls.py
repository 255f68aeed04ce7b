from django.urls import path

from . import views_declarations, views_opportunities, views_overview

app_name = "synergies"
urlpatterns = [
    path("", views_overview.home, name="home"),
    path("declarations/", views_declarations.declarations, name="declarations"),
    path("declarations/<int:pk>/", views_declarations.declaration, name="declaration"),
    path("declarations/<int:pk>/supprimer/", views_declarations.declaration_delete, name="declaration_delete"),
    path("declarations/<int:pk>/proposer/<int:other>/", views_declarations.follow_match, name="follow_match"),
    path("declarations/<int:pk>/accord/<int:opportunity>/", views_declarations.agree, name="agree"),
    path("declarations/consultation/", views_declarations.take_consultation, name="take_consultation"),
    path("a-decouvrir/", views_opportunities.discover, name="discover"),
    path("mutualisations/", views_opportunities.pools, name="pools"),
    path("suivi/", views_opportunities.pipeline, name="pipeline"),
    path("suivi.xlsx", views_overview.export, name="export"),
    path("suivi/<int:pk>/", views_opportunities.opportunity, name="opportunity"),
    path("suivi/<int:pk>/supprimer/", views_opportunities.opportunity_delete, name="opportunity_delete"),
    path("impact/", views_overview.impact, name="impact"),
    path("impact/facteurs/", views_overview.factors, name="factors"),
    path("reseau/", views_overview.network, name="network"),
    path("reseau.json", views_overview.network_json, name="network_json"),
]
