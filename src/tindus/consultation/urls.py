from django.urls import path

from .views import respondent

app_name = "consultation"
urlpatterns = [
    path("repondre/<str:token>/", respondent.answer_link, name="answer"),
    path("repondre/<str:token>/merci/", respondent.thanks, name="thanks"),
    path("invitation/<str:token>/", respondent.answer_invitation, name="invitation"),
    path("invitation/<str:token>/merci/", respondent.invitation_thanks, name="invitation_thanks"),
]
