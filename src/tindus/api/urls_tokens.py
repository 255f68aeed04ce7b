"""Web pages around the API: personal tokens (the account's and the territory team's) and the functional
documentation. The API itself is under /api/v1/ (tindus.api.urls)."""

from django.urls import path

from . import views_docs, views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("compte/jetons/", views_tokens.my_tokens, name="mine"),
    path("compte/jetons/<int:pk>/revoquer/", views_tokens.revoke_mine, name="revoke_mine"),
    path("territoires/<slug:slug>/jetons/", views_tokens.territory_tokens, name="territory"),
    path("territoires/<slug:slug>/jetons/<int:pk>/revoquer/", views_tokens.revoke_on_territory, name="revoke"),
    path("donnees-ouvertes/api/", views_docs.api_docs, name="docs"),
]
