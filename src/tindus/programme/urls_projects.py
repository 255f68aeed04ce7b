"""The steering's projects across territories: a région's and the nation's."""

from django.urls import path

from . import views_projects

urlpatterns = [
    path("regions/<str:region>/projets/", views_projects.region_projects, name="region_projects"),
    path("national/projets/", views_projects.national_projects, name="national_projects"),
]
