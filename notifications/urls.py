from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("actions/<int:pk>/suivi/", views.follow, name="follow"),
    path("organisations/<slug:slug>/parametres/", views.settings_edit, name="settings"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
