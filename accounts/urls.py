from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("connexion/mot-de-passe/", views.password_login, name="password_login"),
    path("connexion/lien/", views.magic_login, name="magic_login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("profil/", views.profile, name="profile"),
    path("profil/organisation/", views.switch_organisation, name="switch_organisation"),
    path("profil/jetons/", views.api_tokens, name="api_tokens"),
]
