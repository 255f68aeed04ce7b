"""A territory's sharing with the programme's steering (/territoires/<slug>/programme/partage/)."""

from django.urls import path

from . import views_sharing

urlpatterns = [
    path("", views_sharing.sharing, name="sharing"),
    path("enregistrer/", views_sharing.sharing_save, name="sharing_save"),
]
