from django.urls import path

from . import sign_in, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", sign_in.login, name="login"),
    path("connexion/code/", sign_in.login_code, name="login_code"),
    path("deconnexion/", views.logout, name="logout"),
    path("mot-de-passe/oubli/", views.password_reset, name="password_reset"),
    path("mot-de-passe/envoye/", views.password_reset_done, name="password_reset_done"),
    path("mot-de-passe/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("mot-de-passe/change/", views.password_reset_complete, name="password_reset_complete"),
    path("compte/", views.profile, name="profile"),
    path("compte/double-authentification/", sign_in.second_factor, name="second_factor"),
    path("territoires/<slug:slug>/membres/", views.members, name="members"),
    path("territoires/<slug:slug>/membres/<int:pk>/retirer/", views.remove_member, name="remove_member"),
]
