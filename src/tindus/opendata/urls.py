from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.page, name="page"),
    path("fichiers/<str:name>", views.download, name="download"),
]
