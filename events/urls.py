from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/inscription/", views.register, name="register"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/inscriptions/", views.registrations, name="registrations"),
    path("<int:pk>/satisfaction/envoyer/", views.satisfaction_send, name="satisfaction_send"),
    path("<int:pk>/satisfaction/<str:token>/", views.satisfaction_answer, name="satisfaction_answer"),
    path("<int:pk>/calendrier.ics", views.ics, name="ics"),
    path("organisations/<slug:slug>/nouveau/", views.create, name="create"),
    path("organisations/<slug:slug>/calendrier.ics", views.organisation_feed, name="organisation_feed"),
    path("reseaux/<int:pk>/calendrier.ics", views.network_feed, name="network_feed"),
    path("annulation/<str:token>/", views.cancel, name="cancel"),
    path("presence/<str:token>/", views.checkin, name="checkin"),
]
