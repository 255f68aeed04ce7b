"""The programme's steering pages: a région's and the nation's (docs/programme.md)."""

from django.urls import include, path

app_name = "programme"
urlpatterns = [
    path("", include("tindus.programme.urls_region")),
    path("", include("tindus.programme.urls_projects")),
    path("", include("tindus.programme.urls_diagnostics")),
    path("", include("tindus.programme.urls_report")),
]
