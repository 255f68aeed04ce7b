from django.urls import path

from .views import participants, participants_import, participants_organiser, participants_requests

urlpatterns = [
    path("<int:pk>/inscription/", participants.register, name="register"),
    path("<int:pk>/participants/", participants.participants, name="participants"),
    path("<int:pk>/participants/importer/", participants_import.registration_import, name="registration_import"),
    path(
        "<int:pk>/participants/modele.<str:fmt>",
        participants_import.registration_template,
        name="registration_template",
    ),  # fmt: skip
    path(
        "<int:pk>/participants/<int:participant>/modifier/", participants.registration_edit, name="registration_edit"
    ),  # fmt: skip
    path(
        "<int:pk>/participants/<int:participant>/retirer/",
        participants.registration_withdraw,
        name="registration_withdraw",
    ),  # fmt: skip
    path(
        "<int:pk>/participants/<int:participant>/rendez-vous/", participants_requests.my_meetings, name="my_meetings"
    ),  # fmt: skip
    path(
        "<int:pk>/participants/<int:participant>/demander/<int:other>/",
        participants_requests.request_create,
        name="request_create",
    ),  # fmt: skip
    path(
        "<int:pk>/participants/<int:participant>/suggestions/", participants_requests.suggestions, name="suggestions"
    ),  # fmt: skip
    path(
        "<int:pk>/participants/<int:participant>/suggestions/<int:other>/",
        participants_requests.suggestion_request,
        name="suggestion_request",
    ),  # fmt: skip
    path("<int:pk>/demandes/<int:request_pk>/repondre/", participants_requests.request_answer, name="request_answer"),
    path(
        "<int:pk>/demandes/<int:request_pk>/retirer/", participants_requests.request_withdraw, name="request_withdraw"
    ),  # fmt: skip
    path("<int:pk>/rencontres/", participants_organiser.meetings, name="meetings"),
    path("<int:pk>/rencontres/ajouter/", participants_organiser.meeting_add, name="meeting_add"),
    path("<int:pk>/rencontres/interdire/", participants_organiser.pair_forbid, name="pair_forbid"),
    path(
        "<int:pk>/rencontres/<int:meeting>/<slug:action>/", participants_organiser.meeting_action, name="meeting_action"
    ),  # fmt: skip
]
