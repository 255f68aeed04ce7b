from django.urls import path

from .views import links, local_needs, needs, offers, pack, proposals

app_name = "employment"
urlpatterns = [
    path("", needs.home, name="home"),
    path("carte/", needs.map_view, name="map"),
    path("metiers/<str:job>/", needs.job, name="job"),
    path("metiers/<str:job>/proposer/", proposals.propose, name="propose"),
    path("propositions/", proposals.proposals, name="proposals"),
    path("propositions/<int:pk>/", proposals.proposal, name="proposal"),
    path("propositions/<int:pk>/lheo.xml", proposals.proposal_lheo, name="proposal_lheo"),
    path("propositions/<int:pk>/projet/", proposals.proposal_project, name="proposal_project"),
    path("offre/", offers.offers, name="offers"),
    path("offre/importer/", offers.offer_import, name="offer_import"),
    path("offre/modele.csv", offers.offer_template, name="offer_template"),
    path("offre/<int:pk>/supprimer/", offers.offer_delete, name="offer_delete"),
    path("bmo/importer/", offers.bmo_import, name="bmo_import"),
    path("correspondances/", links.links, name="links"),
    path("correspondances/decider/", links.link_decide, name="link_decide"),
    path("correspondances/importer/", offers.links_import, name="links_import"),
    path("besoins/", local_needs.needs, name="needs"),
    path("besoins/declarer/", local_needs.need_create, name="need_create"),
    path("besoins/consultation/", local_needs.consultation, name="consultation"),
    path("besoins/consultation/reponses/", local_needs.consultation_take, name="consultation_take"),
    path("besoins/<int:pk>/", local_needs.need_edit, name="need_edit"),
    path("besoins/<int:pk>/supprimer/", local_needs.need_delete, name="need_delete"),
    path("dossier/", pack.pack, name="pack"),
]
