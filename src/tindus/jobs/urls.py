from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("historique-csv/", views.history_export, name="history_export"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/fichier/", views.download, name="download"),
]
