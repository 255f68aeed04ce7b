from django.urls import path

from . import views

app_name = "privacy_territory"
urlpatterns = [
    path("", views.territory_company, name="company"),
    path("effacement/", views.territory_company_erase, name="company_erase"),
]
