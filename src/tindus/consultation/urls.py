from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    path("repondre/<str:token>/", views.answer_link, name="answer"),
    path("repondre/<str:token>/merci/", views.thanks, name="thanks"),
]
