from django.urls import path

from . import views_invitations, views_team

app_name = "consultation_team"
urlpatterns = [
    path("", views_team.campaigns, name="campaigns"),
    path("<int:pk>/", views_team.campaign_results, name="results"),
    path("<int:pk>/reponses.<str:fmt>", views_team.campaign_export, name="export"),
    path("<int:pk>/invitations/", views_invitations.invitations, name="invitations"),
    path(
        "<int:pk>/invitations/<int:invitation>/retirer/", views_invitations.invitation_delete, name="invitation_delete"
    ),  # fmt: skip
    path("<int:pk>/saisie/", views_invitations.staff_entry, name="staff_entry"),
]
