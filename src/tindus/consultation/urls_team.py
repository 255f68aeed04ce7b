from django.urls import path

from . import views_team

app_name = "consultation_team"
urlpatterns = [
    path("", views_team.campaigns, name="campaigns"),
    path("<int:pk>/", views_team.campaign_results, name="results"),
    path("<int:pk>/reponses.<str:fmt>", views_team.campaign_export, name="export"),
]
