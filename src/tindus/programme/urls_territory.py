"""A territory's side of the programme: what it shares upward, how its axes map to the common themes."""

from django.urls import include, path

app_name = "programme_territory"
urlpatterns = [
    path("partage/", include("tindus.programme.urls_sharing")),
    path("themes/", include("tindus.programme.urls_themes")),
]
