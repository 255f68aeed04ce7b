from django.urls import path

from . import views

app_name = "diagnostic"
urlpatterns = [
    path("territoires/<slug:slug>/diagnostic/", views.territory_diagnostic, name="territory"),
    path("diagnostic/epci/<str:siren>/", views.epci_diagnostic, name="epci"),
]
