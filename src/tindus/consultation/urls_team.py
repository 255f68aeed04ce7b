from django.urls import path

from .views import builder, documents, invitations, links, moderation, team

app_name = "consultation_team"
urlpatterns = [
    path("", team.campaigns, name="campaigns"),
    path("<int:pk>/", team.campaign_results, name="results"),
    path("<int:pk>/reponses/<str:fmt>/", team.campaign_export, name="export"),
    path("<int:pk>/invitations/", invitations.invitations, name="invitations"),
    path(
        "<int:pk>/invitations/<int:invitation>/retirer/", invitations.invitation_delete, name="invitation_delete"
    ),  # fmt: skip
    path("<int:pk>/saisie/", invitations.staff_entry, name="staff_entry"),
    path("<int:pk>/questionnaire/", builder.builder, name="builder"),
    path("<int:pk>/apercu/", builder.preview, name="preview"),
    path("<int:pk>/synthese/", documents.summary_pdf, name="summary_pdf"),
    path("<int:pk>/liens/", links.link_create, name="link_create"),
    path("<int:pk>/liens/<int:link>/qr.svg", links.link_qr, name="link_qr"),
    path("<int:pk>/liens/<int:link>/qr.png", links.link_qr, {"fmt": "png"}, name="link_qr_png"),
    path("<int:pk>/moderation/", moderation.moderation, name="moderation"),
    path("<int:pk>/publication/", moderation.publish, name="publish"),
    path("<int:pk>/resultats/", moderation.published, name="published"),
    path("<int:pk>/resultats/reponses/<str:fmt>/", moderation.published_export, name="published_export"),
]
