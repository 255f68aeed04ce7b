from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("", views.territory_list, name="list"),
    path("nouveau/", views.territory_create, name="create"),
    path("<slug:slug>/", views.territory_detail, name="detail"),
    path("<slug:slug>/modifier/", views.territory_edit, name="edit"),
    path("<slug:slug>/espace/", views.workspace, name="workspace"),
    path("<slug:slug>/espace/commentaires/", views.add_comment, name="add_comment"),
    path("<slug:slug>/espace/commentaires/<str:subject>/<int:pk>/", views.comment_on, name="comment_on"),
    path("<slug:slug>/historique/", views.history, name="history"),
]
