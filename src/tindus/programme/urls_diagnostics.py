"""Diagnostics side by side: the key industrial indicators of a région's territories, and of France's."""

from django.urls import path

from . import views_diagnostics as views

urlpatterns = [
    path("regions/<str:region>/diagnostics/", views.region_diagnostics, name="region_diagnostics"),
    path("national/diagnostics/", views.national_diagnostics, name="national_diagnostics"),
]
