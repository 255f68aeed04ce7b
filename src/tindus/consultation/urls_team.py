from django.urls import path

from . import views_builder, views_documents, views_invitations, views_links, views_moderation, views_team

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
    path("<int:pk>/questionnaire/", views_builder.builder, name="builder"),
    path("<int:pk>/apercu/", views_builder.preview, name="preview"),
    path("<int:pk>/synthese.pdf", views_documents.summary_pdf, name="summary_pdf"),
    path("<int:pk>/liens/", views_links.link_create, name="link_create"),
    path("<int:pk>/liens/<int:link>/qr.svg", views_links.link_qr, name="link_qr"),
    path("<int:pk>/liens/<int:link>/qr.png", views_links.link_qr, {"fmt": "png"}, name="link_qr_png"),
    path("<int:pk>/moderation/", views_moderation.moderation, name="moderation"),
    path("<int:pk>/publication/", views_moderation.publish, name="publish"),
    path("<int:pk>/resultats/", views_moderation.published, name="published"),
    path("<int:pk>/resultats/reponses.<str:fmt>", views_moderation.published_export, name="published_export"),
]
