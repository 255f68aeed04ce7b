"""The steering's entry page, a région's page and the national page."""

from django.urls import path

from . import views_region

urlpatterns = [
    path("", views_region.home, name="home"),
    path("regions/<str:region>/", views_region.region, name="region"),
    path("national/", views_region.national, name="national"),
]
