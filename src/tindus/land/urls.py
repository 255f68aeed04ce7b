from django.urls import include, path

app_name = "land"
urlpatterns = [
    path("", include("tindus.land.urls_dashboard")),
    path("zones/", include("tindus.land.urls_inventory")),
    path("echanges/", include("tindus.land.urls_standard")),
    path("procedure/", include("tindus.land.urls_procedure")),
    path("friches/", include("tindus.land.urls_brownfields")),
    path("offres-besoins/", include("tindus.land.urls_exchange")),
]
