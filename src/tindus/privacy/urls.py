from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.home, name="home"),
    path("personne/export/", views.person_export, name="person_export"),
    path("personne/effacement/", views.person_erase, name="person_erase"),
    path("entreprise/export/", views.company_export, name="company_export"),
    path("entreprise/effacement/", views.company_erase, name="company_erase"),
    path("journal/", views.log, name="log"),
]
