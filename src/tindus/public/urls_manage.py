from django.urls import path

from . import views_manage as views

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("nouvelle/", views.article_edit, name="create"),
    path("<int:pk>/", views.article_edit, name="edit"),
    path("<int:pk>/publication/", views.article_publish, name="publish"),
    path("<int:pk>/apercu/", views.article_preview, name="preview"),
    path("images/<int:pk>/supprimer/", views.image_delete, name="image_delete"),
]
