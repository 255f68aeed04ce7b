from django.urls import path

from .views import dashboard

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("carte/", dashboard.map_view, name="map"),
    path("fiche/<int:pk>/", dashboard.zone_sheet, name="zone_sheet"),
]
