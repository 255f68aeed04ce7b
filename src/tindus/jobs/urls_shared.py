"""The public address of a shared job: a document everyone may read, made once in the background."""

from django.urls import path

from . import views

app_name = "shared_jobs"
urlpatterns = [
    path("<uuid:pk>/", views.shared_detail, name="detail"),
    path("<uuid:pk>/fichier/", views.shared_download, name="download"),
]
