"""A territory's common themes (/territoires/<slug>/programme/themes/)."""

from django.urls import path

from . import views_themes

urlpatterns = [
    path("", views_themes.themes, name="themes"),
    path("enregistrer/", views_themes.themes_save, name="themes_save"),
]
