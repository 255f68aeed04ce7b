from django.urls import path

from .views import exchange_matches, exchange_needs, exchange_offers

urlpatterns = [
    path("offres/", exchange_offers.offers, name="offers"),
    path("offres/nouvelle/", exchange_offers.offer_create, name="offer_create"),
    path("offres/<int:pk>/modifier/", exchange_offers.offer_edit, name="offer_edit"),
    path("offres/<int:pk>/supprimer/", exchange_offers.offer_delete, name="offer_delete"),
    path("besoins/", exchange_needs.needs, name="needs"),
    path("besoins/nouveau/", exchange_needs.need_create, name="need_create"),
    path("besoins/<int:pk>/modifier/", exchange_needs.need_edit, name="need_edit"),
    path("besoins/<int:pk>/supprimer/", exchange_needs.need_delete, name="need_delete"),
    path("besoins/mutualisation/", exchange_needs.need_from_pooling, name="need_from_pooling"),
    path("besoins/consultation/", exchange_needs.needs_consultation, name="needs_consultation"),
    path("besoins/consultation/reprendre/", exchange_needs.needs_from_consultation, name="needs_from_consultation"),
    path("rapprochements/", exchange_matches.matches, name="matches"),
    path("rapprochements/actualiser/", exchange_matches.matches_refresh, name="matches_refresh"),
    path("rapprochements/<int:pk>/etape/", exchange_matches.match_stage, name="match_stage"),
]
