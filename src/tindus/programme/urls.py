from django.urls import path  # noqa: F401 - the pages are added by the programme's pieces

app_name = "programme"
urlpatterns: list = []
