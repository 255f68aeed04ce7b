from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    path("repondre/<str:token>/", views.answer_link, name="answer"),
    path("repondre/<str:token>/merci/", views.thanks, name="thanks"),
    path("invitation/<str:token>/", views.answer_invitation, name="invitation"),
    path("invitation/<str:token>/merci/", views.invitation_thanks, name="invitation_thanks"),
]
